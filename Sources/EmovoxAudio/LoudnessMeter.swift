import CEBUR128

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
        let mode = Int32(EBUR128_MODE_I.rawValue | peakMode)
        guard sampleRate > 0, let created = ebur128_init(1, UInt(sampleRate), mode) else {
            throw AudioError(path: "", kind: .invalidArgument, detail: "libebur128 rejected rate \(sampleRate)")
        }
        var handle: UnsafeMutablePointer<ebur128_state>? = created
        defer { ebur128_destroy(&handle) }
        let state = created
        let added = samples.withUnsafeBufferPointer {
            ebur128_add_frames_float(state, $0.baseAddress, $0.count)
        }
        var loudness = 0.0
        var samplePeak = 0.0
        var truePeak = 0.0
        guard added == 0, ebur128_loudness_global(state, &loudness) == 0,
            ebur128_sample_peak(state, 0, &samplePeak) == 0,
            !includeTruePeak || ebur128_true_peak(state, 0, &truePeak) == 0
        else {
            throw AudioError(path: "", kind: .invalidArgument, detail: "libebur128 measurement failed")
        }
        return LoudnessMeasurement(
            integratedLUFS: loudness.isFinite ? loudness : nil, samplePeak: samplePeak,
            truePeak: includeTruePeak ? truePeak : nil)
    }
}
