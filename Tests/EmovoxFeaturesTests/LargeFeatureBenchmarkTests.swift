import EmovoxAudio
import EmovoxDSP
import EmovoxFeatures
import Foundation
import Testing

/// Single-threaded extraction speed of `large` on 100 RAVDESS files resampled to 16 kHz. A benchmark, not a
/// test: it runs only with `EMOVOX_BENCH=1`, in a release build
/// (`EMOVOX_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter LargeFeatureBenchmark`), and
/// prints audio seconds per CPU second; `scripts/features_large_bench.py` runs it next to openSMILE on the
/// same files.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["EMOVOX_BENCH"] == "1" && LargeBenchmarkCorpus.directory != nil,
        "set EMOVOX_BENCH=1; needs ../shared/corpora/ravdess"))
struct LargeFeatureBenchmark {
    @Test func largeExtractionSpeed() throws {
        let directory = try #require(LargeBenchmarkCorpus.directory)
        let resampler = Resampler(converter: .soxrHQ)
        let signals = try LargeBenchmarkCorpus.files(directory).map { path -> [Float] in
            let buffer = try AudioBuffer.decode(path: directory.appendingPathComponent(path).path).downmixed()
            return try resampler.resample(buffer.samples, from: buffer.sampleRate, to: 16_000)
        }
        let set = LargeFeatureSet()
        let context = AnalysisContext()
        _ = set.extract(signals[0], sampleRate: 16_000, context: context)  // warm the caches
        let start = LargeBenchmarkCorpus.threadCPUSeconds()
        var checksum = 0.0
        for signal in signals {
            let values = set.extract(signal, sampleRate: 16_000, context: context)
            checksum += values[0]
        }
        let cpu = LargeBenchmarkCorpus.threadCPUSeconds() - start
        let audio = signals.reduce(0.0) { $0 + Double($1.count) } / 16_000
        print(
            "LARGE_BENCH files=\(signals.count) audio_s=\(audio) cpu_s=\(cpu) audio_s_per_cpu_s=\(audio / cpu)"
                + " features=\(LargeFeatureSet.names.count) checksum=\(checksum)")
        #expect(checksum.isFinite)
    }
}

/// The RAVDESS files the benchmark reads.
enum LargeBenchmarkCorpus {
    static let directory: URL? = {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("../shared/corpora/ravdess").standardized
        return FileManager.default.fileExists(atPath: directory.path) ? directory : nil
    }()

    /// Files `i·N/100` (i = 0…99) of the sorted relative paths: spread over all actors and emotions.
    /// `scripts/features_large_bench.py` picks the same files by the same rule.
    static func files(_ directory: URL) -> [String] {
        let all =
            (FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".flac") }.sorted()
        guard !all.isEmpty else { return [] }
        return (0..<100).map { all[$0 * all.count / 100] }
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
