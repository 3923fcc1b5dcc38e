/// How the pre-normalization loudness in ``SampleMetadata`` was obtained.
public enum LoudnessMethod: UInt8, Sendable, Equatable, Hashable, CaseIterable {
    /// No normalize step ran.
    case notMeasured = 0
    /// BS.1770 gated integrated loudness of the clip itself.
    case integrated = 1
    /// The clip was shorter than 400 ms and was measured repeated end to end.
    case looped = 2
    /// The clip was shorter than 400 ms and its RMS dBFS stands in for loudness.
    case rmsFallback = 3
    /// Silent or below the absolute gate: no loudness exists, no gain was applied.
    case unmeasurable = 4
}

/// Per-sample facts recorded while processing, usable as features.
public struct SampleMetadata: Sendable, Equatable, Hashable {
    /// Sample rate and channel count of the source file.
    public var sourceSampleRate: Int = 0
    public var sourceChannels: Int = 0
    /// Duration of the decoded source, seconds.
    public var originalDuration: Double = 0
    /// Duration after the trim step, seconds; `nil` when the spec has no trim step.
    public var trimmedDuration: Double?
    /// Duration of the final processed audio, seconds.
    public var processedDuration: Double = 0
    /// Sample rate of the final processed audio.
    public var processedSampleRate: Int = 0
    /// Integrated loudness (LUFS) measured by the normalize step before it applied gain.
    public var originalLoudnessLUFS: Double?
    public var loudnessMethod: LoudnessMethod = .notMeasured
    /// Gain the normalize step applied, dB (0 when none).
    public var appliedGainDB: Double = 0
    /// True when the gain was reduced so the peak stayed at the ceiling.
    public var gainCapped: Bool = false
    /// Fraction of 20 ms frames judged voiced (energy and zero-crossing rate) in the processed audio.
    /// Measured on the final audio of a run; NaN in cache entries of intermediate audio states.
    public var voicedProportion: Double = 0

    public init() {}
}
