import Foundation

/// Everything that determines a split besides the items: stored with the split and exported in
/// meta.json, so the same configuration over the same items reproduces the same assignment.
public struct SplitConfiguration: Sendable, Hashable, Codable {
    public var strategy: SplitStrategy
    /// Seed of every random choice (search restarts, shuffles, down-sampling).
    public var seed: UInt64
    /// Match each side's emotion-label proportions to the selection's.
    public var stratifyByLabel: Bool
    /// Match each side's gender proportions to the selection's.
    public var stratifyByGender: Bool
    /// Class-imbalance compensation on the training side.
    public var balancing: TrainingBalancing
    /// Optional relabelling/selection of classes; nil keeps labels as they are.
    public var labelMap: LabelMap?

    /// Creates a configuration; stratification on label and gender is on by default.
    public init(
        strategy: SplitStrategy, seed: UInt64, stratifyByLabel: Bool = true,
        stratifyByGender: Bool = true, balancing: TrainingBalancing = .none,
        labelMap: LabelMap? = nil
    ) {
        self.strategy = strategy
        self.seed = seed
        self.stratifyByLabel = stratifyByLabel
        self.stratifyByGender = stratifyByGender
        self.balancing = balancing
        self.labelMap = labelMap
    }

    /// Stable JSON: sorted keys, no escaped slashes, so equal configurations give equal bytes.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a configuration written by ``canonicalJSON()``.
    public static func decode(json: Data) throws -> SplitConfiguration {
        try JSONDecoder().decode(SplitConfiguration.self, from: json)
    }
}
