import Foundation

/// Verification error rates from target (same speaker) and non-target trial scores.
public struct VerificationMetrics: Sendable, Equatable, Codable {
    /// One operating point of the detection-error trade-off curve.
    public struct DETPoint: Sendable, Equatable, Codable {
        public var threshold: Double
        public var falseRejection: Double
        public var falseAcceptance: Double
    }

    /// Equal error rate (where miss and false-alarm rates cross, interpolated between thresholds).
    public var eer: Double
    /// The threshold at the EER.
    public var eerThreshold: Double
    /// Minimum normalized detection cost for `pTarget` (C_miss = C_fa = 1).
    public var minDCF: Double
    public var pTarget: Double
    public var targetTrials: Int
    public var nonTargetTrials: Int
    /// The DET curve at up to ~100 evenly spaced thresholds (every score rank for small sets).
    public var det: [DETPoint]

    /// Sweeps the threshold over every score (accepting `score ≥ threshold`).
    public init(targets: [Double], nonTargets: [Double], pTarget: Double = 0.01) {
        precondition(!targets.isEmpty && !nonTargets.isEmpty)
        self.pTarget = pTarget
        targetTrials = targets.count
        nonTargetTrials = nonTargets.count
        // Ascending scores; ties broken target-first so equal scores are never split favourably.
        let trials = (targets.map { ($0, true) } + nonTargets.map { ($0, false) }).sorted {
            $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 && !$1.1)
        }
        let nt = Double(targets.count)
        let nn = Double(nonTargets.count)
        var misses = 0.0  // targets below the threshold
        var falseAlarms = nn  // non-targets at or above it
        var points: [DETPoint] = [
            DETPoint(threshold: trials[0].0, falseRejection: 0, falseAcceptance: 1)
        ]
        var bestCost = Double.infinity
        let defaultCost = min(pTarget, 1 - pTarget)
        var eer = 1.0
        var eerThreshold = trials[0].0
        var previous = (miss: 0.0, fa: 1.0, threshold: trials[0].0)
        var crossed = false
        for (index, trial) in trials.enumerated() {
            if trial.1 { misses += 1 } else { falseAlarms -= 1 }
            let threshold = index + 1 < trials.count ? trials[index + 1].0 : trial.0 + 1e-9
            // Ties: only evaluate between distinct scores.
            if index + 1 < trials.count && trials[index + 1].0 == trial.0 { continue }
            let miss = misses / nt
            let fa = falseAlarms / nn
            bestCost = min(bestCost, (pTarget * miss + (1 - pTarget) * fa) / defaultCost)
            if !crossed && miss >= fa {
                crossed = true
                // Linear interpolation of the crossing between the two points.
                let a = previous.fa - previous.miss
                let b = miss - fa
                let w = a + b > 0 ? a / (a + b) : 0
                eer = previous.miss + w * (miss - previous.miss)
                eerThreshold = previous.threshold + w * (threshold - previous.threshold)
            }
            previous = (miss, fa, threshold)
            points.append(DETPoint(threshold: threshold, falseRejection: miss, falseAcceptance: fa))
        }
        self.eer = eer
        self.eerThreshold = eerThreshold
        minDCF = min(bestCost, 1)
        let stride = max(1, points.count / 100)
        var kept = Swift.stride(from: 0, to: points.count, by: stride).map { points[$0] }
        if kept.last != points.last, let last = points.last { kept.append(last) }
        det = kept
    }
}
