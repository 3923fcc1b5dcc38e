import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

/// Pitch, formants and voice quality on synthetic vowels whose parameters are known.
@Suite struct VoiceAnalysisTests {
    static let sampleRate = 16_000

    static func medianVoicedF0(_ track: PitchTrack) -> Double? {
        let voiced = track.frequencies.filter { $0 > 0 }.sorted()
        return voiced.isEmpty ? nil : voiced[voiced.count / 2]
    }

    @Test(arguments: [100.0, 200.0, 300.0])
    func pitchOfASyntheticVowelIsWithinOnePercent(f0: Double) throws {
        let context = AnalysisContext()
        let tracker = PitchTracker(sampleRate: Self.sampleRate, context: context)
        let vowel = Synth.vowel(f0: f0, duration: 1.0, sampleRate: Self.sampleRate)
        try Self.expectSteadyF0(tracker.track(vowel), f0: f0)
    }

    /// Checks the track of a steady vowel at `f0` Hz: median within 1 %, every frame that lies fully
    /// inside the vowel voiced, none off by an octave.
    static func expectSteadyF0(_ track: PitchTrack, f0: Double) throws {
        let median = try #require(medianVoicedF0(track))
        #expect(abs(median - f0) / f0 < 0.01)
        let voiced = track.frequencies.filter { $0 > 0 }
        #expect(voiced.count >= track.frequencies.count - 8)
        #expect(voiced.allSatisfy { abs(log2($0 / f0)) < 0.1 })
    }

    @Test func silenceAndNoiseAreUnvoiced() {
        let tracker = PitchTracker(sampleRate: Self.sampleRate, context: AnalysisContext())
        Self.expectSilenceAndNoiseUnvoiced(tracker)
    }

    /// Checks that `tracker` (at `sampleRate`) voices no frame of silence and under 10 % of white noise.
    static func expectSilenceAndNoiseUnvoiced(_ tracker: any FrameF0Tracker) {
        let silent = tracker.track(Synth.silence(duration: 0.5, sampleRate: sampleRate), frames: nil)
        #expect(silent.frequencies.allSatisfy { $0 == 0 })
        let noise = tracker.track(Synth.whiteNoise(sigma: 0.1, count: 8_000, seed: 3), frames: nil)
        let voicedFraction =
            Double(noise.frequencies.filter { $0 > 0 }.count) / Double(noise.frequencies.count)
        #expect(voicedFraction < 0.1)
    }

    /// Mean F1 and F2 of the frames of a synthetic /a/ (F1 700 Hz, F2 1220 Hz) at `sampleRate`.
    static func meanFormants(
        sampleRate: Int, lpc: (_ fftSize: Int, _ frameLength: Int) -> SpectralLinearPrediction,
        estimator: FormantEstimator
    ) -> (f1: Double, f2: Double, frames: Int) {
        let vowel = Synth.vowel(f0: 110, duration: 0.5, sampleRate: sampleRate)
        let frameLength = sampleRate / 50
        let fftSize = nextPowerOfTwo(frameLength)
        let fft = AnalysisContext().fft(size: fftSize)
        let window = WindowFunction.hamming.coefficients(length: frameLength)
        let model = lpc(fftSize, frameLength)
        var f1 = [Double]()
        var f2 = [Double]()
        var frame = [Float](repeating: 0, count: fftSize)
        var power = [Float](repeating: 0, count: fft.binCount)
        var formants = [Formant](repeating: Formant(frequency: 0, bandwidth: 0), count: 5)
        for start in stride(from: sampleRate / 10, to: vowel.count - frameLength, by: sampleRate / 100) {
            for i in 0..<frameLength { frame[i] = vowel[start + i] * window[i] }
            frame.withUnsafeBufferPointer { f in
                power.withUnsafeMutableBufferPointer { fft.powerSpectrum(f, into: $0) }
            }
            guard power.withUnsafeBufferPointer({ model.analyze($0) }) else { continue }
            let count = model.coefficients.withUnsafeBufferPointer { a in
                formants.withUnsafeMutableBufferPointer {
                    estimator.formants(lpc: a, sampleRate: model.modelSampleRate, into: $0)
                }
            }
            if count >= 2 {
                f1.append(formants[0].frequency)
                f2.append(formants[1].frequency)
            }
        }
        let frames = max(f1.count, 1)
        return (f1.reduce(0, +) / Double(frames), f2.reduce(0, +) / Double(frames), f1.count)
    }

    @Test func formantsOfASyntheticVowelAreWithinTenPercent() {
        let m = Self.meanFormants(
            sampleRate: Self.sampleRate,
            lpc: { fftSize, _ in
                SpectralLinearPrediction(
                    order: 11, fftSize: fftSize, sampleRate: Double(Self.sampleRate), bandLimit: 5_500,
                    preEmphasis: 0.97)
            },
            estimator: FormantEstimator(
                order: 11, minFrequency: 50, maxFrequency: 5_450, maxBandwidth: 1_000))
        #expect(m.frames > 20)
        #expect(abs(m.f1 - 700) / 700 < 0.10)
        #expect(abs(m.f2 - 1_220) / 1_220 < 0.10)
    }

    /// openSMILE's geometry: `N = round(11000·frameLength/fs)` samples at `fs·N/frameLength` Hz from bins
    /// below `min(fftSize, N)/2`.
    @Test func resampledModelHasOpenSMILEsGeometry() {
        let lpc = SpectralLinearPrediction(
            order: 11, fftSize: 1_024, sampleRate: 48_000, frameLength: 960, targetRate: 11_000)
        #expect(lpc.modelSampleRate == 11_000)
        #expect(lpc.lastBin == 109)
        let low = SpectralLinearPrediction(
            order: 11, fftSize: 512, sampleRate: 16_000, frameLength: 320, targetRate: 11_000)
        #expect(low.modelSampleRate == 11_000)
        #expect(low.lastBin == 109)
    }

    /// `.openSMILE` solves `z² − a₁z − a₂ = 0` for `A(z) = 1 + a₁z⁻¹ + a₂z⁻²`: with `a₁ = 0.5`,
    /// `a₂ = −0.6` the model's poles are real (no resonance) while the flipped polynomial has the complex
    /// roots `(a₁ ± i·√(−a₁² − 4a₂))/2`.
    @Test func openSMILEPolynomialFlipsTheCoefficientSigns() throws {
        let a = [1, 0.5, -0.6]
        let sr = 10_000.0
        func firstFormant(_ polynomial: FormantEstimator.Polynomial) -> Formant? {
            let estimator = FormantEstimator(
                order: 2, minFrequency: 1, maxFrequency: 4_999, maxBandwidth: .infinity,
                polynomial: polynomial)
            var out = [Formant](repeating: Formant(frequency: 0, bandwidth: 0), count: 1)
            let n = a.withUnsafeBufferPointer { c in
                out.withUnsafeMutableBufferPointer { estimator.formants(lpc: c, sampleRate: sr, into: $0) }
            }
            return n == 1 ? out[0] : nil
        }
        #expect(firstFormant(.predictionErrorFilter) == nil)
        let re = a[1] / 2
        let im = (-(a[1] * a[1]) - 4 * a[2]).squareRoot() / 2
        let flipped = try #require(firstFormant(.openSMILE))
        #expect(abs(flipped.frequency - atan2(im, re) * sr / (2 * Double.pi)) < 1e-6)
        #expect(abs(flipped.bandwidth + log((re * re + im * im).squareRoot()) * sr / Double.pi) < 1e-6)
    }

    /// A vowel whose glottal *closures* (the acoustic excitations) are jittered and shimmered directly:
    /// period `i` is `T·(1 + jitter·N)` and its excitation amplitude `10^(shimmerDB·N/20)`, independent
    /// Gaussians `N`; each closure is an impulse through the /a/ formant resonators.
    static func closureVowel(jitter: Double, shimmerDB: Double, seed: UInt64, sampleRate: Int)
        -> [Float]
    {
        var rng = SplitMix64(seed: seed)
        let count = 3 * sampleRate
        var excitation = [Double](repeating: 0, count: count)
        let period = Double(sampleRate) / 120
        var position = 10.0
        while Int(position.rounded()) < count {
            let gain = pow(10, shimmerDB * rng.nextGaussian() / 20)
            excitation[Int(position.rounded())] = -gain
            position += period * (1 + jitter * rng.nextGaussian())
        }
        var y = excitation
        for (frequency, bandwidth) in Synth.vowelA {
            let t = 1 / Double(sampleRate)
            let c = -exp(-2 * Double.pi * bandwidth * t)
            let b = 2 * exp(-Double.pi * bandwidth * t) * cos(2 * Double.pi * frequency * t)
            var y1 = 0.0
            var y2 = 0.0
            for i in 0..<count {
                let v = (1 - b - c) * y[i] + b * y1 + c * y2
                y2 = y1
                y1 = v
                y[i] = v
            }
        }
        let peak = y.map(abs).max() ?? 1
        return y.map { Float(0.5 * $0 / peak) }
    }

    /// Mean perturbation over the voiced frames of `signal`.
    static func perturbation(_ signal: [Float], sampleRate: Int) -> (jitter: Double, shimmer: Double) {
        let tracker = PitchTracker(sampleRate: sampleRate, context: AnalysisContext())
        let track = tracker.track(signal)
        // As VoiceAnalyzer does: cycles are marked on the tracker's low-passed, decimated signal.
        let low = tracker.decimate(signal)
        let lowRate = Double(sampleRate) / Double(tracker.decimation)
        let measure = PeriodPerturbation(maxPeriods: 64)
        var j = [Double]()
        var s = [Double]()
        low.withUnsafeBufferPointer { samples in
            for t in track.frequencies.indices where track.frequencies[t] > 0 {
                let start = t * track.hop / tracker.decimation
                guard start + tracker.decimatedFrameLength <= samples.count else { continue }
                let frame = UnsafeBufferPointer(
                    rebasing: samples[start..<(start + tracker.decimatedFrameLength)])
                if let m = measure.measure(frame, period: lowRate / track.frequencies[t]) {
                    j.append(m.jitterLocal)
                    s.append(m.shimmerLocalDB)
                }
            }
        }
        return (j.reduce(0, +) / Double(max(j.count, 1)), s.reduce(0, +) / Double(max(s.count, 1)))
    }

    /// Expected local jitter (shimmer dB) for i.i.d. Gaussian per-period perturbation of relative
    /// (dB) standard deviation σ: `E|X₁ − X₂| = 2σ/√π ≈ 1.128·σ`.
    static func expectedLocalPerturbation(_ sigma: Double) -> Double {
        2 * sigma / Double.pi.squareRoot()
    }

    @Test(arguments: [UInt64(1), 11])
    func injectedJitterIsMeasured(seed: UInt64) {
        // 2 % period std ⇒ expected 2.26 %; requirement: within [1.5 %, 2.5 %].
        let sr = 44_100
        let measured = Self.perturbation(
            Self.closureVowel(jitter: 0.02, shimmerDB: 0, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(measured.jitter >= 0.015 && measured.jitter <= 0.025)
        let clean = Self.perturbation(
            Self.closureVowel(jitter: 0, shimmerDB: 0, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(clean.jitter < 0.003)
    }

    @Test(arguments: [UInt64(2), 5])
    func injectedShimmerIsMeasured(seed: UInt64) {
        // 1 dB amplitude std ⇒ expected 2/√π·1 dB ≈ 1.13 dB, accepted within a quarter (±0.25 dB).
        let sr = 44_100
        let measured = Self.perturbation(
            Self.closureVowel(jitter: 0, shimmerDB: 1, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(abs(measured.shimmer - Self.expectedLocalPerturbation(1)) <= 0.25)
        let clean = Self.perturbation(
            Self.closureVowel(jitter: 0, shimmerDB: 0, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(clean.shimmer < 0.2)
    }

    /// Mean per-frame jitter and shimmer of `signal` from the openSMILE-style period chain, fed every
    /// frame of the pitch track as `VoiceAnalyzer` does (only frames with a value are averaged).
    static func chainPerturbation(_ signal: [Float], sampleRate: Int) -> (jitter: Double, shimmer: Double) {
        let tracker = PitchTracker(sampleRate: sampleRate, context: AnalysisContext())
        let track = tracker.track(signal)
        let chain = PeriodChainPerturbation(
            hop: track.hop, frameLength: track.frameLength, maxPeriod: sampleRate / 50)
        var j = [Double]()
        var s = [Double]()
        signal.withUnsafeBufferPointer { samples in
            for t in track.frequencies.indices {
                let f0 = track.frequencies[t]
                let period = f0 > 0 ? Double(sampleRate) / f0 : 0
                guard let m = chain.measure(frame: t, period: period, signal: samples) else { continue }
                if !m.jitterLocal.isNaN { j.append(m.jitterLocal) }
                if !m.shimmerLocalDB.isNaN { s.append(m.shimmerLocalDB) }
            }
        }
        return (j.reduce(0, +) / Double(max(j.count, 1)), s.reduce(0, +) / Double(max(s.count, 1)))
    }

    @Test(arguments: [UInt64(1), 11])
    func periodChainMeasuresInjectedJitter(seed: UInt64) {
        // 2 % period std ⇒ 2.26 % expected. Unlike `PeriodPerturbation`, openSMILE's chain starts each
        // correlation window at the previous integer lag, not at a closure, so windows straddle
        // neighbouring closures and partly average their jitter: it reads 1.4–2.3 % here (seeds 1, 11).
        // Requirement: within [1.0 %, 2.5 %] (still clearly apart from a clean vowel, below 0.3 %).
        // `VoiceAnalyzer` uses only the chain's shimmer (see there).
        let sr = 44_100
        let measured = Self.chainPerturbation(
            Self.closureVowel(jitter: 0.02, shimmerDB: 0, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(measured.jitter >= 0.010 && measured.jitter <= 0.025, "measured \(measured.jitter)")
        let clean = Self.chainPerturbation(
            Self.closureVowel(jitter: 0, shimmerDB: 0, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(clean.jitter < 0.003)
    }

    @Test(arguments: [UInt64(2), 5])
    func periodChainMeasuresInjectedShimmer(seed: UInt64) {
        // openSMILE's shimmer dB is 20·log10(1 + E|ΔA|/Ā): for 1 dB (0.115 neper) amplitude std that is
        // 20·log10(1 + 1.128·0.115) ≈ 1.06 dB, accepted within ±0.25 dB; a clean vowel below 0.2 dB.
        let sr = 44_100
        let expected = 20 * log10(1 + Self.expectedLocalPerturbation(log(10) / 20))
        let measured = Self.chainPerturbation(
            Self.closureVowel(jitter: 0, shimmerDB: 1, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(abs(measured.shimmer - expected) <= 0.25)
        let clean = Self.chainPerturbation(
            Self.closureVowel(jitter: 0, shimmerDB: 0, seed: seed, sampleRate: sr), sampleRate: sr)
        #expect(clean.shimmer < 0.2)
    }

    /// `Synth.vowel` jitters pulse *onsets* and stretches each Rosenberg pulse with its period, so the
    /// closures (which the waveform marks) fall at `M_i = 0.3·P_i + 0.7·P_{i+1}` after the previous onset:
    /// `Var(M_{i+1} − M_i) = (0.3² + 0.4² + 0.7²)·σ²T² = 0.74·σ²T²`, so the measurable local jitter is
    /// `√(2/π)·√0.74·σ ≈ 0.686·σ`, not `1.128·σ`. Amplitudes are not smeared, so shimmer keeps `1.128·σ`.
    @Test func synthVowelPerturbationFollowsItsPulseModel() {
        let sr = Self.sampleRate
        let jittered = Self.perturbation(
            Synth.vowel(f0: 120, duration: 3.0, sampleRate: sr, jitter: 0.02, seed: 11), sampleRate: sr)
        let expected = (2 / Double.pi).squareRoot() * 0.74.squareRoot() * 0.02
        #expect(abs(jittered.jitter - expected) <= 0.25 * expected)
        let shimmered = Self.perturbation(
            Synth.vowel(f0: 120, duration: 3.0, sampleRate: sr, shimmerDB: 1, seed: 5), sampleRate: sr)
        #expect(abs(shimmered.shimmer - Self.expectedLocalPerturbation(1)) <= 0.25)
    }

    @Test func harmonicsToNoiseRatioFallsAsNoiseIsAdded() {
        let vowel = Synth.vowel(f0: 150, duration: 1.0, sampleRate: Self.sampleRate)
        var previous = Double.infinity
        for (index, sigma) in [0.0, 0.01, 0.02, 0.04].enumerated() {
            let noise = Synth.whiteNoise(sigma: sigma, count: vowel.count, seed: UInt64(index + 1))
            let noisy = zip(vowel, noise).map { $0 + $1 }
            let track = PitchTracker(sampleRate: Self.sampleRate, context: AnalysisContext()).track(noisy)
            let hnr = track.periodicity.enumerated().filter { track.frequencies[$0.offset] > 0 }
                .map { Harmonicity.harmonicsToNoiseDecibels(periodicity: $0.element) }
            let mean = hnr.reduce(0, +) / Double(max(hnr.count, 1))
            #expect(!hnr.isEmpty && mean < previous - 0.5)
            previous = mean
        }
    }
}
