import Foundation

/// Which location and spread statistics standardize a feature.
public enum NormalizationStatistic: String, Codable, Sendable, Equatable, CaseIterable {
    /// (x − mean) / standard deviation (population).
    case meanStd = "mean-std"
    /// (x − median) / inter-quartile range: robust to a few outlying clips.
    case medianIQR = "median-iqr"
}

/// Per-feature location and scale of one group of rows (a speaker, a corpus, or all training rows).
///
/// Always finite, so it serializes to JSON: a feature with no finite value gets center 0 and scale 1
/// (it stays missing anyway), a constant feature gets scale 1 (it becomes 0).
public struct FeatureStatistics: Codable, Sendable, Equatable {
    /// Location per feature (mean or median).
    public let center: [Double]
    /// Spread per feature (standard deviation or IQR), always > 0.
    public let scale: [Double]
    /// Rows the statistics were computed over.
    public let samples: Int

    /// Creates statistics; `center` and `scale` must have one finite entry per feature, `scale` > 0.
    public init(center: [Double], scale: [Double], samples: Int) throws {
        guard center.count == scale.count else {
            throw BoostError.dimensionMismatch("\(center.count) centers for \(scale.count) scales")
        }
        guard center.allSatisfy(\.isFinite), scale.allSatisfy({ $0.isFinite && $0 > 0 }), samples >= 0 else {
            throw BoostError.invalidModel("normalization statistics must be finite with positive scales")
        }
        self.center = center
        self.scale = scale
        self.samples = samples
    }

    /// The identity (center 0, scale 1) for `featureCount` features.
    public static func identity(featureCount: Int) -> FeatureStatistics {
        FeatureStatistics(
            unchecked: [Double](repeating: 0, count: featureCount), scale: [Double](repeating: 1, count: featureCount),
            samples: 0)
    }

    init(unchecked center: [Double], scale: [Double], samples: Int) {
        self.center = center
        self.scale = scale
        self.samples = samples
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            center: try c.decode([Double].self, forKey: .center), scale: try c.decode([Double].self, forKey: .scale),
            samples: try c.decode(Int.self, forKey: .samples))
    }

    private enum CodingKeys: String, CodingKey { case center, scale, samples }
}

/// Group-wise standardization of a feature matrix (per-speaker or per-corpus z-scoring).
///
/// Pure and label-free: the caller says which rows form a group and which rows may contribute to
/// their group's statistics (all of them, or e.g. a speaker's enrollment clips); the normalizer never
/// sees a class label. NaN (missing) stays NaN; statistics use the finite values only. Results are
/// deterministic (sequential sums in row order).
public enum FeatureNormalizer {
    /// Statistics of `rows` of `matrix` (all rows when nil).
    public static func statistics(
        of matrix: FeatureMatrix, rows: [Int]? = nil, statistic: NormalizationStatistic
    ) -> FeatureStatistics {
        let rows = rows ?? Array(0..<matrix.rowCount)
        let n = matrix.featureCount
        var center = [Double](repeating: 0, count: n)
        var scale = [Double](repeating: 1, count: n)
        var column: [Double] = []
        column.reserveCapacity(rows.count)
        for feature in 0..<n {
            column.removeAll(keepingCapacity: true)
            for row in rows {
                let value = matrix.values[row * n + feature]
                if !value.isNaN { column.append(Double(value)) }
            }
            guard !column.isEmpty else { continue }
            let (location, spread) = summarize(&column, statistic: statistic)
            center[feature] = location
            // A spread that is zero (a constant) or below float resolution would blow values up.
            if spread.isFinite && spread > 1e-12 * max(1, abs(location)) { scale[feature] = spread }
        }
        return FeatureStatistics(unchecked: center, scale: scale, samples: rows.count)
    }

    private static func summarize(_ values: inout [Double], statistic: NormalizationStatistic) -> (Double, Double) {
        switch statistic {
        case .meanStd:
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            return (mean, variance.squareRoot())
        case .medianIQR:
            values.sort()
            return (quantile(values, 0.5), quantile(values, 0.75) - quantile(values, 0.25))
        }
    }

    /// Linear-interpolation quantile of sorted values (NumPy's default).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// `rows` of `matrix` standardized with `statistics`, in place in `values` (row-major, same shape).
    static func apply(_ statistics: FeatureStatistics, rows: [Int], featureCount n: Int, to values: inout [Float]) {
        for row in rows {
            for feature in 0..<n {
                let index = row * n + feature
                let value = values[index]
                if value.isNaN { continue }
                values[index] = Float((Double(value) - statistics.center[feature]) / statistics.scale[feature])
            }
        }
    }

    /// Every row standardized with one set of statistics (global normalization, or one speaker's
    /// enrollment statistics).
    /// - Throws: `BoostError.dimensionMismatch` when the statistics have another feature count.
    public static func apply(_ statistics: FeatureStatistics, to matrix: FeatureMatrix) throws -> FeatureMatrix {
        guard statistics.center.count == matrix.featureCount else {
            throw BoostError.dimensionMismatch(
                "statistics for \(statistics.center.count) features applied to \(matrix.featureCount)")
        }
        var values = matrix.values
        apply(statistics, rows: Array(0..<matrix.rowCount), featureCount: matrix.featureCount, to: &values)
        return FeatureMatrix(unchecked: matrix.featureNames, rowCount: matrix.rowCount, values: values)
    }

    /// The outcome of group-wise normalization.
    public struct GroupResult: Sendable {
        /// The standardized matrix (same shape and names as the input).
        public let matrix: FeatureMatrix
        /// Statistics each group was standardized with, by group id.
        public let statistics: [String: FeatureStatistics]
        /// Groups with fewer than `minSamples` contributing rows, standardized with the fallback, sorted.
        public let fellBack: [String]
    }

    /// Standardizes each group of rows with statistics over that group's own contributing rows.
    /// - Parameters:
    ///   - groups: the group id of every row (a speaker, a corpus…).
    ///   - contributes: whether a row may contribute to its group's statistics (nil: every row).
    ///     Rows that do not contribute are still standardized.
    ///   - minSamples: a group with fewer contributing rows uses `fallback` instead.
    ///   - fallback: statistics for small groups; nil means statistics over all contributing rows
    ///     of the matrix.
    /// - Throws: `BoostError.dimensionMismatch` when `groups` or `contributes` do not match the rows,
    ///   or `fallback` the features.
    public static func normalize(
        _ matrix: FeatureMatrix, groups: [String], contributes: [Bool]? = nil, statistic: NormalizationStatistic,
        minSamples: Int = 1, fallback: FeatureStatistics? = nil
    ) throws -> GroupResult {
        guard groups.count == matrix.rowCount, contributes.map({ $0.count == matrix.rowCount }) ?? true else {
            throw BoostError.dimensionMismatch("\(groups.count) group ids for \(matrix.rowCount) rows")
        }
        if let fallback, fallback.center.count != matrix.featureCount {
            throw BoostError.dimensionMismatch(
                "fallback statistics for \(fallback.center.count) features, matrix has \(matrix.featureCount)")
        }
        var members: [String: [Int]] = [:]
        var contributors: [String: [Int]] = [:]
        for (row, group) in groups.enumerated() {
            members[group, default: []].append(row)
            if contributes?[row] ?? true { contributors[group, default: []].append(row) }
        }
        let fallbackStatistics =
            fallback
            ?? statistics(
                of: matrix, rows: (0..<matrix.rowCount).filter { contributes?[$0] ?? true }, statistic: statistic)
        var values = matrix.values
        var used: [String: FeatureStatistics] = [:]
        var fellBack: [String] = []
        for group in members.keys.sorted() {
            let own = contributors[group] ?? []
            let groupStatistics: FeatureStatistics
            if own.count >= max(1, minSamples) {
                groupStatistics = statistics(of: matrix, rows: own, statistic: statistic)
            } else {
                groupStatistics = fallbackStatistics
                fellBack.append(group)
            }
            apply(groupStatistics, rows: members[group]!, featureCount: matrix.featureCount, to: &values)
            used[group] = groupStatistics
        }
        return GroupResult(
            matrix: FeatureMatrix(unchecked: matrix.featureNames, rowCount: matrix.rowCount, values: values),
            statistics: used, fellBack: fellBack)
    }
}
