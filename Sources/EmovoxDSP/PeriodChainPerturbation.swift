import Foundation

/// Jitter and shimmer of a voiced stretch measured the way openSMILE's `cPitchJitter` (eGeMAPS'
/// `jitterLocal`, `shimmerLocalDB`) does: one chain of waveform periods that runs through consecutive
/// voiced F0 frames, fed frame by frame.
///
/// Each frame reads the samples from the end of the last complete period up to the end of its hop (at
/// least `minimumPeriods` longest periods plus a few samples). From a period start `s`, every lag `τ`
/// within ±`searchRange` of the frame's F0 period is scored by the Pearson correlation of `x[s..<s+τ]`
/// with `x[s+τ..<s+2τ]`; the best local maximum is the period, parabolically refined to a sub-sample
/// length (no local maximum: the nominal period is skipped). A period whose refined correlation is
/// above `minimumCorrelation` contributes its length to jitter, and the peak-to-peak amplitudes of it
/// and the following stretch to shimmer. Per frame:
///
/// - jitter = mean |Tᵢ − Tᵢ₋₁| over this frame's accepted periods (Tᵢ₋₁ may be the previous frame's
///   last one) divided by their mean length;
/// - shimmer = Σ|Aᵢ − Aᵢ₊₁| / Σ(Aᵢ + Aᵢ₊₁)/2, reported as `20·log10(1 + shimmer)` dB;
/// - a voiced frame that completes no period repeats the previous frame's values; both are capped at 1
///   (relative) and the chain is cut by unvoiced frames.
///
/// `measure` returns `nil` where openSMILE outputs 0 (unvoiced frames, or no value yet), which eGeMAPS'
/// `sma3nz` smoothing and non-zero functionals then ignore.
public final class PeriodChainPerturbation {
    /// Relative half-width of the period search range (openSMILE's `searchRangeRel`).
    public let searchRange: Double
    /// Periods that must fit in a frame's read window (openSMILE's `minNumPeriods`).
    public let minimumPeriods: Int
    /// Refined correlation a period needs to be measured (openSMILE's `minCC`).
    public let minimumCorrelation: Double
    /// F0 frame hop and length in samples.
    public let hop: Int
    public let frameLength: Int

    private var correlations: [Double]
    /// Absolute index of the first sample the next frame reads, and how many samples before the next
    /// frame's start that is (openSMILE's `lastIdx`, `lastMis`).
    private var readStart = 0
    private var carried = 0
    private var lastPeriod = 0.0
    private var lastJitter = 0.0
    private var lastShimmer = 0.0

    public init(
        hop: Int, frameLength: Int, maxPeriod: Int, searchRange: Double = 0.1, minimumPeriods: Int = 2,
        minimumCorrelation: Double = 0.5
    ) {
        precondition(hop >= 1 && frameLength >= hop)
        self.hop = hop
        self.frameLength = frameLength
        self.searchRange = searchRange
        self.minimumPeriods = max(2, minimumPeriods)
        self.minimumCorrelation = minimumCorrelation
        correlations = [Double](repeating: 0, count: Int((2 * searchRange + 0.1) * Double(maxPeriod)) + 4)
    }

    /// Starts a new signal.
    public func reset() {
        readStart = 0
        carried = 0
        lastPeriod = 0
        lastJitter = 0
        lastShimmer = 0
    }

    /// Advances the chain by F0 frame `frame` (frames must come in order 0, 1, 2, … after `reset`) whose
    /// F0 period is `period` samples of `signal` (`0` when the frame is unvoiced).
    /// - Returns: this frame's jitter and shimmer (either `nan` where openSMILE outputs 0 for it), `nil`
    ///   when the frame is unvoiced or neither is measurable yet.
    public func measure(frame: Int, period: Double, signal x: UnsafeBufferPointer<Float>)
        -> PerturbationMeasurement?
    {
        let frameStart = frame * hop
        let due = hop + carried
        guard period > 0 else {
            // Unvoiced: skip the hop and cut the chain.
            readStart += due
            carried = 0
            lastPeriod = 0
            lastJitter = 0
            lastShimmer = 0
            return nil
        }
        let nominal = Int(period.rounded())
        let shortest = max(2, Int(((1 - searchRange) * period).rounded(.down)))
        let longest = max(shortest + 3, Int(((1 + searchRange) * period).rounded(.up)))
        var toRead = max(due, minimumPeriods * longest + minimumPeriods)
        var maxRead = carried + frameLength
        if frameStart - carried != readStart {
            // Out of step (cannot happen when frames come in order): restart at the frame.
            readStart = frameStart
            maxRead = min(maxRead, frameLength)
        }
        toRead = min(toRead, maxRead)
        let count = max(0, min(toRead, x.count - readStart))

        var accepted = 0
        var periodSum = 0.0
        var periodDiffSum = 0.0
        var periodDiffs = 0
        var amplitudeSum = 0.0
        var amplitudeDiffSum = 0.0
        var start = 0
        var lastComplete = 0
        let lags = longest - shortest + 1
        correlations.withUnsafeMutableBufferPointer { cc in
            precondition(cc.count >= lags)
            while start < count - 2 * longest - 1 {
                let base = readStart + start
                for lag in shortest...longest {
                    cc[lag - shortest] = Self.correlation(x, base, base + lag, lag)
                }
                // Best strict local maximum (openSMILE scans indices 1 ..< lags − 2).
                var best = -1
                for i in 1..<(lags - 2) where cc[i - 1] < cc[i] && cc[i] > cc[i + 1] {
                    if best < 0 || cc[i] > cc[best] { best = i }
                }
                if best < 0 {
                    start += nominal
                } else {
                    let length = shortest + best
                    let a0 = Self.peakToPeak(x, base, length)
                    let a1 = Self.peakToPeak(x, base + length, length)
                    start += length
                    let (a, b, c) = (cc[best - 1], cc[best], cc[best + 1])
                    let curvature = a - 2 * b + c
                    let delta = curvature < 0 ? 0.5 * (a - c) / curvature : 0
                    let refinedValue = b - 0.25 * (a - c) * delta
                    if refinedValue > minimumCorrelation {
                        let measured = Double(shortest) + Double(best) + delta
                        periodSum += measured
                        accepted += 1
                        if lastPeriod > 0 {
                            periodDiffSum += abs(lastPeriod - measured)
                            periodDiffs += 1
                        }
                        lastPeriod = measured
                        amplitudeSum += 0.5 * (a0 + a1)
                        amplitudeDiffSum += abs(a0 - a1)
                    }
                }
                if start < due - 1 { lastComplete = start }
            }
        }
        carried = due - lastComplete
        readStart += lastComplete

        var jitter = 0.0
        if accepted > 0 && periodDiffs > 0 {
            lastJitter = min(1, periodDiffSum / Double(periodDiffs) / (periodSum / Double(accepted)))
            jitter = lastJitter
        } else if accepted == 0 {
            jitter = lastJitter
        }
        if accepted > 0 {
            lastShimmer = amplitudeSum > 0 ? min(1, amplitudeDiffSum / amplitudeSum) : 0
        }
        let shimmerDB = 20 * log10(1 + lastShimmer)
        guard jitter > 0 || shimmerDB > 0 else { return nil }
        return PerturbationMeasurement(
            jitterLocal: jitter > 0 ? jitter : .nan, shimmerLocalDB: shimmerDB > 0 ? shimmerDB : .nan,
            periodCount: accepted)
    }

    /// Pearson correlation of `x[a ..< a+n]` with `x[b ..< b+n]` (0 when either is constant).
    private static func correlation(_ x: UnsafeBufferPointer<Float>, _ a: Int, _ b: Int, _ n: Int) -> Double {
        var sx = 0.0
        var sy = 0.0
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for i in 0..<n {
            let u = Double(x[a + i])
            let v = Double(x[b + i])
            sx += u
            sy += v
            sxx += u * u
            syy += v * v
            sxy += u * v
        }
        let count = Double(n)
        let vx = sxx - sx * sx / count
        let vy = syy - sy * sy / count
        guard vx > 0 && vy > 0 else { return 0 }
        return (sxy - sx * sy / count) / (vx * vy).squareRoot()
    }

    /// Peak-to-peak amplitude of `x[start+1 ..< start+n−1]` (openSMILE skips a period's end samples).
    private static func peakToPeak(_ x: UnsafeBufferPointer<Float>, _ start: Int, _ n: Int) -> Double {
        var high = x[start + 1]
        var low = high
        for i in (start + 1)..<(start + n - 1) {
            high = max(high, x[i])
            low = min(low, x[i])
        }
        return Double(high - low)
    }
}
