import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

/// RAVDESS files under `../shared/corpora/ravdess`, sorted, `perActor` from each listed actor.
func ravdessFiles(actors: [String], perActor: Int) throws -> [PipelineInput] {
    var inputs: [PipelineInput] = []
    for actor in actors {
        let dir = Fixtures.ravdess.appendingPathComponent(actor)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".flac") }
            .sorted()
        for name in names.prefix(perActor) {
            let path = dir.appendingPathComponent(name).path
            inputs.append(
                PipelineInput(sampleID: Int64(inputs.count + 1), path: path, checksum: try Fixtures.checksum(path)))
        }
    }
    return inputs
}

/// The shipped default spec with the feature sets replaced by the test set (the real registry
/// lives in EmovoxFeatures and is wired by the CLI).
func defaultSpecWithTestFeatures(dropFeatures: Bool = false) throws -> PipelineSpec {
    var spec = try PipelineSpec.load(path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yaml").path)
    spec.steps = spec.steps.compactMap { step in
        guard case .features = step else { return step }
        return dropFeatures ? nil : .features(FeaturesStep(sets: [.init(name: "level")]))
    }
    return spec
}

@Suite(.enabled(if: Fixtures.hasRavdess, "RAVDESS corpus not present"))
struct RavdessPipelineTests {
    @Test func defaultSpecProcessesRealRecordingsOfTwoActors() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try ravdessFiles(actors: ["Actor_01", "Actor_02"], perActor: 3)
        let results = try Fixtures.run(try defaultSpecWithTestFeatures(), inputs, cache: dir.cache, jobs: 2)
        #expect(results.count == 6)
        for input in inputs {
            let output = try #require(
                results[input.sampleID]?.success, "\(input.path): \(String(describing: results[input.sampleID]))")
            let m = output.metadata
            #expect(m.sourceSampleRate == 48_000 && m.processedSampleRate == 16_000)
            // RAVDESS clips carry ~1 s of room tone around the sentence; trimming must remove some.
            let trimmed = try #require(m.trimmedDuration)
            #expect(trimmed < m.originalDuration - 0.3 && trimmed > 0.8, "\(m.originalDuration) → \(trimmed)")
            #expect(m.voicedProportion > 0.2 && m.voicedProportion < 1)
            let audio = try #require(dir.cache.audio(for: output.audioKey))
            let after = try LoudnessMeter.measure(audio.samples, sampleRate: audio.sampleRate)
            #expect(20 * log10(after.truePeak ?? .infinity) <= -1 + 0.05)
            if !m.gainCapped {
                #expect(
                    abs((after.integratedLUFS ?? 0) + 23) <= 0.2,
                    "\(input.path): \(String(describing: after.integratedLUFS))")
            }
            #expect(output.features.first?.values.count == 2)
        }
    }
}
