/// A dense table of feature values: `rowCount` rows × `featureNames.count` columns, row-major.
///
/// NaN means "missing"; ±Inf is rejected at construction so that every later stage can assume
/// finite-or-missing values.
public struct FeatureMatrix: Sendable, Equatable {
    /// Column names, in column order. Unique.
    public let featureNames: [String]
    /// Number of rows (samples).
    public let rowCount: Int
    /// Row-major values: `values[row * featureCount + feature]`.
    public let values: [Float]

    /// Number of columns.
    public var featureCount: Int { featureNames.count }

    /// Creates a matrix from row-major values.
    /// - Throws: `BoostError.dimensionMismatch` when `values.count != rowCount * featureNames.count`,
    ///   `.duplicateFeatureName`, or `.nonFiniteValue` (naming column and row) for ±Inf.
    public init(featureNames: [String], rowCount: Int, values: [Float]) throws {
        guard rowCount >= 0, values.count == rowCount * featureNames.count else {
            throw BoostError.dimensionMismatch(
                "\(values.count) values for \(rowCount) rows × \(featureNames.count) features")
        }
        var seen = Set<String>()
        for name in featureNames where !seen.insert(name).inserted {
            throw BoostError.duplicateFeatureName(name)
        }
        let featureCount = featureNames.count
        for (index, value) in values.enumerated() where value.isInfinite {
            throw BoostError.nonFiniteValue(
                column: featureNames[index % featureCount], row: index / featureCount, value: value)
        }
        self.featureNames = featureNames
        self.rowCount = rowCount
        self.values = values
    }

    /// Creates a matrix from an array of rows, each with one value per feature.
    public init(featureNames: [String], rows: [[Float]]) throws {
        var flat: [Float] = []
        flat.reserveCapacity(rows.count * featureNames.count)
        for (index, row) in rows.enumerated() {
            guard row.count == featureNames.count else {
                throw BoostError.dimensionMismatch(
                    "row \(index) has \(row.count) values, expected \(featureNames.count)")
            }
            flat.append(contentsOf: row)
        }
        try self.init(featureNames: featureNames, rowCount: rows.count, values: flat)
    }

    /// Creates a matrix from double-precision rows (the type `FeatureSet.extract` returns).
    public init(featureNames: [String], rows: [[Double]]) throws {
        try self.init(featureNames: featureNames, rows: rows.map { $0.map(Float.init(saturating:)) })
    }

    /// The value at `row`, `feature`.
    public subscript(row: Int, feature: Int) -> Float {
        values[row * featureCount + feature]
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> FeatureMatrix {
        var flat: [Float] = []
        flat.reserveCapacity(indices.count * featureCount)
        for row in indices {
            flat.append(contentsOf: values[row * featureCount..<(row + 1) * featureCount])
        }
        return FeatureMatrix(unchecked: featureNames, rowCount: indices.count, values: flat)
    }

    /// Internal initializer for values already known to be valid.
    init(unchecked featureNames: [String], rowCount: Int, values: [Float]) {
        self.featureNames = featureNames
        self.rowCount = rowCount
        self.values = values
    }

    /// Throws unless `other` names exactly the same features in the same order.
    func requireSameFeatures(as expected: [String]) throws {
        guard featureNames != expected else { return }
        let firstDifference =
            zip(expected, featureNames).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expected.count, featureNames.count)
        throw BoostError.featureNameMismatch(
            expectedCount: expected.count, actualCount: featureNames.count, firstDifference: firstDifference,
            expected: firstDifference < expected.count ? expected[firstDifference] : nil,
            actual: firstDifference < featureNames.count ? featureNames[firstDifference] : nil)
    }
}
