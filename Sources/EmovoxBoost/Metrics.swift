import Foundation

/// Precision, recall, F1 and support of one class.
public struct ClassMetrics: Codable, Sendable, Equatable {
    public let label: String
    /// Correct predictions of this class / all predictions of this class (0 if never predicted).
    public let precision: Double
    /// Correct predictions of this class / true samples of this class (0 if absent).
    public let recall: Double
    /// Harmonic mean of precision and recall (0 when both are 0).
    public let f1: Double
    /// Number of true samples of this class.
    public let support: Int
}

/// Scores that a trivial classifier would get on the same labels, to put real scores in context.
public struct Baselines: Codable, Sendable, Equatable {
    /// The class a majority-class baseline always predicts.
    public let majorityClass: String
    /// Accuracy of always predicting `majorityClass`.
    public let majorityAccuracy: Double
    /// UAR of always predicting one class: 1 / (number of classes present).
    public let majorityUAR: Double
    /// Expected accuracy (and UAR) of guessing uniformly at random: 1 / (number of classes).
    public let chanceAccuracy: Double
}

/// Everything reported about a set of predictions.
public struct ClassificationReport: Codable, Sendable, Equatable {
    /// Fraction of correct predictions.
    public let accuracy: Double
    /// Unweighted average recall: mean recall over classes with support > 0.
    public let uar: Double
    /// Mean F1 over classes that occur in the truth or the predictions.
    public let macroF1: Double
    /// F1 averaged with support weights.
    public let weightedF1: Double
    /// Per-class metrics, in label order.
    public let perClass: [ClassMetrics]
    /// The confusion matrix (counts; `rowNormalized` for rates).
    public let confusion: ConfusionMatrix
    /// Mean negative log-likelihood of the true class, when probabilities were given.
    public let logLoss: Double?
    /// Trivial-classifier scores on the same truth.
    public let baselines: Baselines
}

/// Classification metrics.
public enum Metrics {
    /// Builds the full report. Labels index into `labelNames`.
    /// - Parameters:
    ///   - probabilities: optional per-sample class probabilities (for log-loss); rows must have
    ///     `labelNames.count` entries or fewer (classes beyond a row's length count as probability 0
    ///     and are excluded from log-loss, see `Evaluation`).
    ///   - majorityClass: the class the majority baseline predicts; defaults to the most frequent
    ///     class in `trueLabels` (pass the training set's majority for an honest baseline).
    public static func report(
        trueLabels: [Int], predictedLabels: [Int], labelNames: [String], probabilities: [[Double]]? = nil,
        majorityClass: Int? = nil
    ) -> ClassificationReport {
        let confusion = ConfusionMatrix(
            trueLabels: trueLabels, predictedLabels: predictedLabels, labelNames: labelNames)
        let support = confusion.support
        let predicted = confusion.predictedCounts
        var perClass: [ClassMetrics] = []
        for (k, name) in labelNames.enumerated() {
            let correct = Double(confusion.counts[k][k])
            let precision = predicted[k] > 0 ? correct / Double(predicted[k]) : 0
            let recall = support[k] > 0 ? correct / Double(support[k]) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            perClass.append(
                ClassMetrics(label: name, precision: precision, recall: recall, f1: f1, support: support[k]))
        }
        let total = confusion.total
        let correct = labelNames.indices.reduce(0) { $0 + confusion.counts[$1][$1] }
        let present = labelNames.indices.filter { support[$0] > 0 }
        let f1Classes = labelNames.indices.filter { support[$0] > 0 || predicted[$0] > 0 }
        let uar = present.isEmpty ? 0 : present.reduce(0.0) { $0 + perClass[$1].recall } / Double(present.count)
        let macroF1 = f1Classes.isEmpty ? 0 : f1Classes.reduce(0.0) { $0 + perClass[$1].f1 } / Double(f1Classes.count)
        let weightedF1 =
            total > 0
            ? labelNames.indices.reduce(0.0) { $0 + perClass[$1].f1 * Double(support[$1]) } / Double(total) : 0
        let majority =
            majorityClass
            ?? (support.indices.max { support[$0] < support[$1] || (support[$0] == support[$1] && $0 > $1) } ?? 0)
        let baselines = Baselines(
            majorityClass: labelNames.isEmpty ? "" : labelNames[majority],
            majorityAccuracy: total > 0 ? Double(support.isEmpty ? 0 : support[majority]) / Double(total) : 0,
            majorityUAR: present.isEmpty ? 0 : 1 / Double(present.count),
            chanceAccuracy: labelNames.isEmpty ? 0 : 1 / Double(labelNames.count))
        return ClassificationReport(
            accuracy: total > 0 ? Double(correct) / Double(total) : 0, uar: uar, macroF1: macroF1,
            weightedF1: weightedF1, perClass: perClass, confusion: confusion,
            logLoss: probabilities.map { logLoss(probabilities: $0, labels: trueLabels) }, baselines: baselines)
    }

    /// Accuracy.
    public static func accuracy(trueLabels: [Int], predictedLabels: [Int]) -> Double {
        guard !trueLabels.isEmpty else { return 0 }
        return Double(zip(trueLabels, predictedLabels).filter { $0 == $1 }.count) / Double(trueLabels.count)
    }

    /// Unweighted average recall over the classes present in `trueLabels`.
    public static func unweightedAverageRecall(trueLabels: [Int], predictedLabels: [Int], classCount: Int) -> Double {
        var hits = [Int](repeating: 0, count: classCount)
        var support = [Int](repeating: 0, count: classCount)
        for (truth, prediction) in zip(trueLabels, predictedLabels) {
            support[truth] += 1
            if truth == prediction { hits[truth] += 1 }
        }
        let present = (0..<classCount).filter { support[$0] > 0 }
        guard !present.isEmpty else { return 0 }
        return present.reduce(0.0) { $0 + Double(hits[$1]) / Double(support[$1]) } / Double(present.count)
    }

    /// Mean of `-log p(true class)`, with probabilities clipped to [1e-15, 1] as scikit-learn does
    /// so one confident mistake gives a large but finite loss. A label beyond a row's length
    /// (a class the model never saw) is skipped.
    public static func logLoss(probabilities: [[Double]], labels: [Int]) -> Double {
        var sum = 0.0
        var count = 0
        for (row, label) in zip(probabilities, labels) where label < row.count {
            sum -= log(min(max(row[label], 1e-15), 1))
            count += 1
        }
        return count > 0 ? sum / Double(count) : 0
    }
}
