import EmovoxDSP
import Foundation

/// Computes `VoiceContours` the way openSMILE's eGeMAPS v02 configuration does, within practical
/// limits:
///
/// - 20 ms Hamming frames (10 ms hop, left-aligned) → power spectrum → loudness (auditory spectrum),
///   HTK MFCC 1–4 (26 mel bands 20–8000 Hz, lifter 22), alpha ratio, Hammarberg index, log-spectral
///   slopes 0–500 and 500–1500 Hz and spectral flux below 5 kHz as openSMILE's `cSpectral` computes them
///   (`SpectralBalance`), and formants
///   (`FormantMethod`; by default eGeMAPS' `cSpecResample` → `cLpc` → `cFormantLpc` chain, including
///   openSMILE's band limit and its flipped-sign root polynomial: on RAVDESS its mean F1, F2 and F3
///   track openSMILE's with r 0.97–1.00 at 22.05 kHz and above, 0.67–0.83 at 16 kHz; the model's true poles
///   only with r 0.44 for F1).
/// - 60 ms frames: F0 by the configured `PitchMethod` (55–1000 Hz; `gemaps` uses eGeMAPS' subharmonic
///   summation, `SubharmonicSummationPitch`, by default), set unvoiced where the Gaussian-windowed frame
///   RMS is below 0.001 (openSMILE's energy gate); HNR from the ACF of the Gaussian-windowed frame at the
///   period; H1–H2, H1–A3 and formant levels from the harmonic peaks of the Gaussian (σ = 0.4) magnitude
///   spectrum as openSMILE's `cHarmonics` reads them (`HarmonicPeaks`: a formant's level is that of the
///   strongest harmonic within ±20 % of it; "H1–H2" is the second harmonic's level minus the third's, as
///   `cHarmonics` indexes harmonics from F0 = 0); jitter and shimmer by `PeriodChainPerturbation`
///   (openSMILE's `cPitchJitter`: one chain of cross-correlation-matched periods through consecutive voiced
///   frames of the full-rate signal, peak-to-peak amplitudes). openSMILE's mean jitter is dominated by the
///   few frames where its SHS F0 glides towards the sub-octave at voicing onsets and offsets, which the
///   chain then cannot match; only an F0 track with the same behaviour reproduces it (see
///   `scripts/features_crosscheck_report.md`).
final class VoiceAnalyzer {
    /// How formants are measured.
    enum FormantMethod: Hashable {
        /// eGeMAPS' `cSpecResample` (11 kHz) → `cLpc` (order 11, no pre-emphasis) → `cFormantLpc`
        /// (50–5450 Hz, no bandwidth limit, openSMILE's flipped-sign polynomial,
        /// `FormantEstimator.Polynomial.openSMILE`): tracks openSMILE's formant descriptors, but reads
        /// true resonances off (a synthetic /a/ with F1 700 Hz, F2 1220 Hz reads ≈ 670 / 1520 Hz at 16 kHz).
        case openSMILE
        /// The resonances of an order-11 model of the pre-emphasized (0.97) spectrum up to 5.5 kHz: the
        /// model's own poles within 50–5450 Hz and narrower than 1 kHz (within 10 % on synthetic vowels).
        case resonances
    }

    /// openSMILE's mel-power floor (1e-8 on samples scaled by 32768) on the unscaled power spectrum.
    static let melFloor = 1e-8 / 1_073_741_824.0

    /// Which descriptor groups to compute (prosody needs only pitch and intensity).
    struct Selection: OptionSet, Hashable {
        let rawValue: Int
        static let spectral = Selection(rawValue: 1)
        static let voiceQuality = Selection(rawValue: 2)
        static let formants = Selection(rawValue: 4)
        static let all: Selection = [.spectral, .voiceQuality, .formants]
    }

    struct Key: Hashable {
        var sampleRate: Int
        var pitch: PitchMethod
        var formants: FormantMethod = .openSMILE
    }

    let sampleRate: Int
    let hop: Int
    let shortLength: Int
    private let shortFFT: RealFFT
    private let hamming: [Float]
    private let loudness: AuditoryLoudness
    private let dct: DCT2
    private let lifter: [Double]
    let tracker: any FrameF0Tracker
    private let longFFT: RealFFT
    private let gauss: [Float]
    private let formantMethod: FormantMethod
    private let lpc: SpectralLinearPrediction
    private let formantEstimator: FormantEstimator
    private let periodChain: PeriodChainPerturbation
    private let harmonics: HarmonicPeaks
    private let balance: SpectralBalance

    private var frame: [Float]
    private var power: [Float]
    private var shortReal: [Float]
    private var shortImag: [Float]
    private var previousMagnitude: [Double]
    private var mel: [Double]
    private var logMel: [Double]
    private var cepstrum: [Double]
    private var formants: [Formant]
    private var longFrame: [Float]
    private var longPower: [Float]
    private var zeroImag: [Float]
    private var longACF: [Float]

    init(
        sampleRate: Int, pitch: PitchMethod,
        formants formantMethod: FormantMethod = .openSMILE, context: AnalysisContext
    ) {
        self.sampleRate = sampleRate
        let sr = Double(sampleRate)
        hop = max(1, Int((0.010 * sr).rounded()))
        shortLength = max(2, Int((0.020 * sr).rounded()))
        shortFFT = context.fft(size: nextPowerOfTwo(shortLength))
        hamming = WindowFunction.hamming.coefficients(length: shortLength)
        loudness = AuditoryLoudness(fftSize: shortFFT.size, sampleRate: sr)
        dct = DCT2(inputCount: 26, outputCount: 5, scaling: .htk)
        lifter = (0..<5).map { 1 + 11 * sin(Double.pi * Double($0) / 22) }
        tracker = pitch.makeTracker(sampleRate: sampleRate, context: context)
        longFFT = context.fft(size: nextPowerOfTwo(tracker.frameLength))
        gauss = WindowFunction.gaussian(sigma: 0.4).coefficients(length: tracker.frameLength)
        self.formantMethod = formantMethod
        switch formantMethod {
        case .openSMILE:
            lpc = SpectralLinearPrediction(
                order: 11, fftSize: shortFFT.size, sampleRate: sr, frameLength: shortLength,
                targetRate: 11_000)
            formantEstimator = FormantEstimator(
                order: 11, minFrequency: 50, maxFrequency: 5_450, maxBandwidth: .infinity,
                polynomial: .openSMILE)
        case .resonances:
            lpc = SpectralLinearPrediction(
                order: 11, fftSize: shortFFT.size, sampleRate: sr, bandLimit: 5_500, preEmphasis: 0.97)
            formantEstimator = FormantEstimator(
                order: 11, minFrequency: 50, maxFrequency: 5_450, maxBandwidth: 1_000)
        }
        periodChain = PeriodChainPerturbation(
            hop: tracker.hop, frameLength: tracker.frameLength,
            maxPeriod: Int((sr / pitch.minFrequency).rounded(.up)) + 2)
        harmonics = HarmonicPeaks(binWidth: sr / Double(longFFT.size))
        balance = SpectralBalance(
            sampleRate: sr, fftSize: shortFFT.size, slopeBands: [(0, 500), (500, 1_500)])
        frame = [Float](repeating: 0, count: shortFFT.size)
        power = [Float](repeating: 0, count: shortFFT.binCount)
        shortReal = power
        shortImag = power
        previousMagnitude = [Double](repeating: 0, count: shortFFT.binCount)
        mel = [Double](repeating: 0, count: 26)
        logMel = mel
        cepstrum = [Double](repeating: 0, count: 5)
        formants = [Formant](repeating: Formant(frequency: 0, bandwidth: 0), count: 5)
        longFrame = [Float](repeating: 0, count: longFFT.size)
        longPower = [Float](repeating: 0, count: longFFT.binCount)
        zeroImag = longPower
        longACF = longFrame
    }

    func analyze(_ signal: [Float], selection: Selection) -> VoiceContours {
        let layout = FrameLayout(frameLength: shortLength, hop: hop, centered: false)
        let frames = layout.frameCount(sampleCount: signal.count)
        let sr = Double(sampleRate)
        var c = VoiceContours(
            frameCount: frames, hopSeconds: Double(hop) / sr, duration: Double(signal.count) / sr)
        let nan = [Double](repeating: .nan, count: frames)
        let zero = [Double](repeating: 0, count: frames)
        c.f0Semitones = nan
        c.loudness = zero
        c.energy = zero
        if selection.contains(.spectral) {
            c.spectralFlux = zero
            c.mfcc = Array(repeating: zero, count: 4)
            c.alphaRatio = zero
            c.hammarbergIndex = zero
            c.slope0To500 = zero
            c.slope500To1500 = zero
        }
        if selection.contains(.voiceQuality) {
            c.jitter = nan
            c.shimmer = nan
            c.harmonicsToNoise = nan
            c.h1MinusH2 = nan
            c.h1MinusA3 = nan
        }
        if selection.contains(.formants) {
            c.formantFrequency = Array(repeating: nan, count: 3)
            c.formantBandwidth = Array(repeating: nan, count: 3)
            c.formantAmplitude = Array(repeating: nan, count: 3)
        }
        guard frames > 0 else { return c }

        // Only the frequencies are used: the track's other contours are not kept through the frame loop.
        let f0Track = tracker.track(signal, frames: frames).frequencies
        for i in previousMagnitude.indices { previousMagnitude[i] = 0 }
        periodChain.reset()
        signal.withUnsafeBufferPointer { samples in
            for t in 0..<frames {
                shortFrame(t, samples: samples, layout: layout, selection: selection, contours: &c)
                let f0 = f0Track[t]
                let voiced =
                    f0 > 0
                    && voicedFrame(t, f0: f0, samples: samples, selection: selection, contours: &c)
                guard selection.contains(.voiceQuality) else { continue }
                // The period chain sees every frame: unvoiced ones (after the energy gate) cut it.
                let period = voiced ? Double(sampleRate) / f0 : 0
                if let m = periodChain.measure(frame: t, period: period, signal: samples) {
                    c.jitter[t] = m.jitterLocal
                    c.shimmer[t] = m.shimmerLocalDB
                }
            }
        }
        return c
    }

    /// 20 ms Hamming-frame descriptors of frame `t`.
    private func shortFrame(
        _ t: Int, samples: UnsafeBufferPointer<Float>, layout: FrameLayout, selection: Selection,
        contours c: inout VoiceContours
    ) {
        let start = layout.start(ofFrame: t)
        let end = min(samples.count, start + shortLength)
        c.energy[t] = SampleKernels.sumOfSquares(samples, start..<max(start, end)) / Double(shortLength)

        frame.withUnsafeMutableBufferPointer { f in
            hamming.withUnsafeBufferPointer { w in
                layout.copyFrame(t, of: samples, window: w, into: f)
            }
            for i in shortLength..<f.count { f[i] = 0 }
            // The complex spectrum stays for the formant model (`voicedFrame`).
            shortReal.withUnsafeMutableBufferPointer { re in
                shortImag.withUnsafeMutableBufferPointer { im in
                    shortFFT.forward(UnsafeBufferPointer(f), real: re, imag: im)
                    power.withUnsafeMutableBufferPointer { p in
                        // Denormal powers count as 0, as in openSMILE (built to flush them): the
                        // near-silence a resampler leaves where the source was digital silence.
                        for k in 0..<p.count {
                            let q = re[k] * re[k] + im[k] * im[k]
                            p[k] = q < Float.leastNormalMagnitude ? 0 : q
                        }
                    }
                }
            }
        }
        power.withUnsafeBufferPointer { p in
            mel.withUnsafeMutableBufferPointer { m in
                loudness.filterbank.apply(p, into: m)
                c.loudness[t] = loudness.loudness(bands: UnsafeBufferPointer(m))
            }
            if selection.contains(.spectral) { spectralShape(t, power: p, contours: &c) }
        }
    }

    private func spectralShape(
        _ t: Int, power p: UnsafeBufferPointer<Float>, contours c: inout VoiceContours
    ) {
        // MFCC 1–4: natural-log mel power, HTK DCT, sinusoidal lifter 22. openSMILE floors the mel power
        // at 1e-8 after scaling samples by 32768 (`htkcompatible`): 1e-8 / 2³⁰ on our scale. A higher
        // floor flattens the quietest frames and so the spread of the frame-wide MFCCs.
        mel.withUnsafeBufferPointer { m in
            logMel.withUnsafeMutableBufferPointer { l in
                for b in 0..<26 { l[b] = log(max(m[b], Self.melFloor)) }
                cepstrum.withUnsafeMutableBufferPointer { cep in
                    dct.apply(UnsafeBufferPointer(l), into: cep)
                    for k in 1...4 { c.mfcc[k - 1][t] = cep[k] * lifter[k] }
                }
            }
        }
        c.alphaRatio[t] = balance.alphaRatio(p)
        c.hammarbergIndex[t] = balance.hammarbergIndex(p)
        c.slope0To500[t] = balance.slope(p, band: 0)
        c.slope500To1500[t] = balance.slope(p, band: 1)
        // openSMILE's flux has no previous frame at t = 0 and reports 0 there.
        let flux = previousMagnitude.withUnsafeMutableBufferPointer {
            balance.flux(p, previousMagnitude: $0)
        }
        c.spectralFlux[t] = t == 0 ? 0 : flux
    }

    /// Voiced-frame descriptors of frame `t` (F0 `f0` Hz) from the 60 ms frame.
    /// - Returns: whether the frame passed the energy gate (stays voiced).
    private func voicedFrame(
        _ t: Int, f0: Double, samples: UnsafeBufferPointer<Float>, selection: Selection,
        contours c: inout VoiceContours
    ) -> Bool {
        let length = tracker.frameLength
        let windowedEnergy = longFrame.withUnsafeMutableBufferPointer { f in
            for i in length..<f.count { f[i] = 0 }
            gauss.withUnsafeBufferPointer {
                FrameLayout(frameLength: length, hop: hop, centered: false).copyFrame(
                    t, of: samples, window: $0, into: f)
            }
            return SampleKernels.sumOfSquares(UnsafeBufferPointer(f), 0..<length)
        }
        // openSMILE's energy gate on F0: Gaussian-windowed RMS below 0.001 is treated as unvoiced.
        guard (windowedEnergy / Double(length)).squareRoot() >= 0.001 else { return false }
        c.f0Semitones[t] = 12 * log2(f0 / 27.5)

        var formantCount = 0
        if selection.contains(.formants) {
            // Formants come from the 20 ms spectrum of this frame, still in `shortReal`/`shortImag`.
            let fitted: Bool
            switch formantMethod {
            case .openSMILE:
                fitted = shortReal.withUnsafeBufferPointer { re in
                    shortImag.withUnsafeBufferPointer { lpc.analyze(real: re, imag: $0) }
                }
            case .resonances:
                fitted = power.withUnsafeBufferPointer { lpc.analyze($0) }
            }
            if fitted {
                formantCount = lpc.coefficients.withUnsafeBufferPointer { a in
                    formants.withUnsafeMutableBufferPointer {
                        formantEstimator.formants(lpc: a, sampleRate: lpc.modelSampleRate, into: $0)
                    }
                }
            }
            for i in 0..<min(3, formantCount) {
                c.formantFrequency[i][t] = formants[i].frequency
                c.formantBandwidth[i][t] = formants[i].bandwidth
            }
        }
        guard selection.contains(.voiceQuality) || selection.contains(.formants) else { return true }

        longFrame.withUnsafeBufferPointer { f in
            longPower.withUnsafeMutableBufferPointer { p in
                longFFT.powerSpectrum(f, into: p)
                if selection.contains(.voiceQuality) {
                    c.harmonicsToNoise[t] = Harmonicity.harmonicsToNoiseDecibels(
                        periodicity: windowedPeriodicity(
                            power: UnsafeBufferPointer(p), lag: Double(sampleRate) / f0))
                }
                // Magnitudes (sqrt of power) for harmonic levels.
                for k in 0..<p.count { p[k] = p[k].squareRoot() }
            }
        }
        // Harmonics up to 20 % above the highest formant (openSMILE's formant-level search range).
        var top = 3.5 * f0
        for i in 0..<min(3, formantCount) { top = max(top, 1.2 * formants[i].frequency) }
        longPower.withUnsafeBufferPointer { harmonics.find(f0: f0, in: $0, maxFrequency: top) }
        // openSMILE writes 0 for a level it cannot read (no harmonic within ±20 % of the formant) and
        // for one that is H1 itself, and eGeMAPS' `nz` functionals skip zeros: both are missing here.
        func nonZero(_ x: Double) -> Double { x == 0 ? .nan : x }
        // eGeMAPS' "H1–H2" and "H1–A3" are `cHarmonics`' differences of harmonic *indices* 1, 2 and the
        // F3 harmonic, and index 0 is F0 itself: the level of the second harmonic minus the third's, and
        // minus that of the strongest harmonic near F3 (or minus 201 dB without one).
        func difference(_ a: Int, _ b: Int) -> Double {
            nonZero(min(201, max(-201, harmonics.level(a) - harmonics.level(b))))
        }
        if selection.contains(.voiceQuality) {
            c.h1MinusH2[t] = difference(1, 2)
            let a3 = formantCount >= 3 ? harmonics.strongest(near: formants[2].frequency) : nil
            c.h1MinusA3[t] =
                a3.map { difference(1, $0) }
                ?? nonZero(max(-201, harmonics.level(1) + HarmonicPeaks.missingLevel))
        }
        if selection.contains(.formants) {
            for i in 0..<min(3, formantCount) {
                if let h = harmonics.strongest(near: formants[i].frequency) {
                    c.formantAmplitude[i][t] = nonZero(harmonics.level(h))
                }
            }
        }
        return true
    }

    /// Autocorrelation of the Gaussian-windowed 60 ms frame (inverse FFT of its power spectrum) at the
    /// period `lag` (linearly interpolated) divided by its value at lag 0: the ACF periodicity openSMILE's
    /// `HNRdBACF` uses.
    private func windowedPeriodicity(power: UnsafeBufferPointer<Float>, lag: Double) -> Double {
        zeroImag.withUnsafeBufferPointer { imag in
            longACF.withUnsafeMutableBufferPointer { out in
                longFFT.inverse(real: power, imag: imag, output: out)
                let i = Int(lag)
                guard out[0] > 0, i + 1 < out.count / 2 else { return 0 }
                let fraction = Float(lag - Double(i))
                let r = out[i] + (out[i + 1] - out[i]) * fraction
                return Double(r / out[0])
            }
        }
    }
}
