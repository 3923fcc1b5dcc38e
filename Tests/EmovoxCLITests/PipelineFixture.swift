import EmovoxAudio
import EmovoxTestSupport
import Foundation

/// A small synthetic RAVDESS-layout corpus, a catalog it is imported into, and a tiny spec.
struct PipelineFixture {
    let directory: TemporaryDirectory
    let corpusPath: String
    let database: String
    /// Paths relative to the corpus folder, in generation order.
    let files: [String]

    /// Generates `count` distinct 0.5 s vowel clips and imports them; `firstIndex + count` ≤ 128.
    /// Fixtures with disjoint index ranges hold no identical files.
    init(count: Int, import shouldImport: Bool = true, firstIndex: Int = 0) throws {
        directory = try TemporaryDirectory()
        corpusPath = directory.path + "/corpus"
        database = directory.path + "/catalog.sqlite"
        var files: [String] = []
        for index in firstIndex..<firstIndex + count {
            let actor = index % 4 + 1
            let emotion = index / 4 % 8 + 1
            let statement = index / 32 % 2 + 1
            let repetition = index / 64 % 2 + 1
            let name = String(
                format: "Actor_%02d/03-01-%02d-01-%02d-%02d-%02d.wav", actor, emotion, statement, repetition, actor)
            let url = URL(fileURLWithPath: corpusPath + "/" + name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Leading and trailing silence for trim; a distinct pitch and seed make every file unique.
            let rate = 22_050
            let voiced = Synth.vowel(
                f0: 110 + 9 * Double(index), duration: 0.4, sampleRate: rate, jitter: 0.01,
                amplitude: 0.3, seed: UInt64(index + 1))
            let silence = Synth.silence(duration: 0.05, sampleRate: rate)
            try AudioWriter.write(AudioBuffer(mono: silence + voiced + silence, sampleRate: rate), to: url.path)
            files.append(name)
        }
        self.files = files
        if shouldImport {
            let result = try EmovoxProcess.run(["import", "ravdess", corpusPath, "--db", database])
            guard result.status == 0 else { throw FixtureError("import failed: \(result.stderr)") }
        }
    }

    /// Writes the test spec (decode, resample to 16 kHz, trim, normalize to `target`, prosody).
    func spec(target: Int = -23, name: String = "tiny") throws -> String {
        let path = directory.path + "/\(name)\(target).yaml"
        let text = """
            name: \(name)
            steps:
              - decode: {channel: mix}
              - resample: {rate: 16000, converter: sinc_fastest}
              - trim: {threshold_db: -40, margin_ms: 50}
              - normalize: {method: loudness, target: \(target)}
              - features: {sets: [prosody]}

            """
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// `emovox <arguments> --db <database>`.
    func emovox(_ arguments: [String]) throws -> EmovoxProcess.Output {
        try EmovoxProcess.run(arguments + ["--db", database])
    }

    /// `emovox run <spec> --json` plus extra arguments; fails the caller when the output is not JSON.
    func run(_ spec: String, _ extra: [String] = []) throws -> (EmovoxProcess.Output, [String: Any]) {
        let output = try emovox(["run", spec, "--json"] + extra)
        return (output, try output.json())
    }

    /// `emovox features export --set prosody,level` into `<name>.csv`, returned as text.
    func exportFeatures(_ name: String) throws -> String {
        let out = directory.path + "/\(name).csv"
        let result = try emovox(["features", "export", "--set", "prosody,level", "--out", out])
        guard result.status == 0 else { throw FixtureError("features export failed: \(result.stderr)") }
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
