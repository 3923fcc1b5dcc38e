/// The normalization a model was trained with, recorded in its JSON so that prediction can
/// standardize new rows the same way.
public struct FeatureNormalization: Codable, Sendable, Equatable {
    /// Which rows share statistics.
    public enum Mode: String, Codable, Sendable, Equatable, CaseIterable {
        /// Raw features.
        case none
        /// Each speaker standardized with statistics over that speaker's own rows.
        case speaker
        /// Each corpus standardized with statistics over that corpus's own rows.
        case corpus
        /// Every row standardized with the training rows' statistics.
        case global
    }

    /// Which rows share statistics.
    public let mode: Mode
    /// Which statistics.
    public let statistic: NormalizationStatistic
    /// A group with fewer contributing rows is standardized with `global` instead.
    public let minSamples: Int
    /// When set, only rows of this label contribute to a group's statistics (an enrollment set of,
    /// e.g., neutral clips).
    public let referenceLabel: String?
    /// Statistics over the training rows (their reference-label rows when `referenceLabel` is set):
    /// what `global` mode applies and what a group without enough rows falls back to.
    public let global: FeatureStatistics

    /// Creates a record.
    /// - Throws: `BoostError.invalidParameter` for `minSamples` < 1.
    public init(
        mode: Mode, statistic: NormalizationStatistic, minSamples: Int, referenceLabel: String?,
        global: FeatureStatistics
    ) throws {
        guard minSamples >= 1 else {
            throw BoostError.invalidParameter(name: "normalizeMinSamples", value: "\(minSamples)", requirement: ">= 1")
        }
        self.mode = mode
        self.statistic = statistic
        self.minSamples = minSamples
        self.referenceLabel = referenceLabel
        self.global = global
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            mode: try c.decode(Mode.self, forKey: .mode),
            statistic: try c.decode(NormalizationStatistic.self, forKey: .statistic),
            minSamples: try c.decode(Int.self, forKey: .minSamples),
            referenceLabel: try c.decodeIfPresent(String.self, forKey: .referenceLabel),
            global: try c.decode(FeatureStatistics.self, forKey: .global))
    }

    private enum CodingKeys: String, CodingKey { case mode, statistic, minSamples, referenceLabel, global }
}
