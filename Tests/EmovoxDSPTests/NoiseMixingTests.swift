import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct NoiseMixingTests {
    static func meanSquare(_ x: ArraySlice<Float>) -> Double {
        x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)
    }

    /// Band power (mean periodogram over 1024-point Hann frames) between two frequencies.
    static func bandPower(_ x: [Float], from low: Double, to high: Double, sampleRate: Int) -> Double {
        let n = 1024
        let fft = RealFFT(size: n)
        let window = WindowFunction.hann(periodic: true).coefficients(length: n)
        var power = [Float](repeating: 0, count: fft.binCount)
        var total = 0.0
        var count = 0
        for start in stride(from: 0, to: x.count - n, by: n / 2) {
            let frame = (0..<n).map { x[start + $0] * window[$0] }
            frame.withUnsafeBufferPointer { f in power.withUnsafeMutableBufferPointer { fft.powerSpectrum(f, into: $0) }
            }
            for k in 0..<fft.binCount {
                let f = Double(k) * Double(sampleRate) / Double(n)
                if f >= low && f < high {
                    total += Double(power[k])
                    count += 1
                }
            }
        }
        return total / Double(max(1, count))
    }

    @Test func whiteNoiseHasUnitVarianceAndIsSeeded() {
        var a = SeededRandom(seed: 7)
        var b = SeededRandom(seed: 7)
        var c = SeededRandom(seed: 8)
        let x = NoiseGenerator.white(count: 100_000, random: &a)
        #expect(x == NoiseGenerator.white(count: 100_000, random: &b))
        #expect(x != NoiseGenerator.white(count: 100_000, random: &c))
        #expect(abs(Self.meanSquare(x[...]) - 1) < 0.02)
        #expect(abs(x.reduce(0.0) { $0 + Double($1) } / 100_000) < 0.02)
    }

    @Test func pinkNoiseFallsThreeDecibelsPerOctave() {
        var random = SeededRandom(seed: 3)
        let pink = NoiseGenerator.pink(count: 16_000 * 20, random: &random)
        #expect(abs(Self.meanSquare(pink[...]) - 1) < 0.01)
        // Per-bin power from the 200–400 Hz octave to the 3.2–6.4 kHz one: 4 octaves, −12 dB.
        let low = Self.bandPower(pink, from: 200, to: 400, sampleRate: 16_000)
        let high = Self.bandPower(pink, from: 3_200, to: 6_400, sampleRate: 16_000)
        #expect(abs(10 * log10(high / low) + 12) < 1.5)
        var whiteRandom = SeededRandom(seed: 3)
        let white = NoiseGenerator.white(count: 16_000 * 20, random: &whiteRandom)
        let flat =
            Self.bandPower(white, from: 3_200, to: 6_400, sampleRate: 16_000)
            / Self.bandPower(white, from: 200, to: 400, sampleRate: 16_000)
        #expect(abs(10 * log10(flat)) < 0.5)
    }

    @Test func loopedNoiseWrapsFromTheOffset() {
        let noise: [Float] = [1, 2, 3, 4]
        #expect(NoiseGenerator.looped(noise, count: 6, offset: 2) == [3, 4, 1, 2, 3, 4])
        #expect(NoiseGenerator.looped(noise, count: 2, offset: 5) == [2, 3])
    }

    @Test(arguments: [-5.0, 0, 5, 10, 20])
    func mixHitsTheRequestedActiveSpeechSNR(snr: Double) throws {
        let speech =
            Synth.silence(duration: 1, sampleRate: 16_000)
            + Synth.syllables(count: 10, sampleRate: 16_000, amplitude: 0.8)
        var random = SeededRandom(seed: 11)
        let noise = NoiseGenerator.pink(count: speech.count, random: &random)
        let mix = try NoiseMixer.mix(speech: speech, noise: noise, snrDB: snr, sampleRate: 16_000)
        #expect(mix.samples.map(abs).max()! <= NoiseMixer.peakCeiling)
        // Undo the headroom gain, take the noise out, and compare levels.
        let h = Float(mix.headroomGain)
        let added = zip(mix.samples, speech).map { $0 / h - $1 }
        let speechLevel = try #require(ActiveSpeechLevel.measure(speech, sampleRate: 16_000))
        let measured = speechLevel.levelDB - 10 * log10(Self.meanSquare(added[...]))
        #expect(abs(measured - snr) < 0.5)
        if snr <= 0 { #expect(mix.headroomGain < 1) }
    }

    @Test func silentSpeechIsRefused() {
        let silence = Synth.silence(duration: 1, sampleRate: 16_000)
        #expect(throws: NoiseMixer.Failure.noActiveSpeech) {
            try NoiseMixer.mix(speech: silence, noise: silence.map { _ in 1 }, snrDB: 5, sampleRate: 16_000)
        }
    }
}
