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

/// Scans one feature's histogram for its best threshold.
enum SplitFinder {
    /// Considers every threshold `t` (bins `0...t` left) with missing values sent right, and — if
    /// the leaf has missing values — sent left; keeps the best candidate that beats `best`.
    ///
    /// `histogram` holds (gradient, hessian, count) triples for `valueBinCount + 1` bins, the last
    /// being the missing bin. When the leaf has no missing values, the default direction is the
    /// side with more hessian mass (where unseen missing values are most likely to belong).
    @inline(__always)
    static func scan(
        feature: Int, histogram: UnsafePointer<Double>, valueBinCount: Int, sumGradient: Double,
        sumHessian: Double, count: Double, parentScore: Double, constraints: SplitConstraints,
        best: inout SplitCandidate
    ) {
        let minData = constraints.minDataInLeaf
        let minHessian = constraints.minSumHessianInLeaf
        let threshold = max(best.gain, constraints.minSplitGain) + parentScore
        var bestScore = threshold
        var found = false
        var bestBin = 0
        var bestDefaultLeft = false
        var bestLeftG = 0.0
        var bestLeftH = 0.0
        var bestLeftC = 0.0
        let missingG = histogram[3 * valueBinCount]
        let missingH = histogram[3 * valueBinCount + 1]
        let missingC = histogram[3 * valueBinCount + 2]
        var leftG = 0.0
        var leftH = 0.0
        var leftC = 0.0
        for bin in 0..<valueBinCount {
            let binCount = histogram[3 * bin + 2]
            if binCount == 0 { continue }
            leftG += histogram[3 * bin]
            leftH += histogram[3 * bin + 1]
            leftC += binCount
            let rightC = count - leftC
            if rightC < minData { break }
            // Missing values go right.
            if leftC >= minData && leftH >= minHessian {
                let rightH = sumHessian - leftH
                if rightH >= minHessian {
                    let score = constraints.leafScore(leftG, leftH) + constraints.leafScore(sumGradient - leftG, rightH)
                    if score > bestScore {
                        bestScore = score
                        found = true
                        bestBin = bin
                        bestDefaultLeft = missingC > 0 ? false : leftH >= rightH
                        bestLeftG = leftG
                        bestLeftH = leftH
                        bestLeftC = leftC
                    }
                }
            }
            // Missing values go left.
            if missingC > 0 {
                let lC = leftC + missingC
                let lH = leftH + missingH
                let lG = leftG + missingG
                let rH = sumHessian - lH
                if count - lC >= minData && lC >= minData && lH >= minHessian && rH >= minHessian {
                    let score = constraints.leafScore(lG, lH) + constraints.leafScore(sumGradient - lG, rH)
                    if score > bestScore {
                        bestScore = score
                        found = true
                        bestBin = bin
                        bestDefaultLeft = true
                        bestLeftG = lG
                        bestLeftH = lH
                        bestLeftC = lC
                    }
                }
            }
        }
        guard found else { return }
        best = SplitCandidate(
            feature: feature, thresholdBin: bestBin, defaultLeft: bestDefaultLeft, gain: bestScore - parentScore,
            leftGradient: bestLeftG, leftHessian: bestLeftH, leftCount: bestLeftC,
            rightGradient: sumGradient - bestLeftG, rightHessian: sumHessian - bestLeftH, rightCount: count - bestLeftC)
    }
}
