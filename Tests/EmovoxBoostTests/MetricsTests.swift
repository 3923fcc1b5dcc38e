import Foundation
import Testing

@testable import EmovoxBoost

@Suite struct MetricsTests {
    // Truth: 8 × A, 1 × B, 1 × C. Predictions: A→7 A + 1 B, B→A, C→C.
    // Confusion [[7,1,0],[1,0,0],[0,0,1]]; recalls 7/8, 0, 1; precisions 7/8, 0, 1.
    let truth = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    let predicted = [0, 0, 0, 0, 0, 0, 0, 1, 0, 2]
    let names = ["A", "B", "C"]

    @Test func handComputedImbalancedReport() {
        let report = Metrics.report(trueLabels: truth, predictedLabels: predicted, labelNames: names)
        #expect(report.confusion.counts == [[7, 1, 0], [1, 0, 0], [0, 0, 1]])
        #expect(abs(report.accuracy - 0.8) < 1e-12)
        // UAR = (0.875 + 0 + 1) / 3 — lower than accuracy because the minority class B is missed.
        #expect(abs(report.uar - 0.625) < 1e-12)
        #expect(report.uar < report.accuracy)
        #expect(abs(report.perClass[0].precision - 0.875) < 1e-12)
        #expect(report.perClass[1].precision == 0)
        #expect(report.perClass[2].f1 == 1)
        #expect(abs(report.macroF1 - (0.875 + 0 + 1) / 3) < 1e-12)
        #expect(abs(report.weightedF1 - (0.875 * 8 + 1) / 10) < 1e-12)
        #expect(report.perClass.map(\.support) == [8, 1, 1])
        #expect(report.confusion.rowNormalized[0] == [0.875, 0.125, 0])
        #expect(report.baselines.majorityClass == "A")
        #expect(abs(report.baselines.majorityAccuracy - 0.8) < 1e-12)
        #expect(abs(report.baselines.chanceAccuracy - 1.0 / 3) < 1e-12)
        #expect(abs(report.baselines.majorityUAR - 1.0 / 3) < 1e-12)
    }

    @Test func standaloneAccuracyAndUARMatchReport() {
        #expect(abs(Metrics.accuracy(trueLabels: truth, predictedLabels: predicted) - 0.8) < 1e-12)
        #expect(
            abs(Metrics.unweightedAverageRecall(trueLabels: truth, predictedLabels: predicted, classCount: 3) - 0.625)
                < 1e-12)
    }

    @Test func uarIgnoresClassesAbsentFromTruth() {
        // Class C never occurs: UAR averages A and B only; balanced 2×2 with one error each way.
        let report = Metrics.report(trueLabels: [0, 0, 1, 1], predictedLabels: [0, 1, 1, 0], labelNames: names)
        #expect(abs(report.uar - 0.5) < 1e-12)
        #expect(report.perClass[2].support == 0)
    }

    @Test func logLossHandComputed() {
        let loss = Metrics.logLoss(probabilities: [[0.5, 0.5], [0.25, 0.75]], labels: [0, 1])
        #expect(abs(loss - -(log(0.5) + log(0.75)) / 2) < 1e-12)
        // A certain mistake is clipped at 1e-15, not infinite.
        let clipped = Metrics.logLoss(probabilities: [[1, 0]], labels: [1])
        #expect(abs(clipped - -log(1e-15)) < 1e-9)
    }
}
