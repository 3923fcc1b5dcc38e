import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct MonoDecoderTests {
    /// 2.7 s of 48 kHz stereo float: a vowel on the left, another vowel plus noise on the right.
    static func writeStereo(in dir: TemporaryDirectory, name: String = "stereo.wav") throws -> String {
        let rate = 48_000
        let left = Synth.vowel(f0: 140, duration: 2.7, sampleRate: rate, jitter: 0.01, seed: 3)
        let noise = Synth.whiteNoise(sigma: 0.05, count: left.count, seed: 9)
        let right = zip(Synth.vowel(f0: 210, duration: 2.7, sampleRate: rate, seed: 4), noise).map { $0 + $1 }
        let path = dir.path + "/" + name
        try AudioWriter.write(AudioBuffer(channels: [left, right], sampleRate: rate), to: path, format: .wavFloat)
        return path
    }

    @Test(arguments: [Resampler.Converter.soxrHQ, .soxrVHQ, .sincFastest, .sincMedium])
    func blockwiseDecodeAndResampleGiveTheWholeFileSamples(converter: Resampler.Converter) throws {
        let dir = try TemporaryDirectory()
        let path = try Self.writeStereo(in: dir)
        let whole = try AudioBuffer.decode(path: path).downmixed()
        let expected = try Resampler(converter: converter).resample(whole.samples, from: 48_000, to: 16_000)
        // Block sizes that divide the file unevenly, and one larger than the file.
        for blockFrames in [1_000, 4_096, MonoDecoder.defaultBlockFrames, 1 << 20] {
            let decoded = try MonoDecoder(
                resampling: .init(rate: 16_000, converter: converter), blockFrames: blockFrames
            ).decode(path: path)
            #expect(decoded.sampleRate == 16_000)
            #expect(decoded.samples.count == expected.count)
            let worst = zip(decoded.samples, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-7, "block \(blockFrames): max difference \(worst)")
            // In fact bit-identical: the libraries keep their state across blocks.
            #expect(decoded.samples == expected, "block \(blockFrames)")
            #expect(decoded.decodedFrames == whole.frameCount)
            #expect(decoded.source.channels == 2)
        }
    }

    @Test func blockwiseDecodeWithoutResamplingMatchesDownmixAndChannelSelection() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.writeStereo(in: dir)
        let whole = try AudioBuffer.decode(path: path)
        let mixed = try MonoDecoder(blockFrames: 3_000).decode(path: path)
        #expect(mixed.sampleRate == 48_000)
        #expect(mixed.samples == whole.downmixed().samples)
        let right = try MonoDecoder(channel: .index(1), blockFrames: 3_000).decode(path: path)
        #expect(right.samples == whole.channels[1])
        #expect(throws: AudioError.self) { try MonoDecoder(channel: .index(2)).decode(path: path) }
    }

    @Test func nonFiniteSamplesFailWithTheirCountUnlessReplacedBySilence() throws {
        let dir = try TemporaryDirectory()
        var samples = Synth.vowel(f0: 150, duration: 1, sampleRate: 16_000, seed: 2)
        samples[1_600] = .nan
        samples[1_601] = .nan
        samples[8_000] = .infinity
        samples[12_000] = -.infinity
        let path = try Synth.writeTemporaryWAV(
            samples, sampleRate: 16_000, in: dir.url, name: "nan.wav", format: .wavFloat)
        for decoder in [
            MonoDecoder(), MonoDecoder(resampling: .init(rate: 8_000, converter: .soxrHQ), blockFrames: 1_000),
        ] {
            do {
                _ = try decoder.decode(path: path)
                Issue.record("a file with NaN and ±Inf samples decoded")
            } catch {
                #expect(error.kind == .nonFinite)
                #expect(error.path == path)
                #expect(error.detail.hasPrefix("4 NaN or ±Inf samples, the first at 0.100 s"), "\(error)")
            }
        }
        #expect(throws: AudioError.self) { try AudioBuffer.decode(path: path) }

        let repaired = try MonoDecoder(nonFinite: .zero).decode(path: path)
        #expect(repaired.repairedSamples == 4)
        #expect(!repaired.samples.contains { !$0.isFinite })
        #expect(repaired.samples[1_600] == 0 && repaired.samples[12_000] == 0)
        #expect(repaired.samples[100] == samples[100])
        let wholeRepaired = try AudioBuffer.decode(path: path, nonFinite: .zero)
        #expect(wholeRepaired.samples == repaired.samples)
    }
}
