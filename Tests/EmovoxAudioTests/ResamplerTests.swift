import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct ResamplerTests {
    static let allConverters = Resampler.Converter.allCases

    /// Middle second of a resampled clip, away from the filter's edge transients.
    private func middle(_ x: [Float], sampleRate: Int) -> [Float] {
        let start = (x.count - sampleRate) / 2
        return Array(x[start..<(start + sampleRate)])
    }

    @Test(arguments: allConverters)
    func keepsA1kHzToneAt1kHzFrom48kHz(converter: Resampler.Converter) throws {
        let tone = Synth.sine(frequency: 1_000, amplitude: 0.5, duration: 2, sampleRate: 48_000)
        let out = try Resampler(converter: converter).resample(tone, from: 48_000, to: 16_000)
        #expect(abs(out.count - 32_000) <= 2)
        let peak = SpectralPeak.peakFrequency(middle(out, sampleRate: 16_000), sampleRate: 16_000, range: 950...1_050)
        #expect(abs(peak - 1_000) <= 1, "peak at \(peak) Hz")
        // The passband keeps the amplitude (−0.1 dB tolerance).
        let gainDB = 20 * log10(SpectralPeak.rms(out[8_000..<24_000]) / (0.5 / 2.0.squareRoot()))
        #expect(abs(gainDB) < 0.1, "passband gain \(gainDB) dB")
    }

    @Test(arguments: allConverters)
    func removesA10kHzToneAbove8kHzNyquist(converter: Resampler.Converter) throws {
        let tone = Synth.sine(frequency: 10_000, amplitude: 0.5, duration: 2, sampleRate: 48_000)
        let out = try Resampler(converter: converter).resample(tone, from: 48_000, to: 16_000)
        let attenuation = 20 * log10(SpectralPeak.rms(out[4_000..<28_000]) / (0.5 / 2.0.squareRoot()))
        #expect(attenuation <= -60, "10 kHz leaks at \(attenuation) dB")
    }

    @Test(arguments: allConverters, [22_050, 8_000])
    func convertsOtherRatesTo16kHz(converter: Resampler.Converter, sourceRate: Int) throws {
        let tone = Synth.sine(frequency: 1_000, amplitude: 0.5, duration: 2, sampleRate: sourceRate)
        let out = try Resampler(converter: converter).resample(tone, from: sourceRate, to: 16_000)
        #expect(abs(out.count - 32_000) <= 2)
        let peak = SpectralPeak.peakFrequency(middle(out, sampleRate: 16_000), sampleRate: 16_000, range: 950...1_050)
        #expect(abs(peak - 1_000) <= 1, "peak at \(peak) Hz")
        let gainDB = 20 * log10(SpectralPeak.rms(out[8_000..<24_000]) / (0.5 / 2.0.squareRoot()))
        #expect(abs(gainDB) < 0.1, "passband gain \(gainDB) dB")
    }

    @Test func isDeterministicAndRejectsBadRates() throws {
        let noise = Synth.whiteNoise(sigma: 0.1, count: 10_000, seed: 7)
        let resampler = Resampler(converter: .soxrHQ)
        #expect(
            try resampler.resample(noise, from: 44_100, to: 16_000)
                == resampler.resample(noise, from: 44_100, to: 16_000))
        #expect(try resampler.resample(noise, from: 16_000, to: 16_000) == noise)
        #expect(throws: AudioError.self) { try resampler.resample(noise, from: 0, to: 16_000) }
    }
}
