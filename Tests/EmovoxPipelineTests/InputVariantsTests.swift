import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct InputVariantsTests {
    @Test func decodePicksAChannelOrMixesThem() throws {
        let dir = try TemporaryDirectoryForCache()
        let left = Synth.sine(frequency: 300, amplitude: 0.5, duration: 1, sampleRate: 16_000)
        let right = Synth.silence(duration: 1, sampleRate: 16_000)
        let path = dir.url.appendingPathComponent("stereo.wav").path
        try AudioWriter.write(AudioBuffer(channels: [left, right], sampleRate: 16_000), to: path, format: .wavFloat)
        let input = PipelineInput(sampleID: 1, path: path, checksum: try Fixtures.checksum(path))
        func level(_ channel: String) throws -> Double {
            let spec = try Fixtures.spec("steps:\n  - decode: {channel: \(channel)}\n  - features: {sets: [level]}\n")
            let output = try #require(try Fixtures.run(spec, [input], cache: dir.cache)[1]?.success)
            #expect(output.metadata.sourceChannels == 2)
            return output.features[0].values[0]
        }
        // RMS of a 0.5 sine is −9.03 dBFS; the mix halves it (−6.02 dB); channel 1 is silent.
        #expect(abs(try level("0") + 9.03) < 0.01)
        #expect(abs(try level("mix") + 15.05) < 0.01)
        #expect(try level("1") == -.infinity)
        let spec = try Fixtures.spec("steps:\n  - decode: {channel: 2}\n")
        let failure = try #require(try Fixtures.run(spec, [input], cache: dir.cache)[1]?.failure)
        #expect(failure.step == "decode" && failure.reason.contains("channel 2"))
    }

    @Test func denoiseCanTakeItsProfileFromANoiseClip() throws {
        let dir = try TemporaryDirectoryForCache()
        // A voiced signal with no pauses: the quietest frames are not noise, so a clip is needed.
        let clean = Synth.vowel(f0: 120, duration: 2, sampleRate: 16_000, jitter: 0.01, shimmerDB: 0.5, amplitude: 0.3)
        let power = clean.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(clean.count)
        let sigma = (power / pow(10, 5.0 / 10)).squareRoot()
        let noisy = zip(clean, Synth.whiteNoise(sigma: sigma, count: clean.count, seed: 3)).map { $0 + $1 }
        let noiseClip = try Synth.writeTemporaryWAV(
            Synth.whiteNoise(sigma: sigma, count: 16_000, seed: 4), sampleRate: 16_000, in: dir.url, name: "noise.wav",
            format: .wavFloat)
        let input = try Fixtures.input(noisy, sampleRate: 16_000, id: 1, in: dir.url)
        let spec = try Fixtures.spec("steps:\n  - decode\n  - denoise: {noise_clip: \(noiseClip)}\n")
        let output = try #require(try Fixtures.run(spec, [input], cache: dir.cache)[1]?.success)
        let audio = try #require(dir.cache.audio(for: output.audioKey))
        let before = Fixtures.snr(clean: clean, estimate: noisy)
        let after = Fixtures.snr(clean: clean, estimate: audio.samples)
        #expect(after - before >= 3, "SNR \(before) → \(after) dB")
        // The clip's content is part of the key: a different clip recomputes the step.
        let other = try Synth.writeTemporaryWAV(
            Synth.whiteNoise(sigma: sigma * 2, count: 16_000, seed: 5), sampleRate: 16_000, in: dir.url,
            name: "noise2.wav", format: .wavFloat)
        let runner1 = try PipelineRunner(spec: spec, cache: dir.cache, featureSets: testFeatureSets)
        let spec2 = try Fixtures.spec("steps:\n  - decode\n  - denoise: {noise_clip: \(other)}\n")
        let runner2 = try PipelineRunner(spec: spec2, cache: dir.cache, featureSets: testFeatureSets)
        #expect(runner1.stepKeys(checksum: input.checksum)[1] != runner2.stepKeys(checksum: input.checksum)[1])
    }
}
