import EmovoxDSP
import Foundation

/// Computes `VoiceContours` the way openSMILE's eGeMAPS v02 configuration does, within practical
/// limits:
///
/// - 20 ms Hamming frames (10 ms hop, left-aligned) → power spectrum → loudness (auditory spectrum),
///   HTK MFCC 1–4 (26 mel bands 20–8000 Hz, lifter 22), alpha ratio (energy 1–5 kHz over
///   50–1000 Hz, dB), Hammarberg index (peak 0–2 kHz vs 2–5 kHz), log-spectral slopes 0–500 and
///   500–1500 Hz (dB/Hz), spectral flux of the sum-normalized 0–5000 Hz spectrum, and formants
///   (`FormantMethod`; by default eGeMAPS' `cSpecResample` → `cLpc` → `cFormantLpc` chain, including
///   openSMILE's band limit and its flipped-sign root polynomial: on RAVDESS its mean F1, F2 and F3
///   track openSMILE's with r ≈ 0.96–0.98, the model's true poles only with r 0.44 for F1).
/// - 60 ms frames: F0 by the configured `PitchMethod` (55–1000 Hz; `gemaps` uses eGeMAPS' subharmonic
///   summation, `SubharmonicSummationPitch`, by default), set unvoiced where the Gaussian-windowed frame
///   RMS is below 0.001 (openSMILE's energy gate); HNR from the ACF of the Gaussian-windowed frame at the
///   period; H1–H2, H1–A3 and formant levels from the Gaussian (σ = 0.4) magnitude spectrum, harmonics
///   searched within ±10 % of their nominal frequency; jitter and shimmer by `PeriodChainPerturbation`
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
        /// true resonances off (a synthetic /a/ with F1 700 Hz, F2 1220 Hz reads ≈ 470 / 1330 Hz at 16 kHz).
        case openSMILE
        /// The resonances of an order-11 model of the pre-emphasized (0.97) spectrum up to 5.5 kHz: the
        /// model's own poles within 50–5450 Hz and narrower than 1 kHz (within 10 % on synthetic vowels).
        case resonances
    }

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
    private let lpc: SpectralLinearPrediction
    private let formantEstimator: FormantEstimator
    private let periodChain: PeriodChainPerturbation
    private let binHz: Double
    private let longBinHz: Double
    private let alphaLow: ClosedRange<Int>
    private let alphaHigh: ClosedRange<Int>
    private let hammarbergLow: ClosedRange<Int>
    private let hammarbergHigh: ClosedRange<Int>
    private let fluxBand: ClosedRange<Int>
    private let slopeBands: [ClosedRange<Int>]

    private var frame: [Float]
    private var power: [Float]
    private var previousNormalized: [Double]
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
        binHz = sr / Double(shortFFT.size)
        longBinHz = sr / Double(longFFT.size)
        let fftSize = Double(shortFFT.size)
        let lastBin = shortFFT.binCount - 1
        func bins(_ lo: Double, _ hi: Double) -> ClosedRange<Int> {
            let a = min(lastBin, max(0, Int((lo / sr * fftSize).rounded(.up))))
            let b = min(lastBin, max(a, Int((hi / sr * fftSize).rounded(.down))))
            return a...b
        }
        alphaLow = bins(50, 1_000 - 1e-9)
        alphaHigh = bins(1_000, 5_000)
        hammarbergLow = bins(0, 2_000 - 1e-9)
        hammarbergHigh = bins(2_000, 5_000)
        fluxBand = bins(0, 5_000)
        slopeBands = [bins(0, 500), bins(500, 1_500)]
        frame = [Float](repeating: 0, count: shortFFT.size)
        power = [Float](repeating: 0, count: shortFFT.binCount)
        previousNormalized = [Double](repeating: 0, count: shortFFT.binCount)
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
        for i in previousNormalized.indices { previousNormalized[i] = 0 }
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
            power.withUnsafeMutableBufferPointer { p in
                shortFFT.powerSpectrum(UnsafeBufferPointer(f), into: p)
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
        // MFCC 1–4: natural-log mel power (floored), HTK DCT, sinusoidal lifter 22.
        mel.withUnsafeBufferPointer { m in
            logMel.withUnsafeMutableBufferPointer { l in
                for b in 0..<26 { l[b] = log(max(m[b], 1e-10)) }
                cepstrum.withUnsafeMutableBufferPointer { cep in
                    dct.apply(UnsafeBufferPointer(l), into: cep)
                    for k in 1...4 { c.mfcc[k - 1][t] = cep[k] * lifter[k] }
                }
            }
        }
        // Floor so that silent frames give 0 dB ratios and 0 slopes instead of log(0).
        let floor = 1e-10
        var low = 0.0
        var high = 0.0
        for k in alphaLow { low += Double(p[k]) }
        for k in alphaHigh { high += Double(p[k]) }
        c.alphaRatio[t] = 10 * log10((high + floor) / (low + floor))
        var peakLow = 0.0
        var peakHigh = 0.0
        for k in hammarbergLow { peakLow = max(peakLow, Double(p[k])) }
        for k in hammarbergHigh { peakHigh = max(peakHigh, Double(p[k])) }
        c.hammarbergIndex[t] = 10 * log10((peakLow + floor) / (peakHigh + floor))
        for (index, band) in slopeBands.enumerated() {
            let n = Double(band.count)
            guard n >= 2 else { continue }
            var sf = 0.0
            var sy = 0.0
            var sff = 0.0
            var sfy = 0.0
            for k in band {
                let f = Double(k) * binHz
                let y = 10 * log10(Double(p[k]) + floor)
                sf += f
                sy += y
                sff += f * f
                sfy += f * y
            }
            let denominator = n * sff - sf * sf
            let slope = denominator > 0 ? (n * sfy - sf * sy) / denominator : 0
            if index == 0 { c.slope0To500[t] = slope } else { c.slope500To1500[t] = slope }
        }
        var total = 0.0
        for k in fluxBand { total += Double(p[k]) }
        var flux = 0.0
        previousNormalized.withUnsafeMutableBufferPointer { previous in
            for k in fluxBand {
                let normalized = total > 0 ? Double(p[k]) / total : 0
                let d = normalized - previous[k]
                flux += d * d
                previous[k] = normalized
            }
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
            // Formants come from the 20 ms power spectrum still in `power` for this frame.
            if power.withUnsafeBufferPointer({ lpc.analyze($0) }) {
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
        longPower.withUnsafeBufferPointer { magnitude in
            func harmonic(near frequency: Double) -> Double {
                // The harmonic closest to `frequency`, searched within ±10 % of F0 around it.
                let h = max(1, (frequency / f0).rounded())
                return Harmonicity.peakMagnitude(
                    magnitude, binWidth: longBinHz, around: h * f0, halfWidth: 0.1 * f0)
            }
            let h1 = harmonic(near: f0)
            func levelDB(_ a: Double, _ b: Double) -> Double {
                a > 0 && b > 0 ? 20 * log10(a / b) : .nan
            }
            if selection.contains(.voiceQuality) {
                c.h1MinusH2[t] = levelDB(h1, harmonic(near: 2 * f0))
                if formantCount >= 3 {
                    c.h1MinusA3[t] = levelDB(h1, harmonic(near: formants[2].frequency))
                }
            }
            if selection.contains(.formants) {
                for i in 0..<min(3, formantCount) {
                    c.formantAmplitude[i][t] = levelDB(harmonic(near: formants[i].frequency), h1)
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
