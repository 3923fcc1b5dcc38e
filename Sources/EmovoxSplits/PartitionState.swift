/// A complete assignment of units to bins with the aggregates needed to score it, updated
/// incrementally: moving one unit costs O(features + coverage keys of the unit), independent of the
/// number of samples.
struct PartitionState {
    /// Lexicographic objective: `primary` = 2 × uncovered (bin, key) pairs + worst bin deviation;
    /// `secondary` = sum of squared deviations, which breaks the plateaus of the max.
    struct Score {
        var primary: Double
        var secondary: Double

        func isBetter(than other: Score) -> Bool {
            let tolerance = 1e-12
            if primary < other.primary - tolerance { return true }
            if primary > other.primary + tolerance { return false }
            return secondary < other.secondary - tolerance
        }
    }

    let problem: PartitionProblem
    private(set) var binOf: [Int]
    private var binFeatures: [Int]
    private var binSizes: [Int]
    private var binDeviation: [Double]
    private var binSquares: [Double]
    private var coverage: [Int]
    private(set) var uncoveredPairs: Int
    private let totalSize: Double
    private let wholeShares: [Double]

    init(problem: PartitionProblem, binOf: [Int]) {
        self.problem = problem
        self.binOf = binOf
        let features = problem.featureCount
        let bins = problem.binCount
        let keys = problem.coverageKeyCount
        binFeatures = [Int](repeating: 0, count: bins * features)
        binSizes = [Int](repeating: 0, count: bins)
        coverage = [Int](repeating: 0, count: bins * keys)
        var totals = [Int](repeating: 0, count: features)
        for unit in 0..<problem.unitCount {
            let bin = binOf[unit]
            binSizes[bin] += problem.unitSizes[unit]
            for feature in 0..<features {
                let count = problem.unitFeatures[unit * features + feature]
                binFeatures[bin * features + feature] += count
                totals[feature] += count
            }
            for entry in problem.coverageStart[unit]..<problem.coverageStart[unit + 1] {
                coverage[bin * keys + problem.coverageKeys[entry]] += problem.coverageCounts[entry]
            }
        }
        let total = problem.unitSizes.reduce(0, +)
        totalSize = Double(max(total, 1))
        wholeShares = totals.map { Double($0) / Double(max(total, 1)) }
        uncoveredPairs = coverage.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        binDeviation = [Double](repeating: 0, count: bins)
        binSquares = [Double](repeating: 0, count: bins)
        for bin in 0..<bins { refresh(bin) }
    }

    var score: Score {
        var worst = 0.0
        var squares = 0.0
        for bin in 0..<problem.binCount {
            worst = max(worst, binDeviation[bin])
            squares += binSquares[bin]
        }
        return Score(primary: 2 * Double(uncoveredPairs) + worst, secondary: squares)
    }

    /// The coverage keys absent from at least one bin, ascending.
    var uncoveredKeys: [Int] {
        let keys = problem.coverageKeyCount
        return (0..<keys).filter { key in
            (0..<problem.binCount).contains { coverage[$0 * keys + key] == 0 }
        }
    }

    /// Moves `unit` to `target` and rescores the two affected bins.
    mutating func move(_ unit: Int, to target: Int) {
        let source = binOf[unit]
        guard source != target else { return }
        binOf[unit] = target
        let features = problem.featureCount
        let size = problem.unitSizes[unit]
        binSizes[source] -= size
        binSizes[target] += size
        let unitBase = unit * features
        let sourceBase = source * features
        let targetBase = target * features
        for feature in 0..<features {
            let count = problem.unitFeatures[unitBase + feature]
            binFeatures[sourceBase + feature] -= count
            binFeatures[targetBase + feature] += count
        }
        let keys = problem.coverageKeyCount
        for entry in problem.coverageStart[unit]..<problem.coverageStart[unit + 1] {
            let key = problem.coverageKeys[entry]
            let count = problem.coverageCounts[entry]
            coverage[source * keys + key] -= count
            if coverage[source * keys + key] == 0 { uncoveredPairs += 1 }
            if coverage[target * keys + key] == 0 { uncoveredPairs -= 1 }
            coverage[target * keys + key] += count
        }
        refresh(source)
        refresh(target)
    }

    /// Recomputes a bin's deviation: max of |size share − target| and |feature share − whole share|.
    /// An empty bin gets the worst possible deviation so the search always fills every bin.
    private mutating func refresh(_ bin: Int) {
        let features = problem.featureCount
        let size = binSizes[bin]
        guard size > 0 else {
            binDeviation[bin] = 1
            binSquares[bin] = Double(features + 1)
            return
        }
        let sizeDeviation = abs(Double(size) / totalSize - problem.targets[bin])
        var worst = sizeDeviation
        var squares = sizeDeviation * sizeDeviation
        let inverseSize = 1 / Double(size)
        let base = bin * features
        for feature in 0..<features {
            let deviation = abs(
                Double(binFeatures[base + feature]) * inverseSize - wholeShares[feature])
            worst = max(worst, deviation)
            squares += deviation * deviation
        }
        binDeviation[bin] = worst
        binSquares[bin] = squares
    }
}
