import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct LoudnessMeterTests {
    /// BS.1770: a full-scale 997 Hz sine in one channel reads −3.01 LUFS, so amplitude A reads
    /// −3.01 + 20·log10(A) (the K-weighting gain near 1 kHz is ~0 dB; allow 0.1 LU).
    @Test(arguments: [1.0, 0.1, 0.01])
    func sineReadsAsBS1770Predicts(amplitude: Double) throws {
        let tone = Synth.sine(frequency: 997, amplitude: amplitude, duration: 3, sampleRate: 48_000)
        let m = try LoudnessMeter.measure(tone, sampleRate: 48_000)
        let expected = -3.01 + 20 * log10(amplitude)
        #expect(abs((m.integratedLUFS ?? .nan) - expected) < 0.1, "\(String(describing: m.integratedLUFS))")
        #expect(abs(m.samplePeak - amplitude) < amplitude * 1e-3)
        #expect((m.truePeak ?? 0) >= m.samplePeak * 0.999)
        #expect(try LoudnessMeter.measure(tone, sampleRate: 48_000, truePeak: false).truePeak == nil)
    }

    @Test func hasNoIntegratedLoudnessForShortOrSilentClips() throws {
        let short = Synth.sine(frequency: 997, amplitude: 0.5, duration: 0.3, sampleRate: 16_000)
        #expect(try LoudnessMeter.measure(short, sampleRate: 16_000).integratedLUFS == nil)
        let silence = Synth.silence(duration: 2, sampleRate: 16_000)
        let m = try LoudnessMeter.measure(silence, sampleRate: 16_000)
        #expect(m.integratedLUFS == nil)
        #expect(m.samplePeak == 0)
    }
}
