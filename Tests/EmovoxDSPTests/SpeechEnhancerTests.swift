import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct SpeechEnhancerTests {
    /// Scale-invariant signal-to-distortion ratio of `estimate` against `reference`, in dB.
    static func siSDR(_ estimate: [Float], reference: [Float]) -> Double {
        var dot = 0.0
        var energy = 0.0
        for (e, r) in zip(estimate, reference) {
            dot += Double(e) * Double(r)
            energy += Double(r) * Double(r)
        }
        let alpha = dot / energy
        var target = 0.0
        var error = 0.0
        for (e, r) in zip(estimate, reference) {
            let t = alpha * Double(r)
            target += t * t
            error += (Double(e) - t) * (Double(e) - t)
        }
        return 10 * log10(target / error)
    }

    /// Hann-windowed periodograms of `signal` with the enhancer's framing (hop = size / 4).
    static func periodograms(_ signal: [Float], size: Int) -> [[Float]] {
        let fft = RealFFT(size: size)
        let window = WindowFunction.hann(periodic: true).coefficients(length: size)
        return stride(from: 0, to: signal.count - size, by: size / 4).map { start in
            let frame = (0..<size).map { signal[start + $0] * window[$0] }
            var power = [Float](repeating: 0, count: fft.binCount)
            frame.withUnsafeBufferPointer { f in power.withUnsafeMutableBufferPointer { fft.powerSpectrum(f, into: $0) }
            }
            return power
        }
    }

    static func noise(_ sigma: Float, count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return NoiseGenerator.white(count: count, random: &random).map { $0 * sigma }
    }

    /// The white-noise PSD an `n`-point Hann frame sees: σ² Σ w².
    static func expectedPSD(sigma: Double, size: Int) -> Double {
        sigma * sigma
            * WindowFunction.hann(periodic: true).coefficients(length: size).reduce(0.0) { $0 + Double($1 * $1) }
    }

    @Test func noiseEstimateConvergesToTheWhiteNoisePSD() {
        let size = 512
        let frames = Self.periodograms(Self.noise(0.05, count: 16_000 * 5, seed: 1), size: size)
        var tracker = NoisePSDTracker(bins: size / 2 + 1)
        var errors: [Double] = []
        for (t, frame) in frames.enumerated() {
            tracker.update(power: frame)
            // After two seconds (250 frames of 8 ms), compare every bin but DC and Nyquist.
            if t >= 250 {
                errors += (2..<(size / 2 - 1)).map {
                    10 * log10(tracker.noise[$0] / Self.expectedPSD(sigma: 0.05, size: size))
                }
            }
        }
        let meanError = errors.reduce(0, +) / Double(errors.count)
        #expect(abs(meanError) < 0.5)
        // A recursive average over ~20 frames still fluctuates, but stays within a few dB per bin.
        let sorted = errors.sorted()
        #expect(sorted[sorted.count / 20] > -3 && sorted[sorted.count * 19 / 20] < 3)
    }

    @Test func noiseEstimateFollowsALevelChange() {
        let size = 512
        let quiet = Self.noise(0.01, count: 16_000 * 3, seed: 2)
        let loud = Self.noise(0.05, count: 16_000 * 4, seed: 3)
        let frames = Self.periodograms(quiet + loud, size: size)
        var tracker = NoisePSDTracker(bins: size / 2 + 1)
        for frame in frames { tracker.update(power: frame) }
        let mean = (2..<(size / 2 - 1)).map { tracker.noise[$0] }.reduce(0, +) / Double(size / 2 - 3)
        #expect(abs(10 * log10(mean / Self.expectedPSD(sigma: 0.05, size: size))) < 1.5)
    }

    @Test func noiseEstimateIgnoresSpeechBursts() {
        let size = 512
        let speech = Synth.syllables(count: 12, sampleRate: 16_000, amplitude: 0.5)
        let noise = Self.noise(0.01, count: speech.count, seed: 4)
        let frames = Self.periodograms(zip(speech, noise).map { $0 + $1 }, size: size)
        var tracker = NoisePSDTracker(bins: size / 2 + 1)
        var worst = 0.0
        for (t, frame) in frames.enumerated() {
            tracker.update(power: frame)
            guard t > 50 else { continue }
            let mean = (2..<(size / 2 - 1)).map { tracker.noise[$0] }.reduce(0, +) / Double(size / 2 - 3)
            worst = max(worst, 10 * log10(mean / Self.expectedPSD(sigma: 0.01, size: size)))
        }
        // Speech is ~30 dB above the noise; the estimate never climbs more than a few dB towards it
        // (a plain recursive average of the periodogram would follow the speech).
        #expect(worst < 6)
    }

    @Test func exponentialIntegralMatchesTabulatedValues() {
        #expect(abs(ExponentialIntegral.e1(0.1) - 1.822_923_958_419_390) < 1e-10)
        #expect(abs(ExponentialIntegral.e1(1) - 0.219_383_934_395_520) < 1e-12)
        #expect(abs(ExponentialIntegral.e1(5) - 0.001_148_295_591_275_3) < 1e-14)
        #expect(ExponentialIntegral.e1(800) == 0)
    }

    @Test func lsaGainRisesWithPrioriSNRAndTendsToOne() {
        let gains = [-20.0, -10, 0, 10, 20, 40].map {
            LogSpectralAmplitudeGain.gain(prioriSNR: pow(10, $0 / 10), posterioriSNR: 1 + pow(10, $0 / 10))
        }
        #expect(zip(gains, gains.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(gains.last! - 1) < 1e-3)
        // Ephraim–Malah: at ξ = 0 dB and γ = 2 the LSA gain lies above the Wiener gain 0.5.
        #expect(gains[2] > 0.5 && gains[2] < 0.8)
    }

    @Test func gainIsFlooredAndNeverAmplifies() {
        var lsa = LogSpectralAmplitudeGain(parameters: .init(gainFloorDB: -12))
        let noise = [Double](repeating: 1, count: 4)
        // γ = 1 and 0.5 with ξ at its minimum: the LSA gain is far below the floor (≈ −27 dB).
        let g = lsa.gains(power: [1, 0.5, 100, 1e6], noise: noise)
        #expect(abs(g[0] - Float(pow(10, -12.0 / 20))) < 1e-6)
        #expect(abs(g[1] - Float(pow(10, -12.0 / 20))) < 1e-6)
        #expect(g.allSatisfy { $0 <= 1 })
        #expect(g[3] > 0.99)
    }

    @Test func smoothingSpreadsIsolatedPeaks() {
        let smoothing = GainSmoothing(halfWidth: 2)
        var gains = [Float](repeating: 0.1, count: 20)
        gains[10] = 1
        let smoothed = smoothing.apply(gains)
        #expect(smoothed[10] < 0.5 && smoothed[9] > 0.1)
        #expect(smoothing.apply([Float](repeating: 0.7, count: 9)).allSatisfy { abs($0 - 0.7) < 1e-6 })
        #expect(GainSmoothing(halfWidth: 0).apply(gains) == gains)
    }

    @Test func unitGainsReturnTheInput() {
        let speech = Synth.syllables(count: 4, sampleRate: 16_000)
        let out = SpectralGainProcessor(fftSize: 512).process(speech) { power, _ in
            [Float](repeating: 1, count: power.count)
        }
        #expect(zip(out, speech).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test(arguments: [512, 1024])
    func enhancementImprovesSNROfVoicedSpeechInWhiteNoise(fftSize: Int) throws {
        let speech = Synth.syllables(count: 14, sampleRate: 16_000, amplitude: 0.3)
        let noise = Self.noise(1, count: speech.count, seed: 5)
        let mixed = try NoiseMixer.mix(speech: speech, noise: noise, snrDB: 5, sampleRate: 16_000)
        let before = Self.siSDR(mixed.samples, reference: speech)
        let after = Self.siSDR(SpeechEnhancer(fftSize: fftSize).enhance(mixed.samples), reference: speech)
        #expect(after - before >= 5, "SI-SDR \(before) → \(after) dB")
    }

    @Test func cleanSpeechIsNearlyUntouched() {
        let speech = Synth.syllables(count: 14, sampleRate: 16_000, amplitude: 0.3)
        // A recording's faint floor (−70 dB re full scale), as real clean audio has.
        let clean = zip(speech, Self.noise(0.000_3, count: speech.count, seed: 6)).map { $0 + $1 }
        let out = SpeechEnhancer().enhance(clean)
        #expect(Self.siSDR(out, reference: clean) >= 25)
    }
}
