import Foundation

/// Picks one F0 candidate (or "unvoiced") per frame by a Viterbi search over per-frame candidates with
/// voicing strengths, in the manner of openSMILE's `cPitchSmootherViterbi` (after Luengo et al., "Evaluation
/// of pitch detection algorithms under real conditions", ICASSP 2007) with eGeMAPS' weights. It is the
/// second half of `SubharmonicSummationPitch`.
///
/// Costs (natural logarithms; `v` is a candidate's voicing clamped to [0.01, 1], `θ` the voicing
/// threshold):
/// - a voiced candidate at `f` Hz: `local·(−ln v + (v < θ ? belowThreshold : 0)) + range·g(f)`, where the
///   range penalty `g` is `1 − f/100` below 100 Hz, 0 up to 350 Hz, rising linearly to 1 at 600 Hz and
///   1.2 from 600 Hz on (it favours ordinary speaking F0s over sub- and super-harmonics);
/// - "unvoiced": `local·belowThreshold` if any candidate of the frame reaches `θ`, else 0;
/// - voiced → voiced: with `r = ln(f_now / f_before)`, `voicedToVoiced·|r| + continuity·|r − r′|`, where
///   `r′` is the `r` of the previous candidate of the earlier frame (candidates in their order, 0 before the
///   first). This is the change penalty as openSMILE evaluates it: its "delta continuity" term compares with
///   the last change it computed, which is the neighbouring candidate's, not the path's. It makes leaving
///   the earlier frame's first (strongest) candidate cheaper than leaving any other, and the jitter and
///   voicing edges of eGeMAPS' F0 depend on that;
/// - voiced ↔ unvoiced: `voicingChange`; unvoiced → unvoiced: `unvoicedToUnvoiced`.
///
/// The search runs over the whole signal (openSMILE decides within a 40-frame window, which gives the same
/// path wherever the surviving paths merge within it, as they do at every clear voicing decision).
public struct PitchViterbiSmoother: Sendable, Hashable {
    /// Cost weights. The defaults are the values eGeMAPS' smoother effectively applies: its configuration
    /// sets `wTvvd = 5`, but openSMILE's smoother uses the voiced-voiced weight (10) for that term too, and
    /// its unvoiced → unvoiced case never matches for more than one candidate, so such a transition costs
    /// its fallback of 1 instead of `wTuu = 0`.
    public struct Weights: Sendable, Hashable {
        public var local = 2.0
        public var belowThreshold = 4.0
        public var range = 1.0
        public var voicedToVoiced = 10.0
        public var continuity = 10.0
        public var voicingChange = 10.0
        public var unvoicedToUnvoiced = 1.0

        public init() {}
    }

    public var weights: Weights
    /// Voicing strength from which a candidate counts as voiced (eGeMAPS: 0.7).
    public var voicingThreshold: Double

    public init(weights: Weights = .init(), voicingThreshold: Double = 0.7) {
        self.weights = weights
        self.voicingThreshold = voicingThreshold
    }

    /// Range penalty of a candidate at `f` Hz.
    static func rangePenalty(_ f: Double) -> Double {
        if f < 100 { return 1 - f / 100 }
        if f < 350 { return 0 }
        if f < 600 { return (f - 350) / 250 }
        return 1.2
    }

    /// The cheapest path. Frame `t` has `counts[t]` candidates at `frequencies[t·capacity + i]` Hz (> 0)
    /// with voicing `voicing[t·capacity + i]`.
    /// - Returns: per frame the chosen candidate index, or −1 for unvoiced.
    public func bestPath(
        frequencies: UnsafeBufferPointer<Double>, voicing: UnsafeBufferPointer<Double>, counts: [Int],
        capacity: Int
    ) -> [Int32] {
        let frames = counts.count
        guard frames > 0 else { return [] }
        precondition(frequencies.count >= frames * capacity && voicing.count >= frames * capacity)
        let w = weights
        let states = capacity + 1
        let unvoiced = capacity
        var cost = [Double](repeating: .infinity, count: states)
        var next = cost
        var logF = [Double](repeating: 0, count: 2 * capacity)
        var back = [Int32](repeating: Int32(unvoiced), count: frames * states)

        func localCosts(_ t: Int, into c: inout [Double]) {
            var anyVoiced = false
            for s in 0..<capacity {
                guard s < counts[t] else {
                    c[s] = .infinity
                    continue
                }
                let raw = voicing[t * capacity + s]
                anyVoiced = anyVoiced || raw >= voicingThreshold
                let v = min(max(raw, 0.01), 1)
                let threshold = v < voicingThreshold ? w.belowThreshold : 0
                c[s] = w.local * (threshold - log(v)) + w.range * Self.rangePenalty(frequencies[t * capacity + s])
            }
            c[unvoiced] = anyVoiced ? w.local * w.belowThreshold : 0
        }

        localCosts(0, into: &cost)
        var local = cost
        for s in 0..<counts[0] { logF[s] = log(frequencies[s]) }
        for t in 1..<frames {
            localCosts(t, into: &local)
            // logF[0..<capacity] is the earlier frame's, logF[capacity...] this frame's.
            for s in 0..<counts[t] { logF[capacity + s] = log(frequencies[t * capacity + s]) }
            let before = counts[t - 1]
            for s in 0..<states {
                guard local[s].isFinite else {
                    next[s] = .infinity
                    continue
                }
                var best = Double.infinity
                var bestFrom = unvoiced
                if s == unvoiced {
                    for p in 0..<before where cost[p] + w.voicingChange < best {
                        best = cost[p] + w.voicingChange
                        bestFrom = p
                    }
                    if cost[unvoiced] + w.unvoicedToUnvoiced < best {
                        best = cost[unvoiced] + w.unvoicedToUnvoiced
                        bestFrom = unvoiced
                    }
                } else {
                    var lastChange = 0.0
                    for p in 0..<before {
                        let r = logF[capacity + s] - logF[p]
                        let total =
                            cost[p] + w.voicedToVoiced * abs(r) + w.continuity * abs(r - lastChange)
                        lastChange = r
                        if total < best {
                            best = total
                            bestFrom = p
                        }
                    }
                    if cost[unvoiced] + w.voicingChange < best {
                        best = cost[unvoiced] + w.voicingChange
                        bestFrom = unvoiced
                    }
                }
                next[s] = best + local[s]
                back[t * states + s] = Int32(bestFrom)
            }
            swap(&cost, &next)
            for s in 0..<counts[t] { logF[s] = logF[capacity + s] }
        }

        var state = unvoiced
        var best = Double.infinity
        for s in 0..<states where cost[s] < best {
            best = cost[s]
            state = s
        }
        var path = [Int32](repeating: -1, count: frames)
        for t in stride(from: frames - 1, through: 0, by: -1) {
            path[t] = state == unvoiced ? -1 : Int32(state)
            state = Int(back[t * states + state])
        }
        return path
    }
}
