import EmovoxAudio
import Foundation
import GRDB

/// One file an importer wants catalogued, with its labels or the reason it cannot be.
struct ImportCandidate: Sendable {
    /// Path relative to the import root.
    var path: String
    var outcome: LabelOutcome
}

/// The shared back half of every importer: probe each file (header and checksum) in parallel, then
/// write speakers, samples and failures in batched transactions, idempotently.
struct SampleIngest {
    let catalog: Catalog
    let corpus: Corpus
    let root: String
    let speakerFacts: @Sendable (SampleLabels) -> SpeakerFacts
    let defaultLanguage: String?
    let jobs: Int

    /// Files probed per transaction: large enough to amortize commits, small enough that an
    /// interrupted import keeps most of its work.
    static let batchSize = 256

    private enum Probe: Sendable {
        case ok(SampleLabels, AudioFileInfo, FileChecksum.Result)
        case skipped
        case failed(String)
    }

    func run(_ candidates: [ImportCandidate], report: inout ImportReport, progress: (@Sendable (Int, Int) -> Void)?)
        throws
    {
        guard let corpusId = corpus.id else { throw CorpusImportError("corpus \(corpus.name) has no id") }
        // Speaker ids found so far. Rows already in the catalog are looked up inside each batch's
        // transaction, never from a snapshot taken earlier: another import of the same corpus may
        // be inserting the same speakers and samples at the same time, and the transaction's
        // write lock is what makes "look up, then insert or update" safe between processes.
        var speakerIds: [String: Int64] = [:]
        let root = self.root
        var done = 0
        for start in stride(from: 0, to: candidates.count, by: Self.batchSize) {
            let batch = Array(candidates[start..<min(start + Self.batchSize, candidates.count)])
            let probes = parallelMap(count: batch.count, jobs: jobs) { index in
                Self.probe(batch[index], root: root)
            }
            try catalog.writer.write { db in
                let now = Date()
                let existing = try Self.existingSamples(db, corpusId: corpusId, paths: batch.map(\.path))
                for (candidate, probe) in zip(batch, probes) {
                    switch probe {
                    case .skipped:
                        report.skipped += 1
                    case .failed(let reason):
                        report.failed += 1
                        report.failures.append(.init(path: candidate.path, reason: reason))
                        try ImportFailure.record(
                            db, corpusId: corpusId, root: root, path: candidate.path, reason: reason, at: now)
                    case .ok(let labels, let info, let checksum):
                        let speakerId = try speakerId(
                            for: labels, corpusId: corpusId, cache: &speakerIds, db: db)
                        var sample = makeSample(
                            path: candidate.path, labels: labels, info: info, checksum: checksum,
                            corpusId: corpusId, speakerId: speakerId, now: now)
                        if let previous = existing[candidate.path] {
                            sample.id = previous.id
                            if previous.checksum == checksum.hex {
                                report.unchanged += 1
                                // Labels may have been corrected in the manifest; the file is the same.
                                try sample.updateChanges(db, from: try Sample.fetchOne(db, key: previous.id)!)
                            } else {
                                report.changed += 1
                                report.changedPaths.append(candidate.path)
                                try sample.update(db)
                            }
                        } else {
                            try sample.insert(db)
                            report.imported += 1
                        }
                        try ImportFailure.clear(db, corpusId: corpusId, path: candidate.path)
                    }
                }
            }
            done += batch.count
            progress?(done, candidates.count)
        }
    }

    /// The catalogued samples of `corpusId` among `paths`: checksum and id by path.
    private static func existingSamples(_ db: Database, corpusId: Int64, paths: [String]) throws
        -> [String: (checksum: String, id: Int64)]
    {
        let marks = Array(repeating: "?", count: paths.count).joined(separator: ", ")
        return try Row.fetchAll(
            db, sql: "SELECT path, checksum, id FROM sample WHERE corpusId = ? AND path IN (\(marks))",
            arguments: StatementArguments([corpusId] + paths)
        ).reduce(into: [:]) { map, row in map[row["path"]] = (row["checksum"], row["id"]) }
    }

    private static func probe(_ candidate: ImportCandidate, root: String) -> Probe {
        let labels: SampleLabels
        switch candidate.outcome {
        case .skipped: return .skipped
        case .rejected(let reason): return .failed(reason)
        case .labelled(let found): labels = found
        }
        let absolute = root + "/" + candidate.path
        let info: AudioFileInfo
        do {
            info = try AudioFileInfo.read(path: absolute)
        } catch {
            return .failed("\(error.kind.rawValue)" + (error.detail.isEmpty ? "" : ": \(error.detail)"))
        }
        do {
            return .ok(labels, info, try FileChecksum.sha256(path: absolute))
        } catch {
            return .failed("cannot read the file to checksum it: \(error.reason)")
        }
    }

    private func speakerId(
        for labels: SampleLabels, corpusId: Int64, cache: inout [String: Int64], db: Database
    ) throws -> Int64 {
        let facts = speakerFacts(labels)
        var speaker = Speaker(
            corpusId: corpusId, code: labels.speaker, gender: facts.gender ?? .unknown, age: facts.age,
            accent: facts.accent, nativeLanguage: facts.nativeLanguage)
        if cache[labels.speaker] == nil,
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM speaker WHERE corpusId = ? AND code = ?",
                arguments: [corpusId, labels.speaker])
        {
            cache[labels.speaker] = id
        }
        if let id = cache[labels.speaker] {
            speaker.id = id
            // Keep speaker facts current with the manifest (a corrected age, say).
            try speaker.update(db)
            return id
        }
        try speaker.insert(db)
        cache[labels.speaker] = speaker.id!
        return speaker.id!
    }

    private func makeSample(
        path: String, labels: SampleLabels, info: AudioFileInfo, checksum: FileChecksum.Result,
        corpusId: Int64, speakerId: Int64, now: Date
    ) -> Sample {
        Sample(
            id: nil, corpusId: corpusId, speakerId: speakerId, root: root, path: path,
            checksum: checksum.hex, fileSize: checksum.size, container: info.container,
            encoding: info.encoding, sampleRate: info.sampleRate, channels: info.channels,
            frames: info.frames, duration: info.duration,
            language: labels.language ?? speakerFacts(labels).language ?? defaultLanguage,
            statement: labels.statement, transcript: labels.transcript,
            emotionOriginal: labels.emotionOriginal, emotion: labels.emotion,
            intensity: labels.intensity, vocalChannel: labels.vocalChannel,
            repetition: labels.repetition, importedAt: now, fileModified: checksum.modified)
    }
}
