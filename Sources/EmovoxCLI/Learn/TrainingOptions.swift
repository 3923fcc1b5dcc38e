import ArgumentParser
import EmovoxBoost
import Foundation

extension TrainingParameters.ClassWeight: ExpressibleByArgument {}
extension TrainingParameters.EarlyStoppingMetric: ExpressibleByArgument {}
extension TrainingParameters.FeatureSelection: ExpressibleByArgument {}

/// Trainer hyper-parameters: a JSON file (`--params`, keys as in a model file's `parameters`) and
/// flags, flags winning. Unset values keep the trainer's LightGBM-like defaults.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Starting parameters: default or small (small corpora; see the README).")
    var preset: TrainingPreset = .default
    @Option(help: "JSON file of training parameters (as in a model's \"parameters\").") var params: String?
    @Option(
        help: """
            Choose the number of rounds (up to --iterations) by K speaker-disjoint inner folds of each \
            training side (0: off; --preset small: 3).
            """)
    var innerFolds: Int?
    @Option(help: "Boosting rounds.") var iterations: Int?
    @Option(help: "Shrinkage.") var learningRate: Double?
    @Option(help: "Maximum leaves per tree.") var numLeaves: Int?
    @Option(help: "Maximum depth (-1: unlimited).") var maxDepth: Int?
    @Option(help: "Minimum samples per leaf.") var minDataInLeaf: Int?
    @Option(help: "L2 regularization.") var lambdaL2: Double?
    @Option(help: "Fraction of features sampled per tree.") var featureFraction: Double?
    @Option(help: "Fraction of features sampled per node.") var featureFractionByNode: Double?
    @Option(help: "Fraction of rows sampled (with --bagging-freq).") var baggingFraction: Double?
    @Option(help: "Re-sample rows every N rounds (0: never).") var baggingFreq: Int?
    @Option(help: "none or balanced (inverse class frequency).") var classWeight: TrainingParameters.ClassWeight?
    @Option(help: "Stop after N rounds without improvement on the validation side (0: off).")
    var earlyStopping: Int?
    @Option(help: "logloss or uar.") var earlyStoppingMetric: TrainingParameters.EarlyStoppingMetric?
    @Option(help: "Seed for row and feature sampling.") var trainSeed: UInt64?
    @Option(help: "Threads (0: all cores); results are identical for any count.") var threads: Int?
    @Option(
        help: """
            Pre-select features on each training side only: none, mutualInformation or anova \
            (keeps --feature-selection-count).
            """)
    var featureSelection: TrainingParameters.FeatureSelection?
    @Option(help: "How many features pre-selection keeps.") var featureSelectionCount: Int?
    @OptionGroup var normalization: NormalizationOptions

    /// The normalization settings: the params file's `normalize`, `normalizeStat`,
    /// `normalizeMinSamples` and `referenceLabel`, then the flags.
    func normalizationSettings() throws -> NormalizationSettings {
        guard let params else { return try normalization.settings() }
        do {
            return try normalization.settings(
                file: try JSONDecoder().decode(NormalizationParametersFile.self, from: try paramsData(params)))
        } catch let error as CommandError {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw CommandError("\(params): not a parameters JSON object (\(error))")
        }
    }

    private func paramsData(_ params: String) throws -> Data {
        if let problem = RegularFile.problem(params) { throw CommandError("\(params): \(problem)") }
        guard let data = FileManager.default.contents(atPath: params) else {
            throw CommandError("\(params): cannot read the parameters file")
        }
        return data
    }

    func parameters() throws -> TrainingParameters {
        var parameters = preset.parameters
        if let params {
            let data = try paramsData(params)
            do {
                // The file's keys override the preset's values (absent keys keep them).
                guard
                    var merged = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(parameters))
                        as? [String: Any], let file = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { throw CommandError("\(params): not a parameters JSON object") }
                merged.merge(file) { $1 }
                parameters = try JSONDecoder().decode(
                    TrainingParameters.self, from: try JSONSerialization.data(withJSONObject: merged))
            } catch {
                throw CommandError("\(params): not a parameters JSON object (\(error))")
            }
        }
        if let iterations { parameters.numIterations = iterations }
        if let learningRate { parameters.learningRate = learningRate }
        if let numLeaves { parameters.numLeaves = numLeaves }
        if let maxDepth { parameters.maxDepth = maxDepth }
        if let minDataInLeaf { parameters.minDataInLeaf = minDataInLeaf }
        if let lambdaL2 { parameters.lambdaL2 = lambdaL2 }
        if let featureFraction { parameters.featureFraction = featureFraction }
        if let featureFractionByNode { parameters.featureFractionByNode = featureFractionByNode }
        if let baggingFraction { parameters.baggingFraction = baggingFraction }
        if let baggingFreq { parameters.baggingFreq = baggingFreq }
        if let classWeight { parameters.classWeight = classWeight }
        if let earlyStopping { parameters.earlyStoppingRounds = earlyStopping }
        if let earlyStoppingMetric { parameters.earlyStoppingMetric = earlyStoppingMetric }
        if let trainSeed { parameters.seed = trainSeed }
        if let threads { parameters.threads = threads }
        if let featureSelection { parameters.featureSelection = featureSelection }
        if let featureSelectionCount { parameters.featureSelectionCount = featureSelectionCount }
        do {
            try parameters.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return parameters
    }

    /// Inner folds that choose the round count, or nil.
    func innerFoldCount() throws -> Int? {
        let folds = innerFolds ?? preset.innerFolds ?? 0
        guard folds == 0 || folds >= 2 else { throw ValidationError("--inner-folds must be 0 (off) or at least 2") }
        return folds == 0 ? nil : folds
    }

    func validate() throws {
        _ = try innerFoldCount()
        _ = try parameters()
        _ = try normalizationSettings()
    }
}
