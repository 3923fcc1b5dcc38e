import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation

/// Test inputs and a small harness around `PipelineRunner`.
enum Fixtures {
    static let espeakPath = "/usr/bin/espeak-ng"
    static var hasEspeak: Bool { FileManager.default.isExecutableFile(atPath: espeakPath) }

    /// Package root: three levels up from this file (Tests/EmovoxPipelineTests/Support).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let ravdess = packageRoot.appendingPathComponent("../shared/corpora/ravdess").standardizedFileURL
    static var hasRavdess: Bool { FileManager.default.fileExists(atPath: ravdess.path) }

    /// Real synthetic speech from espeak-ng (22,050 Hz mono), decoded.
    static func speech(_ text: String, in directory: URL, name: String = "speech.wav") throws -> AudioBuffer {
        let path = directory.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeakPath)
        process.arguments = ["-w", path, text]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try AudioBuffer.decode(path: path).downmixed()
    }

    /// Writes `samples` as float WAV and returns a pipeline input whose checksum is the content's hash.
    static func input(_ samples: [Float], sampleRate: Int, id: Int64, in directory: URL) throws -> PipelineInput {
        let path = try Synth.writeTemporaryWAV(
            samples, sampleRate: sampleRate, in: directory, name: "s\(id).wav", format: .wavFloat)
        return PipelineInput(sampleID: id, path: path, checksum: try checksum(path))
    }

    /// A stand-in for the catalog's file checksum (content-derived, so equal files share keys).
    static func checksum(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + "-\(data.count)"
    }

    /// Distinct synthetic vowels, 0.8 s each at 22,050 Hz with a little leading silence.
    static func vowelInputs(count: Int, in directory: URL, firstID: Int64 = 1) throws -> [PipelineInput] {
        try (0..<count).map { i in
            let vowel = Synth.vowel(
                f0: 110 + 17 * Double(i), duration: 0.8, sampleRate: 22_050, jitter: 0.01,
                amplitude: 0.2 + 0.05 * Double(i),
                seed: UInt64(i + 1))
            let signal = Synth.silence(duration: 0.2, sampleRate: 22_050) + vowel
            return try input(signal, sampleRate: 22_050, id: firstID + Int64(i), in: directory)
        }
    }

    static func spec(_ yaml: String) throws -> PipelineSpec {
        try PipelineSpec.parse(yaml: yaml, file: "test.yaml")
    }

    /// Runs and returns results keyed by sample ID.
    static func run(
        _ spec: PipelineSpec, _ inputs: [PipelineInput], cache: PipelineCache, jobs: Int = 1,
        shard: Shard = .all, cancellation: PipelineCancellation? = nil
    ) throws -> [Int64: Result<SampleOutput, PipelineFailure>] {
        let runner = try PipelineRunner(
            spec: spec, cache: cache, featureSets: testFeatureSets,
            options: .init(jobs: jobs, shard: shard, cancellation: cancellation))
        var results: [Int64: Result<SampleOutput, PipelineFailure>] = [:]
        runner.run(inputs) { input, result in results[input.sampleID] = result }
        return results
    }

    /// Signal-to-noise ratio of `estimate` against `clean`, dB.
    static func snr(clean: [Float], estimate: [Float]) -> Double {
        var signal = 0.0
        var error = 0.0
        for i in 0..<min(clean.count, estimate.count) {
            signal += Double(clean[i]) * Double(clean[i])
            let e = Double(estimate[i]) - Double(clean[i])
            error += e * e
        }
        return 10 * log10(signal / error)
    }
}

extension Result {
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
