/// The best split found for a leaf, with the gradient statistics of both sides.
struct SplitCandidate {
    var feature = -1
    var thresholdBin = 0
    var defaultLeft = false
    var gain = -Double.infinity
    var leftGradient = 0.0
    var leftHessian = 0.0
    var leftCount = 0.0
    var rightGradient = 0.0
    var rightHessian = 0.0
    var rightCount = 0.0

    var isValid: Bool { feature >= 0 }

    /// Deterministic preference: strictly larger gain wins, so among equal gains the candidate
    /// seen first (lowest feature, then lowest threshold) is kept.
    func isBetter(than other: SplitCandidate) -> Bool {
        isValid && (!other.isValid || gain > other.gain)
    }
}

/// The constraints and regularisation a split must respect.
struct SplitConstraints {
    let minDataInLeaf: Double
    let minSumHessianInLeaf: Double
    let lambdaL2: Double
    let minSplitGain: Double

    @inline(__always)
    func leafScore(_ gradient: Double, _ hessian: Double) -> Double {
        gradient * gradient / (hessian + lambdaL2)
    }

    /// The loss-minimising output of a leaf (before shrinkage).
    func leafOutput(_ gradient: Double, _ hessian: Double) -> Double {
        let denominator = hessian + lambdaL2
        return denominator > 0 ? -gradient / denominator : 0
    }
}

/// Finds one feature's best threshold from its bins visited in ascending order.
///
/// Every threshold `t` (value bins `0...t` left) is tried with missing values sent right and —
/// if the leaf has missing values — sent left. When the leaf has no missing values, the default
/// direction is the side with more hessian mass (where unseen missing values most likely belong).
///
/// Bins may be fed densely or only the non-empty ones: an empty bin yields the same partition
/// as the bin before it, which never wins (wins must be strictly better), so both give the same
/// result. Scores `a/b` are compared by cross-multiplication (`a/b > c/d ⇔ a·d > c·b` for
/// positive denominators), which is division-free and exact for identical partitions, so an
/// empty bin can never displace the threshold before it.
struct ThresholdScanner {
    private let constraints: SplitConstraints
    private let sumGradient: Double
    private let sumHessian: Double
    private let count: Double
    private let missingG: Double
    private let missingH: Double
    private let missingC: Double
    private var bestNumerator: Double
    private var bestDenominator = 1.0
    private var found = false
    private var bestBin = 0
    private var bestDefaultLeft = false
    private var bestLeftG = 0.0
    private var bestLeftH = 0.0
    private var bestLeftC = 0.0
    private var leftG = 0.0
    private var leftH = 0.0
    private var leftC = 0.0

    /// - Parameter floor: the gain to beat (the best gain found so far for this leaf).
    @inline(__always)
    init(
        constraints: SplitConstraints, sumGradient: Double, sumHessian: Double, count: Double, parentScore: Double,
        floor: Double, missingG: Double, missingH: Double, missingC: Double
    ) {
        self.constraints = constraints
        self.sumGradient = sumGradient
        self.sumHessian = sumHessian
        self.count = count
        self.missingG = missingG
        self.missingH = missingH
        self.missingC = missingC
        bestNumerator = max(floor, constraints.minSplitGain) + parentScore
    }

    /// Adds the next non-missing bin. Returns false once no later threshold can be valid.
    @inline(__always)
    mutating func add(bin: Int, gradient: Double, hessian: Double, count binCount: Double) -> Bool {
        leftG += gradient
        leftH += hessian
        leftC += binCount
        if count - leftC < constraints.minDataInLeaf { return false }
        // Missing values go right; with none in the leaf, unseen ones default to the heavier side.
        consider(
            bin: bin, g: leftG, h: leftH, c: leftC,
            defaultLeft: missingC > 0 ? false : leftH >= sumHessian - leftH)
        // Missing values go left.
        if missingC > 0 {
            consider(bin: bin, g: leftG + missingG, h: leftH + missingH, c: leftC + missingC, defaultLeft: true)
        }
        return true
    }

    /// Scores the partition with left-side sums `(g, h, c)` and keeps it if it beats the best so far.
    @inline(__always)
    private mutating func consider(bin: Int, g: Double, h: Double, c: Double, defaultLeft: Bool) {
        let minData = constraints.minDataInLeaf
        let minHessian = constraints.minSumHessianInLeaf
        let rightH = sumHessian - h
        guard count - c >= minData && c >= minData && h >= minHessian && rightH >= minHessian else { return }
        let rightG = sumGradient - g
        let dl = h + constraints.lambdaL2
        let dr = rightH + constraints.lambdaL2
        let numerator = g * g * dr + rightG * rightG * dl
        let denominator = dl * dr
        if numerator * bestDenominator > bestNumerator * denominator {
            bestNumerator = numerator
            bestDenominator = denominator
            found = true
            bestBin = bin
            bestDefaultLeft = defaultLeft
            bestLeftG = g
            bestLeftH = h
            bestLeftC = c
        }
    }

    /// The winning split, if any beat the floor.
    @inline(__always)
    func result(feature: Int, parentScore: Double) -> SplitCandidate? {
        guard found else { return nil }
        return SplitCandidate(
            feature: feature, thresholdBin: bestBin, defaultLeft: bestDefaultLeft,
            gain: bestNumerator / bestDenominator - parentScore,
            leftGradient: bestLeftG, leftHessian: bestLeftH, leftCount: bestLeftC,
            rightGradient: sumGradient - bestLeftG, rightHessian: sumHessian - bestLeftH, rightCount: count - bestLeftC)
    }
}

/// Scans one feature's dense histogram for its best threshold.
enum SplitFinder {
    /// `histogram` holds the statistics of `valueBinCount + 1` bins, the last being the missing
    /// bin. Replaces `best` if this feature beats it.
    @inline(__always)
    static func scan(
        feature: Int, histogram: UnsafePointer<BinStatistics>, valueBinCount: Int, sumGradient: Double,
        sumHessian: Double, count: Double, parentScore: Double, constraints: SplitConstraints,
        best: inout SplitCandidate
    ) {
        var scanner = ThresholdScanner(
            constraints: constraints, sumGradient: sumGradient, sumHessian: sumHessian, count: count,
            parentScore: parentScore, floor: best.gain, missingG: histogram[valueBinCount].x,
            missingH: histogram[valueBinCount].y, missingC: histogram[valueBinCount].z)
        for bin in 0..<valueBinCount {
            let stats = histogram[bin]
            if !scanner.add(bin: bin, gradient: stats.x, hessian: stats.y, count: stats.z) { break }
        }
        if let candidate = scanner.result(feature: feature, parentScore: parentScore) { best = candidate }
    }
}
