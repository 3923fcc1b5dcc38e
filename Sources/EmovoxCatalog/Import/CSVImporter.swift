import CSV
import Foundation

/// Imports any corpus listed in a CSV file: one row per recording, with columns for its path,
/// speaker and emotion and optionally gender, age, accent, language, statement, transcript and
/// intensity.
public struct CSVImporter: Sendable {
    /// Which CSV columns hold which catalog fields. Only `path` and `speaker` are required.
    public struct Columns: Sendable, Equatable {
        public var path = "path"
        public var speaker = "speaker"
        public var emotion: String? = "emotion"
        public var gender: String?
        public var age: String?
        public var accent: String?
        public var nativeLanguage: String?
        public var language: String?
        public var statement: String?
        public var transcript: String?
        public var intensity: String?
        public init() {}
    }

    public let catalog: Catalog
    public var jobs: Int

    public init(catalog: Catalog, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.catalog = catalog
        self.jobs = max(1, jobs)
    }

    /// Imports the rows of `csvPath` into corpus `corpus`. Paths are relative to `root`
    /// (default: the CSV file's directory). `emotionMap` maps the file's labels to canonical ones;
    /// without it, labels must already be canonical (any case).
    public func importCSV(
        _ csvPath: String, corpus: Corpus, columns: Columns, root: String? = nil,
        emotionMap: [String: CanonicalEmotion] = [:], progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        let started = Date()
        let csvURL = URL(fileURLWithPath: csvPath).standardizedFileURL
        let rootPath = URL(fileURLWithPath: root ?? csvURL.deletingLastPathComponent().path).standardizedFileURL.path
        let rows = try readRows(csvURL.path, columns: columns)

        var candidates: [ImportCandidate] = []
        var speakers: [String: SpeakerFacts] = [:]
        for row in rows {
            guard let relative = relativize(row.path, to: rootPath) else {
                candidates.append(
                    .init(path: row.path, outcome: .rejected("path is outside the import root \(rootPath)")))
                continue
            }
            switch label(row, emotionMap: emotionMap) {
            case .success(let labels):
                candidates.append(.init(path: relative, outcome: .labelled(labels)))
                // The first row that names a fact about a speaker wins.
                speakers[labels.speaker] = (speakers[labels.speaker] ?? SpeakerFacts()).filled(from: row.speaker)
            case .failure(let reason):
                candidates.append(.init(path: relative, outcome: .rejected("line \(row.line): \(reason.message)")))
            }
        }

        let importer = CorpusImporter(catalog: catalog, jobs: jobs)
        let stored = try importer.upsertCorpus(corpus, keepingKnownColumns: true)
        var report = ImportReport(corpus: corpus.name, root: rootPath)
        let facts = speakers
        let ingest = SampleIngest(
            catalog: catalog, corpus: stored, root: rootPath,
            speakerFacts: { facts[$0.speaker] ?? SpeakerFacts() },
            defaultLanguage: stored.languages?.split(separator: ",").first.map(String.init), jobs: jobs)
        try ingest.run(candidates, report: &report, progress: progress)
        report.duplicates = try importer.duplicateGroups(involving: corpus.name)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    private struct Row {
        var line: Int
        var path: String
        var speakerCode: String
        var emotion: String?
        var speaker: SpeakerFacts
        var language: String?
        var statement: String?
        var transcript: String?
        var intensity: String?
    }

    private struct RowError: Error { var message: String }

    private func readRows(_ path: String, columns: Columns) throws -> [Row] {
        guard FileManager.default.fileExists(atPath: path), let stream = InputStream(fileAtPath: path) else {
            throw CorpusImportError("\(path): CSV file not found")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true)
        } catch {
            throw CorpusImportError("\(path): not a readable CSV file (\(error))")
        }
        let header = reader.headerRow ?? []
        let wanted =
            [columns.path, columns.speaker]
            + [
                columns.emotion, columns.gender, columns.age, columns.accent, columns.nativeLanguage,
                columns.language, columns.statement, columns.transcript, columns.intensity,
            ].compactMap { $0 }
        if let missing = wanted.first(where: { !header.contains($0) }) {
            throw CorpusImportError(
                "\(path): no column '\(missing)' (columns: \(header.joined(separator: ", ")))")
        }
        var rows: [Row] = []
        var line = 1
        while reader.next() != nil {
            line += 1
            func value(_ column: String?) -> String? {
                guard let column, let raw = reader[column], !raw.isEmpty else { return nil }
                return raw
            }
            var speaker = SpeakerFacts()
            speaker.gender = value(columns.gender).map {
                Gender(rawValue: $0.lowercased()) ?? Self.genderSynonyms[$0.lowercased()] ?? .unknown
            }
            speaker.age = value(columns.age).flatMap { Int($0) }
            speaker.accent = value(columns.accent)
            speaker.nativeLanguage = value(columns.nativeLanguage)
            rows.append(
                Row(
                    line: line, path: value(columns.path) ?? "", speakerCode: value(columns.speaker) ?? "",
                    emotion: value(columns.emotion), speaker: speaker, language: value(columns.language),
                    statement: value(columns.statement), transcript: value(columns.transcript),
                    intensity: value(columns.intensity)))
        }
        return rows
    }

    private static let genderSynonyms: [String: Gender] = ["f": .female, "m": .male, "woman": .female, "man": .male]

    private func label(_ row: Row, emotionMap: [String: CanonicalEmotion]) -> Result<SampleLabels, RowError> {
        guard !row.path.isEmpty else { return .failure(RowError(message: "empty path")) }
        guard !row.speakerCode.isEmpty else { return .failure(RowError(message: "empty speaker")) }
        var labels = SampleLabels(speaker: row.speakerCode)
        if let emotion = row.emotion {
            labels.emotionOriginal = emotion
            guard let canonical = emotionMap[emotion] ?? CanonicalEmotion(rawValue: emotion.lowercased()) else {
                return .failure(RowError(message: "emotion '\(emotion)' is not canonical; map it with --emotion-map"))
            }
            labels.emotion = canonical
        }
        labels.language = row.language
        labels.statement = row.statement
        labels.transcript = row.transcript
        labels.intensity = row.intensity
        labels.vocalChannel = .speech
        return .success(labels)
    }

    private func relativize(_ path: String, to root: String) -> String? {
        guard path.hasPrefix("/") else { return path }
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return standardized.hasPrefix(prefix) ? String(standardized.dropFirst(prefix.count)) : nil
    }
}
