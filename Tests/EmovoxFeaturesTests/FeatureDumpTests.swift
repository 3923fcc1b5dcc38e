import EmovoxAudio
import EmovoxDSP
import EmovoxFeatures
import Foundation
import Testing

/// Not a test but a benchmark hook for `scripts/features_crosscheck.py`: with `EMOVOX_FEATURE_FILES`
/// (a file listing one audio path per line) and `EMOVOX_FEATURE_DUMP` (output CSV path) set, writes
/// `gemaps` and `mfcc` features of every listed file (one row per file, `path` first), and next to the
/// CSV a `.timing.json` with the single-threaded CPU seconds spent in `gemaps` extraction (decoding
/// excluded). Disabled (skipped) when the variables are absent.
@Suite struct FeatureDumpTests {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled =
        environment["EMOVOX_FEATURE_DUMP"] != nil && environment["EMOVOX_FEATURE_FILES"] != nil

    /// CPU time of the calling thread in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func format(_ value: Double) -> String { value.isNaN ? "" : "\(value)" }

    @Test(.enabled(if: enabled)) func dumpFeatures() throws {
        let output = try #require(Self.environment["EMOVOX_FEATURE_DUMP"])
        let list = try String(
            contentsOfFile: try #require(Self.environment["EMOVOX_FEATURE_FILES"]), encoding: .utf8)
        let paths = list.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let gemaps = try FeatureSets.make(name: "gemaps", parameters: [:])
        let mfcc = try FeatureSets.make(name: "mfcc", parameters: [:])
        let context = AnalysisContext()
        var lines = [(["path"] + gemaps.featureNames + mfcc.featureNames).joined(separator: ",")]
        var gemapsCPU = 0.0
        var audioSeconds = 0.0
        for path in paths {
            let audio = try AudioBuffer.decode(path: path).downmixed()
            let signal = audio.samples
            let before = Self.threadCPUSeconds()
            let g = gemaps.extract(signal, sampleRate: audio.sampleRate, context: context)
            gemapsCPU += Self.threadCPUSeconds() - before
            audioSeconds += audio.duration
            let m = mfcc.extract(signal, sampleRate: audio.sampleRate, context: context)
            lines.append(([path] + (g + m).map(Self.format)).joined(separator: ","))
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: output, atomically: true, encoding: .utf8)
        let timing =
            "{\"files\": \(paths.count), \"audio_seconds\": \(audioSeconds), \"gemaps_cpu_seconds\": \(gemapsCPU)}\n"
        try timing.write(toFile: output + ".timing.json", atomically: true, encoding: .utf8)
        #expect(lines.count == paths.count + 1)
    }
}
