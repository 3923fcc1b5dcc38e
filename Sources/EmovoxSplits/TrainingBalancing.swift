/// How class imbalance is compensated on the training side (per fold for fold-based strategies).
/// Validation and test sides are never balanced, so evaluation sees the natural distribution.
public enum TrainingBalancing: String, Sendable, Hashable, Codable, CaseIterable {
    /// Keep every training sample with weight 1.
    case none
    /// Seeded random down-sampling of every training class to the size of the smallest one.
    case downsample
    /// Keep every sample; weight each by inverse class frequency, normalized so the mean is 1.
    case weights
}
