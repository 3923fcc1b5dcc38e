import EmovoxAudio
import EmovoxDSP
import Foundation
import Testing

@testable import EmovoxFeatures

/// Not a test but a benchmark hook for `scripts/features_crosscheck.py`: with `EMOVOX_FEATURE_FILES`
/// (a file listing one audio path per line) and `EMOVOX_FEATURE_DUMP` (output CSV path) set, writes
/// `gemaps`, `mfcc` and `prosody` features of every listed file (one row per file, `path` first), and next to the
/// CSV a `.timing.json` with the single-threaded CPU seconds spent in `gemaps` extraction (decoding
/// excluded). Disabled (skipped) when the variables are absent. With `EMOVOX_LLD_DIR` also set, writes
/// each file's unsmoothed voice contours to `<dir>/<row>.csv` (row = 0-based line of the list), for
/// frame-level comparison with openSMILE's low-level descriptors. `EMOVOX_GEMAPS_PARAMETERS`
/// (`key=value,…`) sets `gemaps` parameters other than the defaults.
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

    /// Writes the unsmoothed `VoiceContours` of `signal` (one row per 10 ms frame) as CSV.
    static func dumpContours(
        _ signal: [Float], sampleRate: Int, gemaps: any FeatureSet, context: AnalysisContext,
        to path: String
    ) throws {
        let set = try #require(gemaps as? GemapsFeatureSet)
        let analyzer = VoiceAnalyzer(
            sampleRate: sampleRate, pitch: set.pitch, formants: set.formants, context: context)
        let c = analyzer.analyze(signal, selection: .all)
        var rows = ["f0,jitter,shimmer,hnr,f1,f2,loudness"]
        for t in 0..<c.frameCount {
            let values = [
                c.f0Semitones[t], c.jitter[t], c.shimmer[t], c.harmonicsToNoise[t],
                c.formantFrequency[0][t], c.formantFrequency[1][t], c.loudness[t],
            ]
            rows.append(values.map(format).joined(separator: ","))
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test(.enabled(if: enabled)) func dumpFeatures() throws {
        let output = try #require(Self.environment["EMOVOX_FEATURE_DUMP"])
        let list = try String(
            contentsOfFile: try #require(Self.environment["EMOVOX_FEATURE_FILES"]), encoding: .utf8)
        let paths = list.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        // EMOVOX_GEMAPS_PARAMETERS="key=value,…" overrides gemaps' defaults (for exploring them).
        var parameters = [String: Double]()
        for pair in (Self.environment["EMOVOX_GEMAPS_PARAMETERS"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Double(parts[1]) { parameters[String(parts[0])] = value }
        }
        let gemaps = try FeatureSets.make(name: "gemaps", parameters: parameters)
        let mfcc = try FeatureSets.make(name: "mfcc", parameters: [:])
        let prosody = try FeatureSets.make(name: "prosody", parameters: [:])
        let context = AnalysisContext()
        var lines = [(["path"] + gemaps.featureNames + mfcc.featureNames + prosody.featureNames).joined(separator: ",")]
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
            let p = prosody.extract(signal, sampleRate: audio.sampleRate, context: context)
            lines.append(([path] + (g + m + p).map(Self.format)).joined(separator: ","))
            if let directory = Self.environment["EMOVOX_LLD_DIR"] {
                try Self.dumpContours(
                    signal, sampleRate: audio.sampleRate, gemaps: gemaps, context: context,
                    to: "\(directory)/\(lines.count - 2).csv")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: output, atomically: false, encoding: .utf8)
        let timing =
            "{\"files\": \(paths.count), \"audio_seconds\": \(audioSeconds), \"gemaps_cpu_seconds\": \(gemapsCPU)}\n"
        try timing.write(toFile: output + ".timing.json", atomically: false, encoding: .utf8)
        #expect(lines.count == paths.count + 1)
    }
}
