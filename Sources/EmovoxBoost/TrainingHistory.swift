/// Per-round metrics recorded during training, kept in the model.
public struct TrainingHistory: Codable, Sendable, Equatable {
    /// Metrics after one boosting round.
    public struct Round: Codable, Sendable, Equatable {
        /// 1-based iteration number.
        public let iteration: Int
        /// Log-loss on the training rows (all of them, not only the bag).
        public let trainLogLoss: Double
        /// Log-loss on the validation set, when one was given.
        public let validLogLoss: Double?
        /// Unweighted average recall on the validation set, when one was given.
        public let validUAR: Double?
    }

    /// One entry per round actually run (including rounds after the best one).
    public var rounds: [Round] = []
    /// Number of iterations whose trees the model keeps (the best validation round when early
    /// stopping was enabled, otherwise the last).
    public var keptIterations = 0
    /// Whether training stopped before `numIterations` because the validation metric stalled.
    public var stoppedEarly = false

    public init() {}
}

/// How much each feature contributed to the kept trees, aligned with the model's feature names.
public struct FeatureImportance: Codable, Sendable, Equatable {
    /// Sum of split gains per feature.
    public let gain: [Double]
    /// Number of splits per feature.
    public let splitCount: [Int]

    init(trees: [Tree], featureCount: Int) {
        var gain = [Double](repeating: 0, count: featureCount)
        var splitCount = [Int](repeating: 0, count: featureCount)
        for tree in trees {
            for (node, feature) in tree.splitFeature.enumerated() {
                gain[feature] += tree.splitGain[node]
                splitCount[feature] += 1
            }
        }
        self.gain = gain
        self.splitCount = splitCount
    }

    /// Feature indices ordered by decreasing gain (ties: lower index first).
    public var rankedByGain: [Int] {
        gain.indices.sorted { gain[$0] > gain[$1] || (gain[$0] == gain[$1] && $0 < $1) }
    }
}
