/// How one feature's raw values map to histogram bins.
///
/// Value bins `0..<valueBinCount` cover the real line in ascending order: bin `b` holds values
/// `x` with `upperBounds[b-1] < x <= upperBounds[b]` (the last value bin is unbounded above).
/// Missing values (NaN) always go to the dedicated bin `missingBin == valueBinCount`.
public struct FeatureBinning: Codable, Sendable, Equatable {
    /// Inclusive upper bounds of all value bins except the last, strictly increasing.
    public let upperBounds: [Double]
    /// True when the feature cannot separate anything (at most one distinct state among its
    /// values and missingness); such features are never chosen for splits.
    public let isTrivial: Bool

    /// Number of bins for non-missing values (≥ 1).
    public var valueBinCount: Int { upperBounds.count + 1 }
    /// The bin that holds missing values.
    public var missingBin: Int { valueBinCount }
    /// Total number of bins including the missing bin (≤ 256).
    public var binCount: Int { valueBinCount + 1 }

    init(upperBounds: [Double], isTrivial: Bool) {
        self.upperBounds = upperBounds
        self.isTrivial = isTrivial
    }

    /// Learns quantile bin bounds from a column's values.
    ///
    /// Distinct values get their own bin while there are at most `maxBin` of them; otherwise bounds
    /// are placed so each bin holds roughly the same number of samples, recomputing the target
    /// after each bin so a heavy value does not starve later bins. Bounds sit halfway between
    /// adjacent distinct values, so unseen values between them fall on the nearer side.
    init(learningFrom column: [Float], maxBin: Int) {
        var sorted: [Float] = []
        sorted.reserveCapacity(column.count)
        for value in column where !value.isNaN { sorted.append(value) }
        let missingCount = column.count - sorted.count
        sorted.sort()
        var distinct: [Float] = []
        var counts: [Int] = []
        for value in sorted {
            if let last = distinct.last, last == value {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        let states = distinct.count + (missingCount > 0 ? 1 : 0)
        guard distinct.count > 1 else {
            self.init(upperBounds: [], isTrivial: states < 2)
            return
        }
        func midpoint(_ i: Int) -> Double { (Double(distinct[i]) + Double(distinct[i + 1])) / 2 }
        var bounds: [Double] = []
        if distinct.count <= maxBin {
            bounds = (0..<distinct.count - 1).map(midpoint)
        } else {
            let total = sorted.count
            var cumulative = 0
            var target = Double(total) / Double(maxBin)
            for i in 0..<distinct.count - 1 {
                cumulative += counts[i]
                if Double(cumulative) >= target {
                    bounds.append(midpoint(i))
                    if bounds.count == maxBin - 1 { break }
                    target = Double(cumulative) + Double(total - cumulative) / Double(maxBin - bounds.count)
                }
            }
        }
        self.init(upperBounds: bounds, isTrivial: false)
    }

    /// The bin of a raw value. Uses the same `x <= bound` comparison as tree prediction so that
    /// binned training and raw-value prediction route every value identically.
    @inline(__always)
    public func bin(of value: Float) -> Int {
        if value.isNaN { return missingBin }
        let x = Double(value)
        var low = 0
        var high = upperBounds.count
        while low < high {
            let mid = (low + high) >> 1
            if x <= upperBounds[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The raw threshold equivalent to "bin ≤ `thresholdBin`". For the last value bin (all values
    /// go left, only missing goes right) the largest finite Double stands in for +∞ so the model
    /// stays valid JSON.
    func threshold(forBin thresholdBin: Int) -> Double {
        thresholdBin < upperBounds.count ? upperBounds[thresholdBin] : .greatestFiniteMagnitude
    }
}
