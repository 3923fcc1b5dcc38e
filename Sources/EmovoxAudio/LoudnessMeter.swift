import CEBUR128
import EmovoxDSP

/// Loudness and peak levels of a clip, per ITU-R BS.1770 / EBU R128 as computed by libebur128.
public struct LoudnessMeasurement: Sendable, Equatable, Hashable {
    /// Gated integrated loudness in LUFS; `nil` when the clip is shorter than one 400 ms gating
    /// block or entirely below the absolute gate (−70 LUFS), i.e. when BS.1770 defines no value.
    public var integratedLUFS: Double?
    /// Largest absolute sample value (linear, 1.0 = full scale).
    public var samplePeak: Double
    /// Largest inter-sample peak estimated by libebur128's oversampling (linear); `nil` when the
    /// measurement was made without it (it is the costliest part of a measurement).
    public var truePeak: Double?

    public init(integratedLUFS: Double?, samplePeak: Double, truePeak: Double?) {
        self.integratedLUFS = integratedLUFS
        self.samplePeak = samplePeak
        self.truePeak = truePeak
    }
}

/// Measures loudness with libebur128 (`ebur128_init` / `add_frames_float` / `loudness_global`).
public enum LoudnessMeter {
    /// The shortest clip for which BS.1770 gating yields an integrated loudness: one 400 ms block.
    public static let minimumDuration = 0.4

    /// Measures a mono clip sampled at `sampleRate` Hz.
    /// - Parameter truePeak: also estimate the true peak (4× oversampling below 96 kHz; several
    ///   times the cost of the loudness measurement itself).
    /// - Throws: ``AudioError`` (`.invalidArgument`) when libebur128 rejects the rate or fails.
    public static func measure(_ samples: [Float], sampleRate: Int, truePeak includeTruePeak: Bool = true)
        throws(AudioError) -> LoudnessMeasurement
    {
        let peakMode = includeTruePeak ? EBUR128_MODE_TRUE_PEAK.rawValue : EBUR128_MODE_SAMPLE_PEAK.rawValue
        return try analyze(samples, sampleRate: sampleRate, mode: EBUR128_MODE_I.rawValue | peakMode) { state in
            var loudness = 0.0
            var samplePeak = 0.0
            var truePeak = 0.0
            guard ebur128_loudness_global(state, &loudness) == 0, ebur128_sample_peak(state, 0, &samplePeak) == 0,
                !includeTruePeak || ebur128_true_peak(state, 0, &truePeak) == 0
            else { return nil }
            return LoudnessMeasurement(
                integratedLUFS: loudness.isFinite ? loudness : nil, samplePeak: samplePeak,
                truePeak: includeTruePeak ? truePeak : nil)
        }
    }

    /// Feeds a mono clip to a fresh libebur128 state in `mode` and reads the result with `read`
    /// (which returns nil when a libebur128 query fails).
    private static func analyze<Result>(
        _ samples: [Float], sampleRate: Int, mode: UInt32, read: (UnsafeMutablePointer<ebur128_state>) -> Result?
    ) throws(AudioError) -> Result {
        guard sampleRate > 0, let state = ebur128_init(1, UInt(sampleRate), Int32(mode)) else {
            throw AudioError(path: "", kind: .invalidArgument, detail: "libebur128 rejected rate \(sampleRate)")
        }
        var handle: UnsafeMutablePointer<ebur128_state>? = state
        defer { ebur128_destroy(&handle) }
        let added = samples.withUnsafeBufferPointer { ebur128_add_frames_float(state, $0.baseAddress, $0.count) }
        guard added == 0, let result = read(state) else {
            throw AudioError(path: "", kind: .invalidArgument, detail: "libebur128 measurement failed")
        }
        return result
    }

    /// libebur128's true peak of a mono clip, computed only where it can occur.
    ///
    /// libebur128 oversamples 4× (below 96 kHz) with a 49-tap Hann-windowed sinc whose polyphase
    /// branches have absolute coefficient sums of at most ``interpolatorGain`` (1.864; the
    /// zero-phase branch passes samples through, so the true peak is never below the sample peak
    /// `P`). An interpolated value is a weighted sum of at most 13 consecutive samples, so it can
    /// exceed `P` only if one of them exceeds `P / interpolatorGain`. The clip is therefore reduced
    /// to those samples' neighbourhoods (±2 × 13 samples, so every value that sees one has its
    /// whole window), spliced with runs of zeros, and measured by libebur128 as usual: values
    /// near a splice see only quieter samples and zeros and stay below `P`. The result equals the
    /// full measurement bit for bit while oversampling a small part of a speech clip (the full
    /// measurement costs several times the loudness measurement itself).
    ///
    /// With `level`, only whether the true peak reaches `level` matters (a normalizer needs the
    /// exact value only when it must cap the gain), so the neighbourhoods shrink to those of samples
    /// above `max(P, level) / interpolatorGain`: the result is the exact true peak when that is at
    /// least `level`, and otherwise some value below `level`.
    /// - Throws: ``AudioError`` (`.invalidArgument`) when libebur128 rejects the rate or fails.
    public static func truePeak(_ samples: [Float], sampleRate: Int, atLeast level: Double = 0) throws(AudioError)
        -> Double
    {
        // At 96 kHz and above libebur128 uses other interpolators; measure those clips whole.
        guard sampleRate < 96_000 else {
            return try measure(samples, sampleRate: sampleRate, truePeak: true).truePeak ?? 0
        }
        let samplePeak = samples.withUnsafeBufferPointer { SampleKernels.peakMagnitude($0) }
        guard samplePeak > 0 else { return 0 }
        // No interpolated value reaches `level` when even the bound on them stays below it.
        guard Double(samplePeak) * interpolatorGain >= level else { return Double(samplePeak) }
        let threshold = Float(max(Double(samplePeak), level) / interpolatorGain)
        let reach = 2 * interpolatorSpan
        var spliced: [Float] = []
        var end = 0  // end of the last copied neighbourhood
        for (index, x) in samples.enumerated() where abs(x) >= threshold {
            let lower = max(0, index - reach)
            let upper = min(samples.count, index + reach + 1)
            if lower <= end && !spliced.isEmpty {
                if upper > end { spliced.append(contentsOf: samples[end..<upper]) }
            } else {
                spliced.append(contentsOf: repeatElement(0, count: interpolatorSpan))
                spliced.append(contentsOf: samples[lower..<upper])
            }
            end = max(end, upper)
        }
        return try analyze(spliced, sampleRate: sampleRate, mode: EBUR128_MODE_TRUE_PEAK.rawValue) { state in
            var peak = 0.0
            return ebur128_true_peak(state, 0, &peak) == 0 ? peak : nil
        }
    }

    /// The most the true peak can exceed the sample peak (linear factor) at `sampleRate`, by the
    /// interpolator bound above; `nil` at 96 kHz and above, where libebur128 interpolates otherwise.
    public static func truePeakBound(sampleRate: Int) -> Double? {
        sampleRate < 96_000 ? interpolatorGain : nil
    }

    /// Upper bound on the absolute coefficient sum of any polyphase branch of libebur128's
    /// true-peak interpolator (49 taps, factor 4: 1.0, 1.631, 1.864, 1.631), rounded up.
    static let interpolatorGain = 1.87
    /// Samples one interpolated value depends on (13 for libebur128's branches), as an upper bound.
    static let interpolatorSpan = 13
}
