import Foundation
import Testing

@testable import EmovoxBoost

@Suite struct BoosterTests {
    private func accuracy(_ model: Model, _ data: LabeledDataset) throws -> Double {
        Metrics.accuracy(trueLabels: data.labels, predictedLabels: try model.predict(data.features))
    }

    @Test func learnsXOR() throws {
        let train = try SyntheticData.xor(rows: 1000, seed: 1)
        let test = try SyntheticData.xor(rows: 500, seed: 2)
        var parameters = TrainingParameters()
        parameters.numIterations = 60
        parameters.numLeaves = 8
        parameters.minDataInLeaf = 5
        let model = try Booster.train(train, parameters: parameters)
        #expect(model.objective == .logistic)
        #expect(try accuracy(model, test) >= 0.95)
    }

    @Test func learnsFourGaussianClasses() throws {
        let train = try SyntheticData.gaussianClasses(rows: 800, classCount: 4, featureCount: 8, separation: 4, seed: 3)
        let test = try SyntheticData.gaussianClasses(rows: 400, classCount: 4, featureCount: 8, separation: 4, seed: 4)
        var parameters = TrainingParameters()
        parameters.numIterations = 40
        parameters.numLeaves = 8
        let model = try Booster.train(train, parameters: parameters)
        #expect(model.objective == .softmax)
        #expect(model.trees.count == 40 * 4)
        #expect(try accuracy(model, test) >= 0.95)
        // Only the first four features carry signal; they must dominate the gain importance.
        #expect(Set(model.featureImportance.rankedByGain.prefix(4)) == [0, 1, 2, 3])
    }

    @Test func doesNotFitNoiseAboveChance() throws {
        let train = try SyntheticData.noise(rows: 600, classCount: 4, featureCount: 10, seed: 5)
        let test = try SyntheticData.noise(rows: 800, classCount: 4, featureCount: 10, seed: 6)
        var parameters = TrainingParameters()
        parameters.numIterations = 50
        parameters.numLeaves = 15
        parameters.minDataInLeaf = 5
        let model = try Booster.train(train, parameters: parameters)
        // Predictions independent of the labels can at best hit the majority class rate p in
        // expectation; allow 3 binomial standard deviations of sampling noise above it.
        let support = (0..<4).map { c in test.labels.filter { $0 == c }.count }
        let p = Double(support.max()!) / Double(test.rowCount)
        let margin = 3 * (p * (1 - p) / Double(test.rowCount)).squareRoot()
        let heldOut = try accuracy(model, test)
        #expect(heldOut < p + margin)
        // …while it does fit the training noise, so the check above is not vacuous.
        #expect(try accuracy(model, train) > p + 0.2)
    }

    /// Big enough (1500 rows × 130 features, ~1050 rows per bag) that histogram building and
    /// split search take the parallel path, with both stored-histogram and direct leaves.
    private func determinismFixture() throws -> (LabeledDataset, TrainingParameters) {
        let data = try SyntheticData.gaussianClasses(
            rows: 1500, classCount: 3, featureCount: 130, separation: 1, seed: 8)
        var parameters = TrainingParameters()
        parameters.numIterations = 5
        parameters.numLeaves = 12
        parameters.baggingFraction = 0.7
        parameters.baggingFreq = 2
        parameters.featureFraction = 0.8
        parameters.featureFractionByNode = 0.7
        parameters.seed = 42
        return (data, parameters)
    }

    /// With per-node sampling (0.7) a round's trees are grown one after another, each split
    /// across threads; without it (1) they are grown side by side, one learner per thread — 2
    /// threads for 3 classes exercise the uneven assignment.
    @Test(arguments: [0.7, 1])
    func modelBytesIdenticalAcrossThreadCountsAndRuns(featureFractionByNode: Double) throws {
        var (data, parameters) = try determinismFixture()
        parameters.featureFractionByNode = featureFractionByNode
        parameters.threads = 1
        let single = try Booster.train(data, parameters: parameters).encoded()
        parameters.threads = 3
        let three = try Booster.train(data, parameters: parameters).encoded()
        parameters.threads = 2
        let first = try Booster.train(data, parameters: parameters).encoded()
        let second = try Booster.train(data, parameters: parameters).encoded()
        #expect(single == first)
        #expect(single == three)
        #expect(first == second)
        parameters.seed = 43
        let otherSeed = try Booster.train(data, parameters: parameters).encoded()
        #expect(otherSeed != first)
    }

    @Test func jsonRoundTripKeepsPredictionsAndBytes() throws {
        let (data, parameters) = try determinismFixture()
        var model = try Booster.train(data, parameters: parameters, provenance: ["splitHash": "abc"])
        model.provenance["featureSet"] = "egemaps@1"
        let bytes = try model.encoded()
        let decoded = try Model.decode(bytes)
        #expect(decoded == model)
        #expect(try decoded.predictProbabilities(data.features) == model.predictProbabilities(data.features))
        #expect(try decoded.encoded() == bytes)
        #expect(decoded.provenance == ["splitHash": "abc", "featureSet": "egemaps@1"])
        #expect(decoded.parameters.threads == 0)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        #expect(try Model.load(from: path) == model)

        var json = try #require(String(data: bytes, encoding: .utf8))
        json = json.replacingOccurrences(of: "\"formatVersion\":1", with: "\"formatVersion\":99")
        #expect(throws: BoostError.unsupportedFormatVersion(found: 99, supported: 1)) {
            try Model.decode(Data(json.utf8))
        }
    }

    @Test func featureFractionLimitsEachTreeToItsSample() throws {
        let data = try SyntheticData.gaussianClasses(rows: 300, classCount: 3, featureCount: 10, separation: 2, seed: 9)
        var parameters = TrainingParameters()
        parameters.numIterations = 10
        parameters.minDataInLeaf = 5
        parameters.featureFraction = 0.1  // round(0.1 × 10) = 1 feature per tree
        let model = try Booster.train(data, parameters: parameters)
        #expect(model.trees.allSatisfy { Set($0.splitFeature).count <= 1 })
        // Different trees draw different features.
        #expect(Set(model.trees.compactMap(\.splitFeature.first)).count > 1)
    }

    @Test func missingValuesLearnTheirOwnDirection() throws {
        // Feature "m" is missing for every class-1 sample and N(0,1) for class 0; "n" is noise.
        var random = Xoshiro256StarStar(seed: 11)
        var rows: [[Float]] = []
        var labels: [Int] = []
        for row in 0..<400 {
            let label = row % 2
            rows.append([label == 1 ? .nan : SyntheticData.gaussian(&random), SyntheticData.gaussian(&random)])
            labels.append(label)
        }
        let data = try LabeledDataset(
            features: FeatureMatrix(featureNames: ["m", "n"], rows: rows), labels: labels, labelNames: ["a", "b"])
        var parameters = TrainingParameters()
        parameters.numIterations = 10
        let model = try Booster.train(data, parameters: parameters)
        let probe = try FeatureMatrix(
            featureNames: ["m", "n"], rows: [[.nan, 0], [0.3, 0], [-2, 1], [.nan, -3]] as [[Float]])
        #expect(try model.predict(probe) == [1, 0, 0, 1])
        #expect(model.trees[0].splitFeature.first == 0)
    }

    @Test func earlyStoppingStopsAndKeepsBestIteration() throws {
        let train = try SyntheticData.gaussianClasses(
            rows: 300, classCount: 3, featureCount: 6, separation: 1, seed: 12)
        let valid = try SyntheticData.gaussianClasses(
            rows: 300, classCount: 3, featureCount: 6, separation: 1, seed: 13)
        var parameters = TrainingParameters()
        parameters.numIterations = 400
        parameters.learningRate = 0.3
        parameters.minDataInLeaf = 3
        parameters.earlyStoppingRounds = 5
        let model = try Booster.train(train, validation: valid, parameters: parameters)
        let history = model.history
        #expect(history.stoppedEarly)
        #expect(history.rounds.count < 400)
        #expect(history.keptIterations == history.rounds.count - 5)
        #expect(model.trees.count == history.keptIterations * 3)
        let losses = history.rounds.compactMap(\.validLogLoss)
        let best = losses[history.keptIterations - 1]
        #expect(losses.allSatisfy { $0 >= best })
    }

    @Test func balancedClassWeightsRaiseMinorityRecall() throws {
        // 900 × class 0 ~ N(0,1) and 100 × class 1 ~ N(1,1) on one feature: unweighted training
        // mostly predicts the majority; balanced weights trade majority recall for minority recall.
        func make(seed: UInt64) throws -> LabeledDataset {
            var random = Xoshiro256StarStar(seed: seed)
            var rows: [[Float]] = []
            var labels: [Int] = []
            for row in 0..<1000 {
                let label = row % 10 == 0 ? 1 : 0
                rows.append([SyntheticData.gaussian(&random) + Float(label), SyntheticData.gaussian(&random)])
                labels.append(label)
            }
            return try LabeledDataset(
                features: FeatureMatrix(featureNames: ["x", "noise"], rows: rows), labels: labels,
                labelNames: ["common", "rare"])
        }
        let train = try make(seed: 14)
        let test = try make(seed: 15)
        var parameters = TrainingParameters()
        parameters.numIterations = 30
        parameters.numLeaves = 4
        let plain = try Booster.train(train, parameters: parameters)
        parameters.classWeight = .balanced
        let balanced = try Booster.train(train, parameters: parameters)
        let plainRecall = try plain.evaluate(test).report.perClass[1].recall
        let balancedRecall = try balanced.evaluate(test).report.perClass[1].recall
        #expect(balancedRecall > plainRecall + 0.2)
    }

    @Test func errorsForSingleClassAndFeatureMismatch() throws {
        let features = try FeatureMatrix(featureNames: ["a"], rows: [[1], [2], [3]] as [[Float]])
        let single = try LabeledDataset(features: features, labels: [0, 0, 0], labelNames: ["x", "y"])
        #expect(throws: BoostError.singleClass(label: "x")) { try Booster.train(single) }

        let data = try SyntheticData.xor(rows: 100, seed: 16)
        var parameters = TrainingParameters()
        parameters.numIterations = 2
        let model = try Booster.train(data, parameters: parameters)
        let swapped = try FeatureMatrix(featureNames: ["y", "x"], rows: [[0, 0]] as [[Float]])
        #expect(
            throws: BoostError.featureNameMismatch(
                expectedCount: 2, actualCount: 2, firstDifference: 0, expected: "x", actual: "y")
        ) { try model.predict(swapped) }
        parameters.learningRate = -1
        #expect(throws: BoostError.self) { try Booster.train(data, parameters: parameters) }
    }

    @Test func unseenTestLabelsCountAsErrorsAndAreReported() throws {
        let data = try SyntheticData.xor(rows: 200, seed: 17)
        var parameters = TrainingParameters()
        parameters.numIterations = 30
        parameters.minDataInLeaf = 5
        let model = try Booster.train(data, parameters: parameters)
        let probe = try FeatureMatrix(
            featureNames: ["x", "y"], rows: [[0.5, 0.5], [0.5, -0.5], [0.5, 0.5]] as [[Float]])
        let evaluation = try model.evaluate(features: probe, labels: ["same", "diff", "martian"])
        #expect(evaluation.unseenLabels == ["martian"])
        #expect(evaluation.unseenSampleCount == 1)
        #expect(evaluation.report.confusion.labelNames == ["same", "diff", "martian"])
        #expect(abs(evaluation.report.accuracy - 2.0 / 3) < 1e-12)
        #expect(evaluation.report.perClass[2].recall == 0)
    }
}
