import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Throughput measurements on RAVDESS, run by `scripts/bench_pipeline.sh` (release build).
/// Skipped unless `EMOVOX_BENCH=1`; prints figures, asserts nothing about speed.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["EMOVOX_BENCH"] == "1" && Fixtures.hasRavdess))
struct PipelineBenchmark {
    /// User and system CPU seconds used by this process so far.
    static func cpuTimes() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return (user, system)
    }

    static func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static var inputs: [PipelineInput] {
        get throws {
            let actors = Int(ProcessInfo.processInfo.environment["EMOVOX_BENCH_ACTORS"] ?? "4") ?? 4
            return try ravdessFiles(actors: (1...actors).map { String(format: "Actor_%02d", $0) }, perActor: 60)
        }
    }

    static func measure(_ label: String, audioSeconds: Double, _ body: () throws -> Void) rethrows -> (
        cpu: Double, wall: Double
    ) {
        let (user0, system0) = cpuTimes()
        let wall0 = wallSeconds()
        try body()
        let (user1, system1) = cpuTimes()
        let system = system1 - system0
        let cpu = user1 - user0 + system
        let wall = wallSeconds() - wall0
        print(
            String(
                format:
                    "BENCH %-34@ cpu %7.2f s (sys %5.2f)  wall %7.2f s  %8.1f audio-s/cpu-s  %8.1f audio-s/wall-s",
                label as NSString, cpu, system, wall, audioSeconds / cpu, audioSeconds / wall))
        return (cpu, wall)
    }

    /// The floor's work: decode, downmix and resample every input to 16 kHz, nothing else. The
    /// resampled clips are returned only when `keep` is set (keeping them costs memory traffic).
    static func decodeAndResample(_ inputs: [PipelineInput], converter: Resampler.Converter, keep: Bool) throws
        -> [[Float]]
    {
        let resampler = Resampler(converter: converter)
        var kept: [[Float]] = []
        for input in inputs {
            let audio = try AudioBuffer.decode(path: input.path).downmixed()
            let output = try resampler.resample(audio.samples, from: audio.sampleRate, to: 16_000)
            if keep { kept.append(output) }
        }
        return kept
    }

    @Test func coldWarmAndFloor() throws {
        let inputs = try Self.inputs
        let audioSeconds = try inputs.reduce(0.0) { $0 + (try AudioFileInfo.read(path: $1.path)).duration }
        print("BENCH files \(inputs.count), audio \(String(format: "%.1f", audioSeconds)) s")

        // The floor: bare decode + resample with each converter, nothing else (for the converter
        // table; the cold runs below are compared with floors measured next to them).
        let quick = ProcessInfo.processInfo.environment["EMOVOX_BENCH_QUICK"] == "1"
        for converter in Resampler.Converter.allCases where !quick || converter.isSoxr {
            _ = try Self.measure("floor decode+\(converter.rawValue)", audioSeconds: audioSeconds) {
                _ = try Self.decodeAndResample(inputs, converter: converter, keep: false)
            }
        }
        _ = try Self.measure("decode only", audioSeconds: audioSeconds) {
            for input in inputs { _ = try AudioBuffer.decode(path: input.path) }
        }

        // Where the cold pipeline's time goes beyond the floor (soxr_hq), one component at a time.
        var resampled: [[Float]] = []
        _ = try Self.measure("part: decode+soxr_hq (kept)", audioSeconds: audioSeconds) {
            resampled = try Self.decodeAndResample(inputs, converter: .soxrHQ, keep: true)
        }
        _ = try Self.measure("part: loudness (no true peak)", audioSeconds: audioSeconds) {
            for x in resampled { _ = try LoudnessMeter.measure(x, sampleRate: 16_000, truePeak: false) }
        }
        _ = try Self.measure("part: loudness + true peak", audioSeconds: audioSeconds) {
            for x in resampled { _ = try LoudnessMeter.measure(x, sampleRate: 16_000, truePeak: true) }
        }
        _ = try Self.measure("part: localized true peak only", audioSeconds: audioSeconds) {
            for x in resampled { _ = try LoudnessMeter.truePeak(x, sampleRate: 16_000) }
        }
        let partsDir = try TemporaryDirectory()
        let partsCache = try PipelineCache(directory: partsDir.url.appendingPathComponent("c").path)
        let decodeOnly = try PipelineRunner(
            spec: try Fixtures.spec("steps:\n  - decode\n"), cache: partsCache, featureSets: testFeatureSets,
            options: .init(jobs: 1))
        _ = Self.measure("part: decode step (decode+48k entry)", audioSeconds: audioSeconds) {
            decodeOnly.run(inputs) { _, _ in }
        }
        resampled = []

        let dir = try TemporaryDirectory()
        for converter in quick ? [Resampler.Converter.soxrHQ] : [.sincMedium, .soxrHQ] {
            // The shipped default spec, ending (as it does) with a features step, here the cheap
            // test set so the figures measure the pipeline rather than feature extraction.
            var spec = try defaultSpecWithTestFeatures()
            spec.steps = spec.steps.map { step in
                guard case .resample(var resample) = step else { return step }
                resample.converter = converter
                return .resample(resample)
            }
            func run(_ cache: PipelineCache, jobs: Int) throws {
                let runner = try PipelineRunner(
                    spec: spec, cache: cache, featureSets: testFeatureSets, options: .init(jobs: jobs))
                var failed = 0
                runner.run(inputs) { _, result in if case .failure = result { failed += 1 } }
                #expect(failed == 0)
            }
            let name = converter.rawValue
            // Floor and cold run alternate, each repetition with a fresh cache and after `sync()`
            // so one run's dirty pages are not written back during the next; the median ratio
            // is reported with its range (single runs on a shared VM vary by ±25 %).
            let repetitions = Int(ProcessInfo.processInfo.environment["EMOVOX_BENCH_REPEAT"] ?? "3") ?? 3
            var ratios: [Double] = []
            var cold = (cpu: 0.0, wall: 0.0)
            var cache1 = try PipelineCache(directory: dir.url.appendingPathComponent("\(name)-0").path)
            for repetition in 0..<max(1, repetitions) {
                sync()
                let floor = try Self.measure("floor decode+\(name) #\(repetition)", audioSeconds: audioSeconds) {
                    _ = try Self.decodeAndResample(inputs, converter: converter, keep: false)
                }
                sync()
                cache1 = try PipelineCache(directory: dir.url.appendingPathComponent("\(name)-\(repetition)").path)
                let cache = cache1
                cold = try Self.measure("cold \(name) jobs=1 #\(repetition)", audioSeconds: audioSeconds) {
                    try run(cache, jobs: 1)
                }
                ratios.append(floor.cpu / cold.cpu)
            }
            ratios.sort()
            let warmCache = cache1
            let warm = try Self.measure("warm \(name) jobs=1", audioSeconds: audioSeconds) {
                try run(warmCache, jobs: 1)
            }
            sync()
            let cache2 = try PipelineCache(directory: dir.url.appendingPathComponent("\(name)-jobs2").path)
            let cold2 = try Self.measure("cold \(name) jobs=2", audioSeconds: audioSeconds) { try run(cache2, jobs: 2) }
            let stats = cache1.stats()
            print(
                String(
                    format:
                        "BENCH %@: cold/floor throughput per cpu-s median %.2f (%.2f–%.2f over %d); warm/cold speed-up (cpu) %.0fx (wall) %.0fx; jobs 1→2 wall speed-up %.2fx, cpu %.2f→%.2f s; cache %d entries %.1f MB",
                    name as NSString, ratios[ratios.count / 2], ratios.first!, ratios.last!, ratios.count,
                    cold.cpu / warm.cpu, cold.wall / warm.wall,
                    cold.wall / cold2.wall, cold.cpu, cold2.cpu, stats.entries, Double(stats.bytes) / 1e6))
        }
    }
}
