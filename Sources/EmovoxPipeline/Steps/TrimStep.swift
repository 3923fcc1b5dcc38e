/// Removes leading and trailing silence.
public struct TrimStep: Sendable, Equatable, Hashable {
    /// What the threshold is relative to.
    public enum Reference: String, Sendable, CaseIterable, Hashable {
        /// `thresholdDB` below the energy of the clip's loudest frame (robust to recording level).
        case peak
        /// `thresholdDB` is an absolute frame RMS level in dBFS.
        case absolute
    }

    public static let name = "trim"
    public static let implementationVersion = 1

    public var reference: Reference
    /// Frames quieter than this (dB, relative or absolute per `reference`) count as silence.
    public var thresholdDB: Double
    /// Audio kept on each side of the first and last non-silent frame, in milliseconds.
    public var marginMilliseconds: Double
    /// Analysis frame length in milliseconds.
    public var frameMilliseconds: Double

    public init(
        reference: Reference = .peak, thresholdDB: Double = -40, marginMilliseconds: Double = 50,
        frameMilliseconds: Double = 10
    ) {
        self.reference = reference
        self.thresholdDB = thresholdDB
        self.marginMilliseconds = marginMilliseconds
        self.frameMilliseconds = frameMilliseconds
    }

    public var canonicalParameters: String {
        "reference=\(reference.rawValue);threshold_db=\(thresholdDB);margin_ms=\(marginMilliseconds);frame_ms=\(frameMilliseconds)"
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        self.init(
            reference: try parameters.choice("reference", default: .peak),
            thresholdDB: try parameters.double("threshold_db", default: -40, in: -120...0),
            marginMilliseconds: try parameters.double("margin_ms", default: 50, in: 0...5_000),
            frameMilliseconds: try parameters.double("frame_ms", default: 10, in: 1...200))
    }
}
