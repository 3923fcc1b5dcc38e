import EmovoxDSP
import Foundation

/// `gemaps`: a native implementation of the 88 eGeMAPS v02 functionals, with openSMILE's column names.
///
/// Low-level descriptors come from `VoiceAnalyzer` (see it for each descriptor's algorithm), are smoothed
/// by a 3-frame moving average (`sma3` for frame-wide descriptors; `sma3nz` — voiced frames only — for
/// F0, voice quality, formants and the `V` spectral variants; unvoiced frames only for `UV`), then
/// summarized as eGeMAPS' functionals do: `amean`, `stddevNorm` (standard deviation / mean, signed:
/// openSMILE's `stddevNorm = 2`), percentiles 20/50/80 with linear interpolation, `pctlrange0-2`
/// (p80 − p20), mean/std of rising and falling slopes between salient peaks and minima, and
/// `loudnessPeaksPerSec` (both as openSMILE's `cFunctionalPeaks2`, see `ContourPeaks`; F0 over its voiced
/// frames joined), voiced / unvoiced segment statistics in seconds (`cFunctionalSegments`' segments, see
/// `ContourSegments`), and `equivalentSoundLevel_dBp` =
/// `10·log10` of the mean frame energy (floored at −100 dB). Every frequency-dependent constant (band
/// edges, harmonic search ranges, the formant model's resampling) is derived from the sampling rate, so
/// the columns follow openSMILE at 16, 22.05, 44.1 and 48 kHz alike (see
/// `scripts/features_crosscheck_report.md`).
///
/// This is not openSMILE: values track it (see `scripts/features_crosscheck.py` for the per-feature
/// correlation on RAVDESS) but are not bit-identical. Scales differ for some descriptors (loudness,
/// spectral flux, MFCC c1–c4 keep openSMILE's definitions up to constant factors). F0 comes, as in
/// eGeMAPS, from subharmonic summation with Viterbi smoothing (`SubharmonicSummationPitch`, our own
/// implementation of the published method with eGeMAPS' settings); `shs_pitch = 0` selects the
/// YIN/Viterbi `PitchTracker` instead (the tracker of versions ≤ 3).
///
/// Missing values: with no voiced frame all F0, jitter, shimmer, HNR, harmonic, formant and `V` columns,
/// `MeanVoicedSegmentLengthSec` and `StddevVoicedSegmentLengthSec` are `nan` (`VoicedSegmentsPerSec` is 0).
/// With no unvoiced frame the `UV` columns and unvoiced segment statistics are `nan`. Jitter/shimmer are
/// `nan` when the period chain measures no well-correlated pair of periods in any voiced frame; slope
/// statistics are `nan` without a rising (falling) stretch. Loudness, spectral flux, MFCC,
/// `loudnessPeaksPerSec` and `equivalentSoundLevel_dBp` are always defined for a non-empty signal (also
/// silence, clicks, clipping, DC offset and clips shorter than a frame, which are zero-padded to one
/// frame). An empty signal gives all `nan`.
///
/// Parameters: `f0_min` (Hz, default 55), `f0_max` (Hz, default 1000), `opensmile_formants` (1, the
/// default: formant frequencies, bandwidths and levels follow openSMILE's `cFormantLpc`, which solves
/// `A(z) = 2` instead of `A(z) = 0` and so reads e.g. a 700 Hz F1 low — see
/// `FormantEstimator.Polynomial.openSMILE`; 0: the LPC model's own poles, the true resonances),
/// `shs_pitch` (1, the default: subharmonic summation; 0: YIN, see `yinPitch`), `voicing_threshold` (the
/// pitch tracker's: default 0.7, eGeMAPS' voicing cutoff, with SHS; 0.75 with YIN).
public struct GemapsFeatureSet: FeatureSet {
    public let name = "gemaps"
    /// 5: openSMILE's definitions at every sampling rate — signed `stddevNorm`, `cSpectral`'s alpha ratio,
    /// Hammarberg index, band slopes and (unnormalized magnitude) flux, `cHarmonics`' harmonic levels,
    /// `cFunctionalPeaks2` slopes and peaks, and the formant model resynthesized in the time domain as
    /// `cSpecResample` does (at 16 kHz version 4 read F1 with r 0.57 against openSMILE). 4: F0 (and so
    /// voicing, jitter, shimmer and every voiced-frame descriptor) from subharmonic summation by default.
    public let version = 5
    public let pitch: PitchMethod
    let formants: VoiceAnalyzer.FormantMethod

    /// eGeMAPS' pitch tracker: subharmonic summation with its settings (`SubharmonicSummationConfiguration`
    /// defaults). Most of openSMILE's mean jitter comes from the few frames at voicing edges where its SHS
    /// F0 glides towards the sub-octave, which a YIN track does not do; with this tracker the same period
    /// chain follows openSMILE on 200 RAVDESS files with r 0.93 for jitter (YIN: 0.65), 0.98 for shimmer
    /// (0.82), 0.99 for HNR (0.94) and 1.00 for mean F0 (0.96).
    public static let defaultPitch = PitchMethod.shs(SubharmonicSummationConfiguration())

    /// The YIN tracker as `gemaps` configures it with `shs_pitch = 0`: `PitchTracker`'s defaults with
    /// voicing threshold 0.75 instead of 0.45. openSMILE's SHS tracker voices more liberally than YIN at
    /// 0.45 (on 200 RAVDESS files 26,502 frames vs 21,850, 5,287 of them voiced by openSMILE only); at 0.75
    /// the counts agree (27,399, of which 25,413 shared), and jitter, shimmer and HNR — which openSMILE
    /// measures in exactly those frames — track openSMILE's far better (r 0.51 → 0.65, 0.74 → 0.82,
    /// 0.87 → 0.94). The price is more octave-up errors in weakly periodic frames (mean F0 r 0.99 → 0.96,
    /// F0 percentile 80 r 0.99 → 0.87); dropping the octave cost avoids those but lets a synthetic 300 Hz
    /// vowel be tracked at a third of its F0.
    public static let yinPitch: PitchTrackerConfiguration = {
        var c = PitchTrackerConfiguration()
        c.voicingThreshold = 0.75
        return c
    }()

    /// - Parameter openSMILEFormants: see the `opensmile_formants` parameter.
    public init(pitch: PitchMethod = defaultPitch, openSMILEFormants: Bool = true) {
        self.pitch = pitch
        self.formants = openSMILEFormants ? .openSMILE : .resonances
    }

    public init(parameters: [String: Double]) throws(FeatureSetError) {
        var p = FeatureSetParameters(setName: "gemaps", values: parameters)
        let minFrequency = try p.double("f0_min", default: 55, in: 20...500)
        let maxFrequency = try p.double("f0_max", default: 1_000, in: 100...2_000)
        let openSMILEFormants = try p.integer("opensmile_formants", default: 1, in: 0...1)
        let shs = try p.integer("shs_pitch", default: 1, in: 0...1) == 1
        let threshold = try p.double(
            "voicing_threshold", default: shs ? 0.7 : Self.yinPitch.voicingThreshold, in: 0...2)
        try p.rejectUnknown()
        guard maxFrequency > 2 * minFrequency else {
            throw FeatureSetError("gemaps: f0_max must exceed 2·f0_min")
        }
        let pitch: PitchMethod
        if shs {
            var c = SubharmonicSummationConfiguration()
            c.minFrequency = minFrequency
            c.maxFrequency = maxFrequency
            c.voicingThreshold = threshold
            pitch = .shs(c)
        } else {
            var c = Self.yinPitch
            c.minFrequency = minFrequency
            c.maxFrequency = maxFrequency
            c.voicingThreshold = threshold
            pitch = .yin(c)
        }
        self.init(pitch: pitch, openSMILEFormants: openSMILEFormants == 1)
    }

    public var featureNames: [String] { Self.names }

    private var isSHS: Bool {
        if case .shs = pitch { return true }
        return false
    }

    public var canonicalParameters: String {
        "f0_max=\(canonical(pitch.maxFrequency)),f0_min=\(canonical(pitch.minFrequency)),"
            + "opensmile_formants=\(formants == .openSMILE ? 1 : 0),"
            + "shs_pitch=\(isSHS ? 1 : 0),voicing_threshold=\(canonical(pitch.voicingThreshold))"
    }

    public func extract(_ signal: [Float], sampleRate: Int, context: AnalysisContext) -> [Double] {
        guard !signal.isEmpty else { return [Double](repeating: .nan, count: Self.names.count) }
        let key = VoiceAnalyzer.Key(
            sampleRate: sampleRate, pitch: pitch, formants: formants)
        let analyzer = context.cached(key) {
            VoiceAnalyzer(
                sampleRate: sampleRate, pitch: pitch, formants: formants, context: context)
        }
        let c = analyzer.analyze(signal, selection: .all)
        var values = [String: Double]()

        func meanAndVariation(_ name: String, _ contour: [Double]) {
            let defined = ContourSmoothing.defined(contour)
            values["\(name)_amean"] = Statistics.mean(defined)
            values["\(name)_stddevNorm"] = Statistics.normalizedStandardDeviation(defined)
        }
        func distribution(_ name: String, _ defined: [Double]) -> ContourPeaks {
            let sorted = defined.sorted()
            values["\(name)_amean"] = Statistics.mean(defined)
            values["\(name)_stddevNorm"] = Statistics.normalizedStandardDeviation(defined)
            let p20 = Statistics.percentile(sorted: sorted, 0.2)
            let p80 = Statistics.percentile(sorted: sorted, 0.8)
            values["\(name)_percentile20.0"] = p20
            values["\(name)_percentile50.0"] = Statistics.percentile(sorted: sorted, 0.5)
            values["\(name)_percentile80.0"] = p80
            values["\(name)_pctlrange0-2"] = p80 - p20
            let peaks = ContourPeaks(defined, step: c.hopSeconds)
            let missing = defined.isEmpty
            values["\(name)_meanRisingSlope"] = missing ? .nan : peaks.meanRisingSlope
            values["\(name)_stddevRisingSlope"] = missing ? .nan : peaks.stddevRisingSlope
            values["\(name)_meanFallingSlope"] = missing ? .nan : peaks.meanFallingSlope
            values["\(name)_stddevFallingSlope"] = missing ? .nan : peaks.stddevFallingSlope
            return peaks
        }

        // F0 (voiced frames only, joined as eGeMAPS' `nonZeroFuncts` does) and loudness.
        let f0 = ContourSmoothing.sma3nz(c.f0Semitones)
        _ = distribution("F0semitoneFrom27.5Hz_sma3nz", ContourSmoothing.defined(f0))
        let loudness = ContourSmoothing.sma3(c.loudness)
        let loudnessPeaks = distribution("loudness_sma3", loudness)

        // Frame-wide spectral descriptors.
        meanAndVariation("spectralFlux_sma3", ContourSmoothing.sma3(c.spectralFlux))
        for k in 0..<4 { meanAndVariation("mfcc\(k + 1)_sma3", ContourSmoothing.sma3(c.mfcc[k])) }

        // Voiced-only descriptors.
        let voiced = (0..<c.frameCount).map { c.isVoiced($0) }
        // eGeMAPS zeroes the other kind of frame and its `nz` smoothing and functionals then skip every
        // zero, so a descriptor that is exactly 0 (e.g. the alpha ratio of a silent frame) is missing too.
        func onlyVoiced(_ x: [Double], _ keep: Bool) -> [Double] {
            zip(x, voiced).map { $1 == keep && $0 != 0 ? $0 : .nan }
        }
        meanAndVariation("jitterLocal_sma3nz", ContourSmoothing.sma3nz(c.jitter))
        meanAndVariation("shimmerLocaldB_sma3nz", ContourSmoothing.sma3nz(c.shimmer))
        meanAndVariation("HNRdBACF_sma3nz", ContourSmoothing.sma3nz(c.harmonicsToNoise))
        meanAndVariation("logRelF0-H1-H2_sma3nz", ContourSmoothing.sma3nz(c.h1MinusH2))
        meanAndVariation("logRelF0-H1-A3_sma3nz", ContourSmoothing.sma3nz(c.h1MinusA3))
        for i in 0..<3 {
            meanAndVariation("F\(i + 1)frequency_sma3nz", ContourSmoothing.sma3nz(c.formantFrequency[i]))
            meanAndVariation("F\(i + 1)bandwidth_sma3nz", ContourSmoothing.sma3nz(c.formantBandwidth[i]))
            meanAndVariation(
                "F\(i + 1)amplitudeLogRelF0_sma3nz", ContourSmoothing.sma3nz(c.formantAmplitude[i]))
        }
        let spectral: [(String, [Double])] = [
            ("alphaRatio", c.alphaRatio), ("hammarbergIndex", c.hammarbergIndex),
            ("slope", c.slope0To500),
            ("slope", c.slope500To1500), ("spectralFlux", c.spectralFlux),
        ]
        let suffixes = ["", "", "0-500", "500-1500", ""]
        for (index, (base, contour)) in spectral.enumerated() {
            let suffix = suffixes[index]
            meanAndVariation(
                "\(base)V\(suffix)_sma3nz", ContourSmoothing.sma3nz(onlyVoiced(contour, true)))
            let unvoicedContour = ContourSmoothing.defined(
                ContourSmoothing.sma3nz(onlyVoiced(contour, false)))
            values["\(base)UV\(suffix)_sma3nz_amean"] = Statistics.mean(unvoicedContour)
        }
        for k in 0..<4 {
            meanAndVariation("mfcc\(k + 1)V_sma3nz", ContourSmoothing.sma3nz(onlyVoiced(c.mfcc[k], true)))
        }

        // Temporal features.
        values["loudnessPeaksPerSec"] =
            Double(loudnessPeaks.peakCount) / (Double(max(1, loudness.count)) * c.hopSeconds)
        let voicedSegments = ContourSegments(count: f0.count) { !f0[$0].isNaN }
        let unvoicedSegments = ContourSegments(count: f0.count) { f0[$0].isNaN }
        let contourSeconds = Double(max(1, f0.count)) * c.hopSeconds
        values["VoicedSegmentsPerSec"] = Double(voicedSegments.lengths.count) / contourSeconds
        let voicedLengths = voicedSegments.statistics(hopSeconds: c.hopSeconds)
        values["MeanVoicedSegmentLengthSec"] = voicedLengths.mean
        values["StddevVoicedSegmentLengthSec"] = voicedLengths.standardDeviation
        let unvoicedLengths = unvoicedSegments.statistics(hopSeconds: c.hopSeconds)
        values["MeanUnvoicedSegmentLength"] = unvoicedLengths.mean
        values["StddevUnvoicedSegmentLength"] = unvoicedLengths.standardDeviation
        let meanEnergy = Statistics.mean(c.energy)
        values["equivalentSoundLevel_dBp"] = 10 * log10(max(meanEnergy, 1e-10))

        return Self.names.map { name in
            guard let value = values[name] else { preconditionFailure("gemaps computes no \(name)") }
            return value
        }
    }

    /// openSMILE eGeMAPSv02 functional names, in openSMILE's order.
    static let names: [String] = [
        "F0semitoneFrom27.5Hz_sma3nz_amean", "F0semitoneFrom27.5Hz_sma3nz_stddevNorm",
        "F0semitoneFrom27.5Hz_sma3nz_percentile20.0", "F0semitoneFrom27.5Hz_sma3nz_percentile50.0",
        "F0semitoneFrom27.5Hz_sma3nz_percentile80.0", "F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2",
        "F0semitoneFrom27.5Hz_sma3nz_meanRisingSlope", "F0semitoneFrom27.5Hz_sma3nz_stddevRisingSlope",
        "F0semitoneFrom27.5Hz_sma3nz_meanFallingSlope",
        "F0semitoneFrom27.5Hz_sma3nz_stddevFallingSlope",
        "loudness_sma3_amean", "loudness_sma3_stddevNorm", "loudness_sma3_percentile20.0",
        "loudness_sma3_percentile50.0", "loudness_sma3_percentile80.0", "loudness_sma3_pctlrange0-2",
        "loudness_sma3_meanRisingSlope", "loudness_sma3_stddevRisingSlope",
        "loudness_sma3_meanFallingSlope",
        "loudness_sma3_stddevFallingSlope", "spectralFlux_sma3_amean", "spectralFlux_sma3_stddevNorm",
        "mfcc1_sma3_amean", "mfcc1_sma3_stddevNorm", "mfcc2_sma3_amean", "mfcc2_sma3_stddevNorm",
        "mfcc3_sma3_amean", "mfcc3_sma3_stddevNorm", "mfcc4_sma3_amean", "mfcc4_sma3_stddevNorm",
        "jitterLocal_sma3nz_amean", "jitterLocal_sma3nz_stddevNorm", "shimmerLocaldB_sma3nz_amean",
        "shimmerLocaldB_sma3nz_stddevNorm", "HNRdBACF_sma3nz_amean", "HNRdBACF_sma3nz_stddevNorm",
        "logRelF0-H1-H2_sma3nz_amean", "logRelF0-H1-H2_sma3nz_stddevNorm",
        "logRelF0-H1-A3_sma3nz_amean",
        "logRelF0-H1-A3_sma3nz_stddevNorm", "F1frequency_sma3nz_amean", "F1frequency_sma3nz_stddevNorm",
        "F1bandwidth_sma3nz_amean", "F1bandwidth_sma3nz_stddevNorm", "F1amplitudeLogRelF0_sma3nz_amean",
        "F1amplitudeLogRelF0_sma3nz_stddevNorm", "F2frequency_sma3nz_amean",
        "F2frequency_sma3nz_stddevNorm",
        "F2bandwidth_sma3nz_amean", "F2bandwidth_sma3nz_stddevNorm", "F2amplitudeLogRelF0_sma3nz_amean",
        "F2amplitudeLogRelF0_sma3nz_stddevNorm", "F3frequency_sma3nz_amean",
        "F3frequency_sma3nz_stddevNorm",
        "F3bandwidth_sma3nz_amean", "F3bandwidth_sma3nz_stddevNorm", "F3amplitudeLogRelF0_sma3nz_amean",
        "F3amplitudeLogRelF0_sma3nz_stddevNorm", "alphaRatioV_sma3nz_amean",
        "alphaRatioV_sma3nz_stddevNorm",
        "hammarbergIndexV_sma3nz_amean", "hammarbergIndexV_sma3nz_stddevNorm",
        "slopeV0-500_sma3nz_amean",
        "slopeV0-500_sma3nz_stddevNorm", "slopeV500-1500_sma3nz_amean",
        "slopeV500-1500_sma3nz_stddevNorm",
        "spectralFluxV_sma3nz_amean", "spectralFluxV_sma3nz_stddevNorm", "mfcc1V_sma3nz_amean",
        "mfcc1V_sma3nz_stddevNorm", "mfcc2V_sma3nz_amean", "mfcc2V_sma3nz_stddevNorm",
        "mfcc3V_sma3nz_amean",
        "mfcc3V_sma3nz_stddevNorm", "mfcc4V_sma3nz_amean", "mfcc4V_sma3nz_stddevNorm",
        "alphaRatioUV_sma3nz_amean", "hammarbergIndexUV_sma3nz_amean", "slopeUV0-500_sma3nz_amean",
        "slopeUV500-1500_sma3nz_amean", "spectralFluxUV_sma3nz_amean", "loudnessPeaksPerSec",
        "VoicedSegmentsPerSec", "MeanVoicedSegmentLengthSec", "StddevVoicedSegmentLengthSec",
        "MeanUnvoicedSegmentLength", "StddevUnvoicedSegmentLength", "equivalentSoundLevel_dBp",
    ]
}
