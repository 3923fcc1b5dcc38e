import Foundation
import Testing

@testable import EmovoxBoost

@Suite struct FeatureNormalizerTests {
    /// A corpus where every speaker adds a large random offset to every feature and the class adds
    /// a small shift to one feature: the speaker dominates the raw values.
    struct SpeakerCorpus {
        var features: FeatureMatrix
        var labels: [Int]
        var speakers: [String]
    }

    static func speakerCorpus(speakers: Range<Int>, perClass: Int, seed: UInt64) throws -> SpeakerCorpus {
        let classCount = 4
        var random = Xoshiro256StarStar(seed: seed)
        var rows: [[Float]] = []
        var labels: [Int] = []
        var groups: [String] = []
        for speaker in speakers {
            let offsets = (0..<classCount).map { _ in 6 * SyntheticData.gaussian(&random) }
            let gain = 1 + 0.5 * abs(SyntheticData.gaussian(&random))
            for label in 0..<classCount {
                for _ in 0..<perClass {
                    rows.append(
                        (0..<classCount).map { feature in
                            offsets[feature] + gain
                                * ((feature == label ? 1.5 : 0) + 0.3 * SyntheticData.gaussian(&random))
                        })
                    labels.append(label)
                    groups.append("s\(speaker)")
                }
            }
        }
        return SpeakerCorpus(
            features: try FeatureMatrix(featureNames: SyntheticData.names(classCount), rows: rows), labels: labels,
            speakers: groups)
    }

    private func uar(train: SpeakerCorpus, test: SpeakerCorpus, normalize: Bool, threads: Int = 2) throws -> (
        Double, Data
    ) {
        var parameters = TrainingParameters()
        parameters.numIterations = 60
        parameters.numLeaves = 8
        parameters.minDataInLeaf = 5
        parameters.threads = threads
        let names = ["a", "b", "c", "d"]
        var trainFeatures = train.features
        var testFeatures = test.features
        if normalize {
            trainFeatures = try FeatureNormalizer.normalize(train.features, groups: train.speakers, statistic: .meanStd)
                .matrix
            testFeatures = try FeatureNormalizer.normalize(test.features, groups: test.speakers, statistic: .meanStd)
                .matrix
        }
        let model = try Booster.train(
            try LabeledDataset(features: trainFeatures, labels: train.labels, labelNames: names), parameters: parameters
        )
        let predicted = try model.predict(testFeatures)
        return (
            Metrics.unweightedAverageRecall(trueLabels: test.labels, predictedLabels: predicted, classCount: 4),
            try model.encoded()
        )
    }

    @Test func speakerOffsetsAreSolvedOnlyWithNormalization() throws {
        let train = try Self.speakerCorpus(speakers: 0..<16, perClass: 10, seed: 11)
        let test = try Self.speakerCorpus(speakers: 16..<24, perClass: 10, seed: 12)
        let (raw, _) = try uar(train: train, test: test, normalize: false)
        let (normalized, _) = try uar(train: train, test: test, normalize: true)
        #expect(raw < 0.45, "raw UAR \(raw)")
        #expect(normalized > 0.9, "normalized UAR \(normalized)")
    }

    @Test func trainingIsDeterministicForAnyThreadCount() throws {
        let train = try Self.speakerCorpus(speakers: 0..<8, perClass: 6, seed: 21)
        let test = try Self.speakerCorpus(speakers: 8..<10, perClass: 6, seed: 22)
        let (_, one) = try uar(train: train, test: test, normalize: true, threads: 1)
        let (_, two) = try uar(train: train, test: test, normalize: true, threads: 2)
        #expect(one == two)
    }

    @Test func eachGroupIsStandardizedWithItsOwnRows() throws {
        let test = try Self.speakerCorpus(speakers: 0..<4, perClass: 5, seed: 31)
        let a = try FeatureNormalizer.normalize(test.features, groups: test.speakers, statistic: .meanStd)
        #expect(a.fellBack.isEmpty && a.statistics.count == 4)
        // Each speaker's normalized columns have mean 0 and (population) standard deviation 1.
        for speaker in Set(test.speakers) {
            let rows = test.speakers.indices.filter { test.speakers[$0] == speaker }
            for feature in 0..<4 {
                let column = rows.map { Double(a.matrix[$0, feature]) }
                let mean = column.reduce(0, +) / Double(column.count)
                let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)
                #expect(abs(mean) < 1e-5)
                #expect(abs(variance.squareRoot() - 1) < 1e-4)
            }
        }
    }

    @Test func missingValuesStayMissingAndStatisticsUseFiniteValues() throws {
        let matrix = try FeatureMatrix(
            featureNames: ["x", "y"], rows: [[1, .nan], [3, 10], [.nan, 20], [5, 30], [100, .nan]] as [[Float]])
        let statistics = FeatureNormalizer.statistics(of: matrix, rows: [0, 1, 2, 3], statistic: .meanStd)
        #expect(statistics.center == [3, 20])
        #expect(abs(statistics.scale[0] - (8.0 / 3).squareRoot()) < 1e-12)
        let applied = try FeatureNormalizer.apply(statistics, to: matrix)
        #expect(applied[0, 1].isNaN && applied[2, 0].isNaN && applied[4, 1].isNaN)
        #expect(applied[1, 0] == 0 && applied[3, 1] != 0)

        let robust = FeatureNormalizer.statistics(of: matrix, statistic: .medianIQR)
        // x: 1, 3, 5, 100 → median 4, quartiles 2.5 and 28.75 (NumPy's linear interpolation).
        #expect(robust.center[0] == 4)
        #expect(robust.scale[0] == 26.25)
        // A column with no finite value, and a constant one, map to the identity / to zero.
        let degenerate = try FeatureMatrix(featureNames: ["n", "c"], rows: [[.nan, 7], [.nan, 7]] as [[Float]])
        let identity = FeatureNormalizer.statistics(of: degenerate, statistic: .meanStd)
        #expect(identity.center == [0, 7] && identity.scale == [1, 1])
    }

    @Test func smallGroupsFallBackAndOnlyContributingRowsCount() throws {
        let matrix = try FeatureMatrix(
            featureNames: ["x"], rows: [[0], [2], [4], [10], [100]] as [[Float]])
        let fallback = try FeatureStatistics(center: [1], scale: [2], samples: 9)
        let result = try FeatureNormalizer.normalize(
            matrix, groups: ["a", "a", "a", "b", "a"], contributes: [true, true, true, true, false],
            statistic: .meanStd, minSamples: 2, fallback: fallback)
        #expect(result.fellBack == ["b"])
        // Group a: statistics over 0, 2, 4 only (mean 2); its non-contributing row is standardized too.
        #expect(result.statistics["a"]!.center == [2])
        #expect(result.matrix[4, 0] == Float((100 - 2) / (8.0 / 3).squareRoot()))
        #expect(result.matrix[3, 0] == 4.5)
        #expect(throws: BoostError.self) {
            try FeatureNormalizer.normalize(matrix, groups: ["a"], statistic: .meanStd)
        }
    }

    @Test func modelRoundTripsItsNormalization() throws {
        let train = try Self.speakerCorpus(speakers: 0..<4, perClass: 5, seed: 41)
        var parameters = TrainingParameters()
        parameters.numIterations = 3
        var model = try Booster.train(
            try LabeledDataset(features: train.features, labels: train.labels, labelNames: ["a", "b", "c", "d"]),
            parameters: parameters)
        let raw = try model.encoded()
        #expect(!String(decoding: raw, as: UTF8.self).contains("normalization"))
        model.normalization = try FeatureNormalization(
            mode: .speaker, statistic: .medianIQR, minSamples: 3, referenceLabel: "a",
            global: FeatureNormalizer.statistics(of: train.features, statistic: .medianIQR))
        let decoded = try Model.decode(try model.encoded())
        #expect(decoded == model)
        #expect(decoded.normalization?.mode == .speaker)
        #expect(try decoded.encoded() == model.encoded())

        // Statistics for another feature count are refused when the model is read.
        var object = try JSONSerialization.jsonObject(with: try model.encoded()) as! [String: Any]
        var normalization = object["normalization"] as! [String: Any]
        normalization["global"] = ["center": [0.0], "scale": [1.0], "samples": 1]
        object["normalization"] = normalization
        let text = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: BoostError.self) { try Model.decode(text) }
        normalization["global"] = ["center": [0.0, 0, 0, 0], "scale": [1.0, 0, 1, 1], "samples": 1]
        object["normalization"] = normalization
        #expect(throws: BoostError.self) { try Model.decode(try JSONSerialization.data(withJSONObject: object)) }
    }
}
