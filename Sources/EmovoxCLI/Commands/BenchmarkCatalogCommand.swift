import ArgumentParser
import EmovoxAudio
import EmovoxCatalog
import EmovoxPipeline
import Foundation
import GRDB

/// `emovox benchmark-catalog` (hidden; `scripts/make_big_catalog.sh` calls it): a catalog of N
/// samples that a spec has genuinely processed, for measuring all-cached re-runs and exports at a
/// million samples without a million decodes.
///
/// Every sample has a file of its own, with its own bytes and checksum (no duplicate groups): the
/// same synthetic clip, followed by a RIFF chunk holding the sample's number, which decoders skip.
/// The clip is processed once for real; each sample then gets that result as its last-step cache
/// entry under its own keys and as its catalog rows, exactly what processing its file would have
/// stored, since its decoded audio is the clip's.
struct BenchmarkCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark-catalog", abstract: "Make a large, fully processed synthetic catalog (benchmarks).",
        shouldDisplay: false)

    @Option(help: "Samples to create.") var samples: Int
    @Option(help: "Speakers to spread them over.") var speakers = 1000
    @Option(help: "Folder for the source files.") var corpus: String
    @Option(help: "Pipeline spec whose run to record.") var spec = "default"
    @Option(help: "Step cache folder (default: emovox-cache beside the catalog).") var cache: String?
    @OptionGroup var options: CatalogOptions

    static let emotions = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]
    static let sampleRate = 16_000

    func validate() throws {
        guard samples >= 1, speakers >= 1 else { throw ValidationError("--samples and --speakers must be at least 1") }
    }

    func run() throws {
        let loaded = try LoadedSpec.load(spec)
        let pipelineCache = try PipelineCache(directory: cache ?? CacheLocation.defaultDirectory(database: options.db))
        let execution = try PipelineExecution(
            spec: loaded.spec, specText: loaded.text, cache: pipelineCache, jobs: 1, shard: .all)
        let catalog = try options.openCatalog()
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)

        let clip = Self.wave(Self.clip())
        let templatePath = corpus + "/template.wav"
        try Data(clip).write(to: URL(fileURLWithPath: templatePath))
        let template = try SourceVerifier.hash(path: templatePath)
        let processed = execution.runner.process(
            PipelineInput(sampleID: 0, path: templatePath, checksum: template.checksum, stamp: template.stamp))
        let output: SampleOutput
        switch processed {
        case .success(let value): output = value
        case .failure(let failure): throw CommandError("the template clip failed: \(failure.step): \(failure.reason)")
        }
        let header = try AudioFileInfo.read(path: templatePath)

        var run = try catalog.startRun(
            PipelineRunRecord(
                specName: loaded.spec.name, specHash: execution.specHash, specText: loaded.text,
                toolVersion: EmovoxVersion.current, shard: Shard.all.description, selection: "all", startedAt: Date()))
        let (corpusId, speakerIds) = try catalog.writer.write { db in
            try db.execute(sql: "INSERT INTO corpus (name, license) VALUES ('benchmark', 'synthetic')")
            let corpusId = db.lastInsertedRowID
            var ids: [Int64] = []
            for s in 0..<speakers {
                try db.execute(
                    sql: "INSERT INTO speaker (corpusId, code, gender, age) VALUES (?, ?, ?, ?)",
                    arguments: [corpusId, String(format: "s%05d", s), s % 2 == 0 ? "female" : "male", 20 + s % 50])
                ids.append(db.lastInsertedRowID)
            }
            return (corpusId, ids)
        }
        guard let runId = run.id else { throw CommandError("the catalog did not assign a run id") }

        let batchSize = 10_000
        var first = 0
        let bar = ProgressBar(label: "benchmark-catalog", unit: "samples")
        while first < samples {
            let range = first..<min(samples, first + batchSize)
            var rows: [(path: String, source: VerifiedSource)] = []
            for index in range {
                let relative = String(format: "%04d/%07d.wav", index / 1000, index)
                let path = corpus + "/" + relative
                if index % 1000 == 0 {
                    try FileManager.default.createDirectory(
                        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                }
                try Data(Self.tagged(clip, index)).write(to: URL(fileURLWithPath: path))
                rows.append((relative, try SourceVerifier.hash(path: path)))
            }
            let ids = try catalog.writer.write { db in
                var ids: [Int64] = []
                let insert = try db.makeStatement(
                    sql: """
                        INSERT INTO sample (corpusId, speakerId, root, path, checksum, fileSize, fileModified, container,
                          encoding, sampleRate, channels, frames, duration, language, statement, emotionOriginal,
                          emotion, intensity, vocalChannel, repetition, importedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?, ?, 'normal', 'speech', 1, ?)
                        """)
                for (offset, row) in rows.enumerated() {
                    let index = range.lowerBound + offset
                    let emotion = Self.emotions[index % Self.emotions.count]
                    try insert.execute(arguments: [
                        corpusId, speakerIds[index % speakerIds.count], corpus, row.path, row.source.checksum,
                        row.source.stamp.size, row.source.stamp.modified, header.container, header.encoding,
                        header.sampleRate, header.channels, header.frames, header.duration,
                        String(format: "%02d", index % 20), emotion, emotion, Date(),
                    ])
                    ids.append(db.lastInsertedRowID)
                }
                return ids
            }
            var results: [ProcessingResult] = []
            for (id, row) in zip(ids, rows) {
                let copy = try execution.runner.storeFinalEntry(copying: output, checksum: row.source.checksum)
                results.append(ProcessingResult(sampleId: id, output: copy))
            }
            try catalog.record(runId: runId, specHash: execution.specHash, results: results, failures: [])
            first = range.upperBound
            bar.update(done: first, total: samples)
        }
        run.selected = samples
        run.processed = samples
        run.cached = samples
        run.finishedAt = Date()
        try catalog.updateRun(run)
        print("\(samples) samples, \(speakers) speakers, spec \(loaded.spec.name) (\(execution.specHash.prefix(12)))")
    }

    /// 0.3 s of a 140 Hz vowel-like tone with a little deterministic noise, in 16-bit steps.
    static func clip() -> [Int16] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<sampleRate * 3 / 10).map { n in
            let t = Double(n) / Double(sampleRate)
            var value = 0.0
            for harmonic in 1...8 { value += sin(2 * .pi * 140 * Double(harmonic) * t) / Double(harmonic) }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(Int64(bitPattern: state >> 11) % 1000) / 1_000_000
            return Int16(max(-32767, min(32767, (0.2 * value + noise) * 32767)))
        }
    }

    /// A 16 kHz mono PCM16 WAV file of `samples`.
    static func wave(_ samples: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ text: String) { bytes += Array(text.utf8) }
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append("RIFF")
        append32(UInt32(36 + 2 * samples.count))
        append("WAVEfmt ")
        append32(16)
        append16(1)
        append16(1)
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * 2))
        append16(2)
        append16(16)
        append("data")
        append32(UInt32(2 * samples.count))
        for sample in samples { append16(UInt16(bitPattern: sample)) }
        return bytes
    }

    /// `wave` with an extra `EMVX` chunk holding `index` after the audio, and the RIFF size updated.
    static func tagged(_ wave: [UInt8], _ index: Int) -> [UInt8] {
        var bytes = wave
        bytes += Array("EMVX".utf8)
        withUnsafeBytes(of: UInt32(8).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt64(index).littleEndian) { bytes += $0 }
        let riffSize = UInt32(bytes.count - 8).littleEndian
        withUnsafeBytes(of: riffSize) { for (offset, byte) in $0.enumerated() { bytes[4 + offset] = byte } }
        return bytes
    }
}
