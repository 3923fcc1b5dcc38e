import ArgumentParser
import EmovoxBoost

/// `--preset`: starting points for the trainer's parameters, which a params file and flags override.
enum TrainingPreset: String, CaseIterable, ExpressibleByArgument {
    /// The trainer's LightGBM-like defaults.
    case `default`
    /// Small corpora (a few speakers, a few hundred clips): shallow trees with many samples per leaf,
    /// L2 on leaf values, half the features per tree, row bagging, balanced classes, a slow learning
    /// rate, and the round count chosen by 3 speaker-disjoint inner folds (up to 400 rounds).
    case small

    var parameters: TrainingParameters {
        var parameters = TrainingParameters()
        switch self {
        case .default: break
        case .small:
            parameters.numIterations = 400
            parameters.learningRate = 0.05
            parameters.numLeaves = 7
            parameters.minDataInLeaf = 10
            parameters.lambdaL2 = 1
            parameters.featureFraction = 0.5
            parameters.baggingFraction = 0.8
            parameters.baggingFreq = 1
            parameters.classWeight = .balanced
        }
        return parameters
    }

    /// Inner folds that choose the round count (nil: train `numIterations` rounds).
    var innerFolds: Int? { self == .small ? 3 : nil }
}
