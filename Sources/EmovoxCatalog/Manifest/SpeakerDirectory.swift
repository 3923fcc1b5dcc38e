import CSV
import Foundation

/// Resolves speaker metadata for one import from a manifest's table, speaker files (CSV, JSON),
/// the facts in file names, the parity rule and defaults.
struct SpeakerDirectory {
    private let rules: SpeakerRules
    private let csvFacts: [String: SpeakerFacts]
    private let jsonFacts: [String: SpeakerFacts]

    /// Loads the manifest's speaker files (if any), relative to `corpusDirectory` unless absolute.
    init(rules: SpeakerRules, corpusDirectory: String, manifestFile: String) throws(ManifestError) {
        self.rules = rules
        csvFacts =
            try rules.csv.map { file throws(ManifestError) in
                try Self.loadCSV(file, path: Self.resolve(file.path, in: corpusDirectory))
            } ?? [:]
        jsonFacts =
            try rules.json.map { file throws(ManifestError) in
                try SpeakerJSON.load(file, path: Self.resolve(file.path, in: corpusDirectory))
            } ?? [:]
    }

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    }

    /// Why a speaker file cannot be read ("not found", "not a regular file"), or nil. A device or
    /// FIFO named by a manifest (`/dev/zero`) would otherwise be read for ever.
    static func fileProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return "not found" }
        return status.st_mode & S_IFMT == S_IFREG ? nil : "not a regular file"
    }

    private static func loadCSV(_ csv: SpeakerRules.SpeakerFile, path: String) throws(ManifestError)
        -> [String: SpeakerFacts]
    {
        func fail(_ message: String) -> ManifestError {
            ManifestError(file: csv.place.file, line: csv.place.line, message: "speaker CSV \(path): \(message)")
        }
        if let problem = fileProblem(path) { throw fail(problem) }
        guard let stream = InputStream(fileAtPath: path) else { throw fail("not found") }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true)
        } catch {
            throw fail("unreadable (\(error))")
        }
        let header = reader.headerRow ?? []
        for column in [csv.idColumn] + csv.columns.values.sorted() where !header.contains(column) {
            throw fail("no column '\(column)' (columns: \(header.joined(separator: ", ")))")
        }
        var facts: [String: SpeakerFacts] = [:]
        while reader.next() != nil {
            guard let id = reader[csv.idColumn], !id.isEmpty else { continue }
            func value(_ field: String) -> String? {
                guard let column = csv.columns[field], let raw = reader[column], !raw.isEmpty else { return nil }
                return csv.codes[field]?[raw] ?? raw
            }
            var entry = SpeakerFacts()
            if let gender = value("gender") {
                entry.gender = Gender(rawValue: gender.lowercased()) ?? .unknown
            }
            entry.age = value("age").flatMap { Int($0) }
            entry.accent = value("accent")
            entry.nativeLanguage = value("native_language")
            entry.language = value("language")
            facts[id] = entry
        }
        return facts
    }

    /// Everything known of speaker `code`; `labelled` carries the gender and age read from the
    /// file name, used where the tables and files say nothing.
    func facts(for code: String, labelled: SampleLabels) -> SpeakerFacts {
        var facts = rules.table[code] ?? SpeakerFacts()
        if let fromCSV = csvFacts[code] { facts = facts.filled(from: fromCSV) }
        if let fromJSON = jsonFacts[code] { facts = facts.filled(from: fromJSON) }
        facts = facts.filled(from: SpeakerFacts(gender: labelled.gender, age: labelled.age))
        if facts.gender == nil, let parity = rules.parity, let number = Int(code) {
            facts.gender = number % 2 == 1 ? parity.odd : parity.even
        }
        return facts.filled(from: rules.defaults)
    }
}
