/// A model's performance on labelled data whose labels may include classes the model never saw.
///
/// Unseen labels cannot be predicted, so their samples always count as errors: they are appended
/// (sorted) after the model's labels in the report's label list, where they show recall 0 and
/// lower accuracy and UAR. They are excluded from log-loss (the model assigns them no
/// probability) and listed in `unseenLabels` so the caller can warn.
public struct Evaluation: Codable, Sendable, Equatable {
    /// Metrics over all rows.
    public let report: ClassificationReport
    /// Labels present in the data but not in the model, sorted.
    public let unseenLabels: [String]
    /// Number of rows carrying an unseen label.
    public let unseenSampleCount: Int
}

extension Model {
    /// Evaluates the model on rows with string labels.
    /// - Parameter majorityClass: label for the majority baseline (e.g. the training majority);
    ///   defaults to the most frequent label in `labels`.
    /// - Throws: `BoostError.featureNameMismatch`, `.dimensionMismatch`.
    public func evaluate(features: FeatureMatrix, labels: [String], majorityClass: String? = nil) throws -> Evaluation {
        guard labels.count == features.rowCount else {
            throw BoostError.dimensionMismatch("\(labels.count) labels for \(features.rowCount) rows")
        }
        let probabilities = try predictProbabilities(features)
        let known = Set(labelNames)
        let unseen = Array(Set(labels).subtracting(known)).sorted()
        let allNames = labelNames + unseen
        var indexOf: [String: Int] = [:]
        for (index, name) in allNames.enumerated() { indexOf[name] = index }
        let truth = labels.map { indexOf[$0]! }
        let report = Metrics.report(
            trueLabels: truth, predictedLabels: probabilities.map(Model.argmax), labelNames: allNames,
            probabilities: probabilities, majorityClass: majorityClass.flatMap { indexOf[$0] })
        return Evaluation(
            report: report, unseenLabels: unseen, unseenSampleCount: labels.filter { !known.contains($0) }.count)
    }

    /// Evaluates the model on a CSV feature table.
    public func evaluate(_ table: FeatureTable, majorityClass: String? = nil) throws -> Evaluation {
        try evaluate(features: table.features, labels: table.labels, majorityClass: majorityClass)
    }

    /// Evaluates the model on a labelled dataset (labels are matched by name).
    public func evaluate(_ dataset: LabeledDataset, majorityClass: String? = nil) throws -> Evaluation {
        try evaluate(
            features: dataset.features, labels: dataset.labels.map { dataset.labelNames[$0] },
            majorityClass: majorityClass)
    }
}
