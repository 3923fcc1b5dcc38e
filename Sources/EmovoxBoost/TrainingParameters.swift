/// Hyper-parameters of the booster, named after (and defaulting like) LightGBM's.
///
/// Decoding fills absent keys with the defaults, so a JSON config only needs the values it
/// changes. Call `validate()` (the booster does) to get a clear error for out-of-range values.
public struct TrainingParameters: Codable, Sendable, Equatable {
    /// Boosting iterations (each grows one tree per class for softmax).
    public var numIterations = 100
    /// Shrinkage applied to every leaf value.
    public var learningRate = 0.1
    /// Maximum leaves per tree (leaf-wise growth stops here).
    public var numLeaves = 31
    /// Maximum tree depth; -1 means unlimited.
    public var maxDepth = -1
    /// Minimum number of samples in a leaf.
    public var minDataInLeaf = 20
    /// Minimum sum of hessians in a leaf.
    public var minSumHessianInLeaf = 1e-3
    /// L2 regularisation on leaf values.
    public var lambdaL2 = 0.0
    /// Minimum gain for a split to be made.
    public var minSplitGain = 0.0
    /// Fraction of features sampled for each tree.
    public var featureFraction = 1.0
    /// Fraction of the tree's features sampled for each node.
    public var featureFractionByNode = 1.0
    /// Fraction of rows sampled (without replacement, per row Bernoulli) for bagging.
    public var baggingFraction = 1.0
    /// Re-sample the bag every `baggingFreq` iterations; 0 disables bagging.
    public var baggingFreq = 0
    /// Maximum number of value bins per feature (a missing-value bin comes on top).
    public var maxBin = 255
    /// Seed for all sampling.
    public var seed: UInt64 = 0
    /// Class weighting applied on top of per-sample weights.
    public var classWeight = ClassWeight.none
    /// Stop when the validation metric has not improved for this many rounds; 0 disables.
    public var earlyStoppingRounds = 0
    /// Validation metric that drives early stopping.
    public var earlyStoppingMetric = EarlyStoppingMetric.logloss
    /// Worker threads; 0 means one per core. Results do not depend on this value.
    public var threads = 0
    /// Filter-based pre-selection of features, scored on the training rows only (see
    /// `featureSelectionCount`).
    public var featureSelection = FeatureSelection.none
    /// How many features pre-selection keeps (the best-scoring ones); required ≥ 1 when
    /// `featureSelection` is not `none`. At least the number of usable features means keep all.
    public var featureSelectionCount = 0

    /// Default parameters.
    public init() {}

    /// Class weighting schemes.
    public enum ClassWeight: String, Codable, Sendable, Equatable {
        /// All classes weigh the same.
        case none
        /// Each class weighs `n_samples / (n_classes · count)`, like scikit-learn's "balanced".
        case balanced
    }

    /// Univariate scores for filter-based feature pre-selection.
    public enum FeatureSelection: String, Codable, Sendable, Equatable {
        /// Every feature is kept.
        case none
        /// Mutual information between the (coarsened, quantile-binned) feature and the class.
        case mutualInformation
        /// One-way ANOVA F statistic of the feature's quantile rank across classes.
        case anova
    }

    /// Metrics usable for early stopping.
    public enum EarlyStoppingMetric: String, Codable, Sendable, Equatable {
        /// Multiclass log-loss (lower is better).
        case logloss
        /// Unweighted average recall (higher is better).
        case uar
    }

    /// Throws `BoostError.invalidParameter` for the first out-of-range value.
    public func validate() throws {
        func require(_ ok: Bool, _ name: String, _ value: Any, _ requirement: String) throws {
            if !ok { throw BoostError.invalidParameter(name: name, value: "\(value)", requirement: requirement) }
        }
        try require(numIterations >= 1, "numIterations", numIterations, ">= 1")
        try require(learningRate.isFinite && learningRate > 0, "learningRate", learningRate, "a finite number > 0")
        try require((2...131_072).contains(numLeaves), "numLeaves", numLeaves, "in 2...131072")
        try require(maxDepth == -1 || maxDepth >= 1, "maxDepth", maxDepth, "-1 (unlimited) or >= 1")
        try require(minDataInLeaf >= 1, "minDataInLeaf", minDataInLeaf, ">= 1")
        try require(
            minSumHessianInLeaf.isFinite && minSumHessianInLeaf >= 0, "minSumHessianInLeaf", minSumHessianInLeaf,
            "a finite number >= 0")
        try require(lambdaL2.isFinite && lambdaL2 >= 0, "lambdaL2", lambdaL2, "a finite number >= 0")
        try require(minSplitGain.isFinite && minSplitGain >= 0, "minSplitGain", minSplitGain, "a finite number >= 0")
        try require(featureFraction > 0 && featureFraction <= 1, "featureFraction", featureFraction, "in (0, 1]")
        try require(
            featureFractionByNode > 0 && featureFractionByNode <= 1, "featureFractionByNode", featureFractionByNode,
            "in (0, 1]")
        try require(baggingFraction > 0 && baggingFraction <= 1, "baggingFraction", baggingFraction, "in (0, 1]")
        try require(baggingFreq >= 0, "baggingFreq", baggingFreq, ">= 0")
        try require((2...255).contains(maxBin), "maxBin", maxBin, "in 2...255")
        try require(earlyStoppingRounds >= 0, "earlyStoppingRounds", earlyStoppingRounds, ">= 0 (0 disables)")
        try require(threads >= 0, "threads", threads, ">= 0 (0 = all cores)")
        try require(
            featureSelection == .none || featureSelectionCount >= 1, "featureSelectionCount", featureSelectionCount,
            ">= 1 when featureSelection is \(featureSelection.rawValue)")
    }

    private enum CodingKeys: String, CodingKey {
        case numIterations, learningRate, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL2
        case minSplitGain, featureFraction, featureFractionByNode, baggingFraction, baggingFreq, maxBin, seed
        case classWeight, earlyStoppingRounds, earlyStoppingMetric, threads, featureSelection, featureSelectionCount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingParameters()
        numIterations = try c.decodeIfPresent(Int.self, forKey: .numIterations) ?? d.numIterations
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        numLeaves = try c.decodeIfPresent(Int.self, forKey: .numLeaves) ?? d.numLeaves
        maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth) ?? d.maxDepth
        minDataInLeaf = try c.decodeIfPresent(Int.self, forKey: .minDataInLeaf) ?? d.minDataInLeaf
        minSumHessianInLeaf = try c.decodeIfPresent(Double.self, forKey: .minSumHessianInLeaf) ?? d.minSumHessianInLeaf
        lambdaL2 = try c.decodeIfPresent(Double.self, forKey: .lambdaL2) ?? d.lambdaL2
        minSplitGain = try c.decodeIfPresent(Double.self, forKey: .minSplitGain) ?? d.minSplitGain
        featureFraction = try c.decodeIfPresent(Double.self, forKey: .featureFraction) ?? d.featureFraction
        featureFractionByNode =
            try c.decodeIfPresent(Double.self, forKey: .featureFractionByNode) ?? d.featureFractionByNode
        baggingFraction = try c.decodeIfPresent(Double.self, forKey: .baggingFraction) ?? d.baggingFraction
        baggingFreq = try c.decodeIfPresent(Int.self, forKey: .baggingFreq) ?? d.baggingFreq
        maxBin = try c.decodeIfPresent(Int.self, forKey: .maxBin) ?? d.maxBin
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        classWeight = try c.decodeIfPresent(ClassWeight.self, forKey: .classWeight) ?? d.classWeight
        earlyStoppingRounds = try c.decodeIfPresent(Int.self, forKey: .earlyStoppingRounds) ?? d.earlyStoppingRounds
        earlyStoppingMetric =
            try c.decodeIfPresent(EarlyStoppingMetric.self, forKey: .earlyStoppingMetric) ?? d.earlyStoppingMetric
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
        featureSelection =
            try c.decodeIfPresent(FeatureSelection.self, forKey: .featureSelection) ?? d.featureSelection
        featureSelectionCount =
            try c.decodeIfPresent(Int.self, forKey: .featureSelectionCount) ?? d.featureSelectionCount
    }
}
