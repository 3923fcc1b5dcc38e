import Foundation
import Testing

@testable import EmovoxBoost

@Suite struct FeaturePreselectionTests {
    /// 4 Gaussian classes, each shifted on its own feature (0…3), plus 60 noise features.
    private func wideData(seed: UInt64) throws -> LabeledDataset {
        try SyntheticData.gaussianClasses(rows: 800, classCount: 4, featureCount: 64, separation: 2, seed: seed)
    }

    private func parameters(_ method: TrainingParameters.FeatureSelection, count: Int) -> TrainingParameters {
        var parameters = TrainingParameters()
        parameters.numIterations = 15
        parameters.numLeaves = 8
        parameters.minDataInLeaf = 5
        parameters.featureSelection = method
        parameters.featureSelectionCount = count
        return parameters
    }

    @Test(arguments: [TrainingParameters.FeatureSelection.mutualInformation, .anova])
    func keepsTheInformativeFeaturesAndTreesUseNothingElse(method: TrainingParameters.FeatureSelection) throws {
        let data = try wideData(seed: 21)
        let model = try Booster.train(data, parameters: parameters(method, count: 4))
        let used = Set(model.trees.flatMap(\.splitFeature))
        #expect(used == [0, 1, 2, 3])
        // The restricted model still separates the classes on fresh data.
        let test = try wideData(seed: 22)
        let accuracy = Metrics.accuracy(trueLabels: test.labels, predictedLabels: try model.predict(test.features))
        #expect(accuracy >= 0.6)
    }

    @Test func rankScoreIgnoresAnOutlierThatWouldDominateRawValues() throws {
        // Feature 0 is pure noise except one enormous value in class 0; feature 1 carries a real,
        // modest class shift. A raw-value F statistic ranks feature 0 first; the rank F must not.
        var random = Xoshiro256StarStar(seed: 5)
        var rows: [[Float]] = []
        var labels: [Int] = []
        for row in 0..<400 {
            let label = row % 2
            var noise = SyntheticData.gaussian(&random)
            if row == 0 { noise = 1e6 }
            rows.append([noise, SyntheticData.gaussian(&random) + (label == 1 ? 0.8 : 0)])
            labels.append(label)
        }
        let data = try LabeledDataset(
            features: FeatureMatrix(featureNames: ["outlier", "shift"], rows: rows), labels: labels,
            labelNames: ["a", "b"])
        let mapper = BinMapper(learningFrom: data.features, maxBin: 255)
        let binned = mapper.binned(data.features, threads: 1)
        let weights = [Float](repeating: 1, count: data.rowCount)
        for method in [TrainingParameters.FeatureSelection.anova, .mutualInformation] {
            let selected = FeaturePreselection.select(
                [0, 1], count: 1, method: method, binned: binned, binnings: mapper.features, labels: data.labels,
                classCount: 2, weights: weights, threads: 1)
            #expect(selected == [1], "\(method)")
        }
    }

    @Test func selectionIsIdenticalOnAnyThreadCountAndKeepAllMatchesNoSelection() throws {
        let data = try wideData(seed: 23)
        var selecting = parameters(.mutualInformation, count: 10)
        selecting.featureFraction = 0.5
        selecting.seed = 7
        selecting.threads = 1
        let single = try Booster.train(data, parameters: selecting)
        selecting.threads = 3
        let multi = try Booster.train(data, parameters: selecting)
        #expect(try single.encoded() == multi.encoded())
        #expect(Set(single.trees.flatMap(\.splitFeature)).count <= 10)

        // Asking for at least every usable feature keeps them all: the same trees as no selection.
        let all = try Booster.train(data, parameters: parameters(.anova, count: 64))
        let none = try Booster.train(data, parameters: parameters(.none, count: 0))
        #expect(all.trees == none.trees)
    }

    @Test func countIsRequiredWithAMethod() throws {
        let data = try wideData(seed: 24)
        #expect(throws: BoostError.self) { try Booster.train(data, parameters: parameters(.anova, count: 0)) }
        var decoded = try JSONDecoder().decode(
            TrainingParameters.self,
            from: Data(#"{"featureSelection":"mutualInformation","featureSelectionCount":300}"#.utf8))
        #expect(decoded.featureSelection == .mutualInformation)
        #expect(decoded.featureSelectionCount == 300)
        decoded = try JSONDecoder().decode(TrainingParameters.self, from: Data("{}".utf8))
        #expect(decoded.featureSelection == TrainingParameters.FeatureSelection.none)
    }
}
