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

    /// The localized true peak must equal libebur128's whole-clip measurement exactly, including
    /// where inter-sample peaks exceed the sample peak (a tone at fs/4 sampled 45° off its crests
    /// reads 3 dB above its samples) and where the loudest samples are isolated clicks.
    @Test func localizedTruePeakEqualsTheWholeClipMeasurement() throws {
        var random = SplitMix64(seed: 17)
        func noise(_ count: Int, _ sigma: Float) -> [Float] {
            (0..<count).map { _ in sigma * (Float(random.next() % 2_000_001) / 1_000_000 - 1) }
        }
        let rate = 16_000
        let offCrest = (0..<rate).map { Float(0.5 * sin(Double.pi / 2 * Double($0) + Double.pi / 4)) }
        var clicks = noise(2 * rate, 0.01)
        for position in [100, 7_000, 31_990] { clicks[position] = position == 7_000 ? -0.9 : 0.6 }
        var burst = noise(3 * rate, 0.05)
        for i in 20_000..<20_400 { burst[i] += Float(0.7 * sin(Double(i) * 2.9)) }
        let vowel = Synth.vowel(f0: 180, duration: 1.5, sampleRate: rate)
        let signals: [(String, [Float])] = [
            ("off-crest fs/4 tone", offCrest + noise(rate, 0.2)), ("clicks", clicks), ("burst", burst),
            ("vowel", vowel), ("noise", noise(rate / 2, 0.3)), ("one sample", [0.25]),
        ]
        for (name, signal) in signals {
            let whole = try #require(try LoudnessMeter.measure(signal, sampleRate: rate, truePeak: true).truePeak)
            #expect(try LoudnessMeter.truePeak(signal, sampleRate: rate) == whole, "\(name)")
            // Asked only whether it reaches a level: exact at or below the true peak, below the
            // level above it.
            for factor in [0.5, 0.9, 1.0, 1.0001, 1.2, 2.5] {
                let level = whole * factor
                let answer = try LoudnessMeter.truePeak(signal, sampleRate: rate, atLeast: level)
                if factor <= 1 {
                    #expect(answer == whole, "\(name) at \(factor)")
                } else {
                    #expect(answer < level, "\(name) at \(factor)")
                }
            }
        }
        // Samples of the off-crest tone peak at 0.5 · sin 45° ≈ 0.354; its true peak is 0.5.
        #expect(try LoudnessMeter.truePeak(offCrest, sampleRate: rate) > 0.48)
        #expect(try LoudnessMeter.truePeak(Synth.silence(duration: 1, sampleRate: rate), sampleRate: rate) == 0)
    }
}
