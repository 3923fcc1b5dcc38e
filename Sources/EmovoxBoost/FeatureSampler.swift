/// Seeded sampling of features (per tree and per node) and of rows (bagging).
enum FeatureSampler {
    /// `max(1, round(fraction · count))` distinct elements of `candidates`, returned in ascending
    /// order (so downstream iteration order, and thus tie-breaking, does not depend on the draw).
    static func sample(_ candidates: [Int], fraction: Double, random: inout Xoshiro256StarStar) -> [Int] {
        guard fraction < 1, candidates.count > 1 else { return candidates }
        let k = max(1, min(candidates.count, Int((fraction * Double(candidates.count)).rounded())))
        var pool = candidates
        // Partial Fisher–Yates: the first k positions become a uniform sample.
        for i in 0..<k {
            let j = i + random.nextInt(below: pool.count - i)
            pool.swapAt(i, j)
        }
        return pool[0..<k].sorted()
    }
}

/// Bagging: which rows the next trees see.
enum RowSampler {
    /// Each row is kept independently with probability `fraction` (as LightGBM's bagging does);
    /// an empty draw falls back to all rows. Returned ascending.
    static func sample(rowCount: Int, fraction: Double, random: inout Xoshiro256StarStar) -> [Int32] {
        var rows: [Int32] = []
        rows.reserveCapacity(Int(Double(rowCount) * fraction) + 16)
        for row in 0..<rowCount where random.nextUnitDouble() < fraction { rows.append(Int32(row)) }
        return rows.isEmpty ? (0..<rowCount).map { Int32($0) } : rows
    }
}
