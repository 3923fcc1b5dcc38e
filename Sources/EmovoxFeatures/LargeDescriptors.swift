/// One low-level descriptor (LLD) of the `large` feature set: a per-frame measurement on the 10 ms grid.
public struct LargeDescriptor: Sendable, Hashable {
    /// Column stem, e.g. `pcm_loudness_sma`; feature names are `<name>_<functional>` and
    /// `<name>_de_<functional>` for the delta contour.
    public var name: String
    /// Whether the descriptor exists only in voiced frames (`nan` elsewhere). Its functionals are taken
    /// over the voiced frames only, concatenated in time order; with no voiced frame they are all `nan`.
    public var voicedOnly: Bool

    public init(name: String, voicedOnly: Bool) {
        self.name = name
        self.voicedOnly = voicedOnly
    }
}

extension LargeDescriptor {
    /// Mel bands of the log-mel and MFCC descriptors (HTK mel, 20–8000 Hz, the auditory-loudness bank).
    static let melBandCount = 26
    /// MFCCs 1…`mfccCount` (c₀ is left out, as in ComParE; loudness and RMS energy carry the level).
    static let mfccCount = 14
    /// Spectral roll-off points, as fractions of the total frame power.
    static let rollOffPoints = [0.25, 0.50, 0.75, 0.90]

    /// Every descriptor in column order, each with a 3-frame moving average (`_sma`) applied before the
    /// functionals (voiced-only descriptors average over voiced neighbours only). Frames are 25 ms Hamming
    /// windows every 10 ms (left-aligned; F0 and voice quality use the pitch tracker's 60 ms frames on the
    /// same grid). Spectral descriptors use the 512-point (at 16 kHz) power spectrum `P[k]` or its
    /// magnitude `M[k] = √P[k]`:
    ///
    /// - `pcm_loudness_sma`: auditory loudness (`AuditoryLoudness`: Σ over 26 mel bands of
    ///   (equal-loudness weight · band power)^0.33).
    /// - `pcm_RMSenergy_sma`: root mean square of the raw (unwindowed) 25 ms frame.
    /// - `pcm_zcr_sma`: sign changes per sample in the raw frame (0…1).
    /// - `voicingProb_sma`: the pitch tracker's soft voicing (1 − YIN aperiodicity), every frame.
    /// - `pcm_fftMag_fband250-650_sma`, `pcm_fftMag_fband1000-4000_sma`: Σ P[k] over the band.
    /// - `pcm_fftMag_spectralRollOff{25,50,75,90}.0_sma`: lowest frequency (Hz) below which that share
    ///   of Σ P[k] lies (0 for a silent frame).
    /// - `pcm_fftMag_spectralFlux_sma`: Σ (m_t[k] − m_{t−1}[k])² of the sum-normalized magnitude
    ///   spectra m = M / ΣM (0 in the first frame).
    /// - `pcm_fftMag_spectralCentroid_sma`, `…Variance_sma` (Hz²), `…Skewness_sma`, `…Kurtosis_sma`
    ///   (non-excess): moments of frequency under the distribution m[k]; `…Entropy_sma`: −Σ m log₂ m
    ///   (bits). All 0 in a silent frame; skewness and kurtosis 0 when the variance is 0.
    /// - `pcm_fftMag_spectralSlope_sma`: least-squares slope of 10·log10(P[k] + 10⁻¹⁰) over frequency,
    ///   dB per kHz.
    /// - `pcm_fftMag_spectralHarmonicity_sma`: mean height (dB) of the local maxima of the dB spectrum
    ///   above the preceding local minimum — large for a line (harmonic) spectrum, small for noise, 0 for
    ///   a flat spectrum.
    /// - `pcm_fftMag_psySharpness_sma`: Zwicker sharpness (acum-like scale) of the 26-band specific
    ///   loudness: `0.11 · Σ N'(z) g(z) z / Σ N'(z)` with z the band center in Bark (Traunmüller) and
    ///   `g(z) = 1` below 15.8 Bark, `0.066·e^{0.171 z}` above; 0 for a silent frame.
    /// - `logMelFreqBand{0…25}_sma`: natural log of each mel band power, floored at 10⁻¹⁰.
    /// - `mfcc{1…14}_sma`: HTK DCT-II of the 26 log-mel bands, sinusoidal lifter 22.
    /// - Voiced only: `F0semitone_sma` (12·log2(F0 / 27.5 Hz), from `PitchTracker`, with openSMILE's
    ///   energy gate: a voiced frame whose Gaussian-windowed 60 ms RMS is below 0.001 counts as unvoiced),
    ///   `jitterLocal_sma` and `shimmerLocaldB_sma` (`PeriodPerturbation` on the raw 60 ms frame; also `nan`
    ///   in voiced frames where fewer than two full periods are found), `HNRdBACF_sma` (`Harmonicity`
    ///   from the normalized autocorrelation at the period).
    public static let all: [LargeDescriptor] = {
        var names = [
            "pcm_loudness", "pcm_RMSenergy", "pcm_zcr", "voicingProb", "pcm_fftMag_fband250-650",
            "pcm_fftMag_fband1000-4000",
        ]
        names += rollOffPoints.map { "pcm_fftMag_spectralRollOff\($0 * 100)" }
        names += [
            "pcm_fftMag_spectralFlux", "pcm_fftMag_spectralCentroid", "pcm_fftMag_spectralEntropy",
            "pcm_fftMag_spectralVariance", "pcm_fftMag_spectralSkewness", "pcm_fftMag_spectralKurtosis",
            "pcm_fftMag_spectralSlope", "pcm_fftMag_spectralHarmonicity", "pcm_fftMag_psySharpness",
        ]
        names += (0..<melBandCount).map { "logMelFreqBand\($0)" }
        names += (1...mfccCount).map { "mfcc\($0)" }
        var descriptors = names.map { LargeDescriptor(name: $0 + "_sma", voicedOnly: false) }
        descriptors += ["F0semitone", "jitterLocal", "shimmerLocaldB", "HNRdBACF"].map {
            LargeDescriptor(name: $0 + "_sma", voicedOnly: true)
        }
        return descriptors
    }()
}

/// Row indices of `LargeDescriptor.all` in the descriptor matrix, kept next to the list they index.
enum LargeRow {
    static let loudness = 0
    static let rmsEnergy = 1
    static let zeroCrossingRate = 2
    static let voicingProbability = 3
    static let band250To650 = 4
    static let band1000To4000 = 5
    static let rollOff = 6  // 4 rows
    static let flux = 10
    static let centroid = 11
    static let entropy = 12
    static let variance = 13
    static let skewness = 14
    static let kurtosis = 15
    static let slope = 16
    static let harmonicity = 17
    static let sharpness = 18
    static let logMel = 19  // 26 rows
    static let mfcc = 45  // 14 rows
    static let f0 = 59
    static let jitter = 60
    static let shimmer = 61
    static let harmonicsToNoise = 62
    static let count = 63
}
