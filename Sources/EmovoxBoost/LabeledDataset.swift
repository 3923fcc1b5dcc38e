/// Features plus class labels (and optional per-sample weights): what the trainer consumes.
public struct LabeledDataset: Sendable, Equatable {
    /// The feature values.
    public let features: FeatureMatrix
    /// Class index per row, in `0..<labelNames.count`.
    public let labels: [Int]
    /// Human-readable class names; `labels` index into this list.
    public let labelNames: [String]
    /// Optional non-negative weight per row (`nil` = all ones).
    public let weights: [Float]?

    /// Number of rows.
    public var rowCount: Int { features.rowCount }
    /// Number of classes (the length of `labelNames`, whether or not every class occurs).
    public var classCount: Int { labelNames.count }

    /// Creates a dataset, validating that sizes agree, labels are in range and weights are finite,
    /// non-negative and not all zero.
    public init(features: FeatureMatrix, labels: [Int], labelNames: [String], weights: [Float]? = nil) throws {
        guard labels.count == features.rowCount else {
            throw BoostError.dimensionMismatch("\(labels.count) labels for \(features.rowCount) rows")
        }
        guard Set(labelNames).count == labelNames.count else {
            throw BoostError.dimensionMismatch("label names are not unique: \(labelNames)")
        }
        for (row, label) in labels.enumerated() where !(0..<labelNames.count).contains(label) {
            throw BoostError.labelOutOfRange(row: row, label: label, classCount: labelNames.count)
        }
        if let weights {
            guard weights.count == labels.count else {
                throw BoostError.dimensionMismatch("\(weights.count) weights for \(labels.count) rows")
            }
            for (row, weight) in weights.enumerated() where !(weight.isFinite && weight >= 0) {
                throw BoostError.invalidWeight(row: row, detail: "\(weight) is not a finite non-negative number")
            }
            if !labels.isEmpty && !weights.contains(where: { $0 > 0 }) {
                throw BoostError.invalidWeight(row: nil, detail: "all weights are zero")
            }
        }
        self.features = features
        self.labels = labels
        self.labelNames = labelNames
        self.weights = weights
    }

    /// Creates a dataset from a loaded CSV table.
    /// - Parameter labelNames: the class list to index into. `nil` uses the sorted distinct labels
    ///   of the table (what training wants). When given (e.g. the training set's list for a
    ///   validation set), a label outside it throws `BoostError.unknownLabel`.
    public init(table: FeatureTable, labelNames: [String]? = nil) throws {
        let names = labelNames ?? Array(Set(table.labels)).sorted()
        var indexOf: [String: Int] = [:]
        for (index, name) in names.enumerated() { indexOf[name] = index }
        var labels: [Int] = []
        labels.reserveCapacity(table.labels.count)
        for (row, label) in table.labels.enumerated() {
            guard let index = indexOf[label] else { throw BoostError.unknownLabel(row: row, label: label) }
            labels.append(index)
        }
        try self.init(features: table.features, labels: labels, labelNames: names)
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> LabeledDataset {
        // Safe: every component is a subset of already validated data (weights may become all
        // zero, which training re-checks).
        LabeledDataset(
            unchecked: features.selectingRows(indices), labels: indices.map { labels[$0] },
            labelNames: labelNames, weights: weights.map { w in indices.map { w[$0] } })
    }

    private init(unchecked features: FeatureMatrix, labels: [Int], labelNames: [String], weights: [Float]?) {
        self.features = features
        self.labels = labels
        self.labelNames = labelNames
        self.weights = weights
    }
}
