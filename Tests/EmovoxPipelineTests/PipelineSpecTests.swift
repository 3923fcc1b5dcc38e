import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct PipelineSpecTests {
    @Test func parsesTheShippedSpecsIntoTypedSteps() throws {
        let spec = try PipelineSpec.load(
            path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yaml").path)
        #expect(spec.name == "default")
        #expect(spec.steps.map(\.name) == ["decode", "resample", "trim", "normalize", "features"])
        #expect(spec.steps[1] == .resample(ResampleStep(rate: 16_000, converter: .soxrHQ)))
        #expect(spec.steps[3] == .normalize(NormalizeStep(method: .loudness, target: -23)))
        guard case .features(let features) = spec.steps[4] else { Issue.record("no features step"); return }
        #expect(features.sets.map(\.name) == ["prosody", "gemaps", "mfcc"])

        let denoise = try PipelineSpec.load(
            path: Fixtures.packageRoot.appendingPathComponent("Pipelines/denoise.yaml").path)
        #expect(denoise.steps.contains { if case .denoise = $0 { true } else { false } })

        let enhance = try PipelineSpec.load(
            path: Fixtures.packageRoot.appendingPathComponent("Pipelines/enhance.yaml").path)
        #expect(enhance.steps.map(\.name) == ["decode", "resample", "enhance", "trim", "normalize", "features"])
        #expect(enhance.steps[2] == .enhance(EnhanceStep(gainFloorDB: -15)))
    }

    @Test func enhanceParametersBecomeTheEnhancersSettings() throws {
        let spec = try PipelineSpec.parse(
            yaml:
                "steps:\n  - decode\n  - enhance: {frame_ms: 32, min_window_ms: 800, gain_floor_db: -10, smooth_hz: 100}\n",
            file: "e.yaml")
        guard case .enhance(let step) = spec.steps[1] else { Issue.record("no enhance step"); return }
        let enhancer = step.enhancer(sampleRate: 16_000)
        #expect(enhancer.fftSize == 512)
        // 800 ms of 8 ms hops; 100 Hz of 31.25 Hz bins.
        #expect(enhancer.tracker.minimumWindowFrames == 100)
        #expect(enhancer.smoothing.halfWidth == 3)
        #expect(enhancer.gain.gainFloorDB == -10)
        #expect(step.enhancer(sampleRate: 48_000).fftSize == 1_536)
        #expect(throws: PipelineSpecError.self) {
            try PipelineSpec.parse(yaml: "steps:\n  - decode\n  - enhance: {gain_floor_db: 3}\n", file: "e.yaml")
        }
    }

    /// Each bad spec must fail with the spec file's name, the offending line and a message naming the problem.
    @Test(arguments: [
        ("steps:\n  - decode\n  - resampel: {rate: 16000}\n", 3, "unknown step 'resampel'"),
        (
            "steps:\n  - decode\n  - resample:\n      rate: 16000\n      quality: best\n", 5,
            "unknown parameter 'quality'"
        ),
        ("steps:\n  - decode\n  - resample: {rate: fast}\n", 3, "must be an integer"),
        ("steps:\n  - decode\n  - trim:\n      threshold_db: 12\n", 4, "out of range"),
        ("steps:\n  - decode\n  - normalize: {method: lufs}\n", 3, "must be one of loudness, peak, rms"),
        ("steps:\n  - resample: {rate: 16000}\n", 2, "first step must be 'decode'"),
        ("steps:\n  - decode\n  - features: {sets: prosody}\n", 3, "must be a list"),
        ("name: x\nsteps:\n  - decode\n  - trim: {margin_ms: [1, 2]}\n", 4, "must be a number"),
        ("steps:\n  - decode\n  - trim: {margin_ms: 10\n", 4, "invalid YAML"),
    ])
    func reportsFileLineAndReason(yaml: String, line: Int, message: String) {
        do {
            _ = try PipelineSpec.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("accepted an invalid spec")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line): "))
        }
    }

    @Test func unknownFeatureSetIsASpecErrorOnItsLine() throws {
        let spec = try Fixtures.spec(
            "steps:\n  - decode\n  - features:\n      sets:\n        - level\n        - pitchy\n")
        let dir = try TemporaryDirectoryForCache()
        #expect {
            _ = try PipelineRunner(spec: spec, cache: dir.cache, featureSets: testFeatureSets)
        } throws: { error in
            guard let error = error as? PipelineSpecError else { return false }
            return error.line == 6 && error.message.contains("pitchy")
        }
    }

    @Test func parametersDefaultWhenOmitted() throws {
        let spec = try Fixtures.spec("steps:\n  - decode\n  - trim\n  - normalize: {method: rms}\n  - resample:\n")
        #expect(spec.steps[1] == .trim(TrimStep()))
        #expect(spec.steps[2] == .normalize(NormalizeStep(method: .rms, target: -20)))
        #expect(spec.steps[3] == .resample(ResampleStep(rate: 16_000, converter: ResampleStep.defaultConverter)))
    }
}

/// A scratch cache directory.
final class TemporaryDirectoryForCache {
    let directory: TemporaryDirectory
    let cache: PipelineCache
    init() throws {
        directory = try TemporaryDirectory()
        cache = try PipelineCache(directory: directory.url.appendingPathComponent("cache").path)
    }
    var url: URL { directory.url }
}
