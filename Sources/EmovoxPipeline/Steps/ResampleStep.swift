import EmovoxAudio

/// Resamples the mono signal to a target rate (no-op when already there).
public struct ResampleStep: Sendable, Equatable, Hashable {
    public static let name = "resample"
    public static let implementationVersion = 1
    /// The converter used when a spec does not name one; see ``Resampler/Converter`` for the
    /// measured speed/quality trade-off.
    public static let defaultConverter = Resampler.Converter.soxrHQ

    public var rate: Int
    public var converter: Resampler.Converter

    public init(rate: Int = 16_000, converter: Resampler.Converter = ResampleStep.defaultConverter) {
        self.rate = rate
        self.converter = converter
    }

    public var canonicalParameters: String { "rate=\(rate);converter=\(converter.rawValue)" }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        self.init(
            rate: try parameters.int("rate", default: 16_000, in: 4_000...192_000),
            converter: try parameters.choice("converter", default: Self.defaultConverter))
    }
}
