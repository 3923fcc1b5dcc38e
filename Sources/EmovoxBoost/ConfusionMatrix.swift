/// Counts of (true class, predicted class) pairs.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    /// Class names; rows and columns follow this order.
    public let labelNames: [String]
    /// `counts[trueClass][predictedClass]`.
    public let counts: [[Int]]

    /// Tallies predictions. Both label arrays index into `labelNames`.
    public init(trueLabels: [Int], predictedLabels: [Int], labelNames: [String]) {
        precondition(trueLabels.count == predictedLabels.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: labelNames.count), count: labelNames.count)
        for (truth, prediction) in zip(trueLabels, predictedLabels) { counts[truth][prediction] += 1 }
        self.labelNames = labelNames
        self.counts = counts
    }

    /// Creates a matrix from known counts (e.g. in tests).
    public init(labelNames: [String], counts: [[Int]]) {
        precondition(counts.count == labelNames.count && counts.allSatisfy { $0.count == labelNames.count })
        self.labelNames = labelNames
        self.counts = counts
    }

    /// Number of samples.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// True samples per class (row sums).
    public var support: [Int] { counts.map { $0.reduce(0, +) } }

    /// Predictions per class (column sums).
    public var predictedCounts: [Int] {
        labelNames.indices.map { column in counts.reduce(0) { $0 + $1[column] } }
    }

    /// Each row divided by its sum (rows of absent classes stay all zero): entry `[i][j]` is the
    /// fraction of class-`i` samples predicted as `j`, so the diagonal is per-class recall.
    public var rowNormalized: [[Double]] {
        counts.map { row in
            let sum = row.reduce(0, +)
            return row.map { sum > 0 ? Double($0) / Double(sum) : 0 }
        }
    }
}
