import Foundation

/// Cycle-to-cycle perturbation of a voiced frame: local jitter and local shimmer (dB).
public struct PerturbationMeasurement: Sendable, Equatable {
    /// Mean absolute difference of consecutive periods divided by the mean period (0.02 = 2 %).
    public var jitterLocal: Double
    /// Mean absolute difference of consecutive period amplitudes in dB, `|20·log10(A_{i+1}/A_i)|`.
    public var shimmerLocalDB: Double
    /// Periods measured.
    public var periodCount: Int
}

/// Marks glottal cycles in a voiced frame and measures jitter and shimmer from them.
///
/// The first mark is the largest sample of the first nominal period; the next cycle is located one period
/// later, that period being the lag within ±`searchRange` of the nominal one whose normalized
/// cross-correlation between this cycle and the next is largest (the chain stops at a cycle correlating
/// below 0.5), and its mark is the largest sample within ±`searchRange`/2 periods of that location,
/// parabolically refined. A cycle's amplitude is the height of the largest sample near its
/// mark above the frame mean. Works on any sampling rate; `VoiceAnalyzer` passes the ≈ 8 kHz low-passed
/// signal of `PitchTracker`, where the search is cheap and insensitive to high-frequency noise. For independent Gaussian period (amplitude)
/// perturbations with relative (dB) standard deviation σ, the expected local jitter (shimmer dB) is
/// `E|X₁ − X₂| = 2σ/√π ≈ 1.128·σ`.
public final class PeriodPerturbation {
    /// Relative half-width of the cycle search window (openSMILE's `searchRangeRel`).
    public let searchRange: Double
    /// Minimum number of periods for a measurement (openSMILE's `minNumPeriods`).
    public let minimumPeriods: Int
    private var marks: [Double]
    private var amplitudes: [Double]

    public init(maxPeriods: Int, searchRange: Double = 0.1, minimumPeriods: Int = 2) {
        self.searchRange = searchRange
        self.minimumPeriods = max(2, minimumPeriods)
        marks = [Double](repeating: 0, count: maxPeriods + 2)
        amplitudes = marks
    }

    /// Measures `frame` given its F0 period in samples; `nil` if fewer than `minimumPeriods` cycles fit
    /// or a cycle has zero amplitude.
    public func measure(_ frame: UnsafeBufferPointer<Float>, period: Double)
        -> PerturbationMeasurement?
    {
        let n = frame.count
        guard period >= 2, Double(n) >= Double(minimumPeriods + 1) * period else { return nil }
        var markCount = 0
        let segment = max(2, Int(period.rounded()))
        let shortest = max(1, Int(((1 - searchRange) * period).rounded(.down)))
        let longest = Int(((1 + searchRange) * period).rounded(.up))
        marks.withUnsafeMutableBufferPointer { m in
            // First mark: largest sample in the first period.
            var best = 0
            for i in 1..<min(n, Int(period.rounded(.up))) where frame[i] > frame[best] { best = i }
            m[0] = refine(frame, best)
            markCount = 1
            // Each next mark is one period later, the period being the lag that best matches the
            // waveform of this cycle with the next one (openSMILE's cross-correlation period search).
            while markCount < m.count {
                let p = Int(m[markCount - 1].rounded())
                guard p + longest + 1 + segment <= n else { break }
                var e0 = 0.0
                for j in 0..<segment { e0 += Double(frame[p + j]) * Double(frame[p + j]) }
                func correlation(_ tau: Int) -> Double {
                    var r = 0.0
                    var e = 0.0
                    for j in 0..<segment {
                        let b = Double(frame[p + tau + j])
                        r += Double(frame[p + j]) * b
                        e += b * b
                    }
                    let norm = (e0 * e).squareRoot()
                    return norm > 0 ? r / norm : 0
                }
                var bestLag = shortest
                var bestValue = -Double.infinity
                var neighbours = (0.0, 0.0)
                var previous = correlation(shortest - 1)
                var current = correlation(shortest)
                for tau in shortest...longest {
                    let next = correlation(tau + 1)
                    if current > bestValue {
                        bestValue = current
                        bestLag = tau
                        neighbours = (previous, next)
                    }
                    previous = current
                    current = next
                }
                // openSMILE's minCC: a cycle that does not resemble the next ends the chain.
                guard bestValue >= 0.5 else { break }
                let (a, c) = neighbours
                let curvature = a - 2 * bestValue + c
                let delta = curvature < 0 ? max(-0.5, min(0.5, 0.5 * (a - c) / curvature)) : 0
                // The matched lag locates the next cycle; its mark is the peak there (sub-sample), so marks
                // stay on the cycles' excitation peaks instead of accumulating matching error.
                let predicted = m[markCount - 1] + Double(bestLag) + delta
                let halfWidth = 0.5 * searchRange * period
                let lo = max(1, Int((predicted - halfWidth).rounded(.down)))
                let hi = min(n - 2, Int((predicted + halfWidth).rounded(.up)))
                guard lo <= hi else { break }
                var peak = lo
                for i in lo...hi where frame[i] > frame[peak] { peak = i }
                m[markCount] = refine(frame, peak)
                markCount += 1
            }
        }
        let periods = markCount - 1
        guard periods >= minimumPeriods else { return nil }
        // Cycle amplitude = height of its peak above the frame mean (Praat's peak amplitude; removing the
        // mean makes it immune to DC offset). A peak-to-peak measure would mix the next cycle's closing
        // excitation, which precedes that cycle's peak, into this cycle's amplitude.
        var mean = 0.0
        for i in 0..<n { mean += Double(frame[i]) }
        mean /= Double(n)
        var ok = true
        marks.withUnsafeBufferPointer { m in
            amplitudes.withUnsafeMutableBufferPointer { a in
                for p in 0..<periods {
                    a[p] = localPeak(frame, around: m[p], halfWidth: searchRange * period) - mean
                    if !(a[p] > 0) { ok = false }
                }
            }
        }
        guard ok else { return nil }
        var sumPeriods = 0.0
        var sumPeriodDiff = 0.0
        var sumAmplitudeDiff = 0.0
        for p in 0..<periods {
            let length = marks[p + 1] - marks[p]
            sumPeriods += length
            if p > 0 {
                sumPeriodDiff += abs(length - (marks[p] - marks[p - 1]))
                sumAmplitudeDiff += abs(20 * log10(amplitudes[p] / amplitudes[p - 1]))
            }
        }
        let meanPeriod = sumPeriods / Double(periods)
        let differences = Double(periods - 1)
        return PerturbationMeasurement(
            jitterLocal: sumPeriodDiff / differences / meanPeriod,
            shimmerLocalDB: sumAmplitudeDiff / differences, periodCount: periods)
    }

    /// Largest sample within ±`halfWidth` of `position`, parabolically interpolated.
    private func localPeak(
        _ x: UnsafeBufferPointer<Float>, around position: Double, halfWidth: Double
    )
        -> Double
    {
        let lo = max(0, Int((position - halfWidth).rounded(.down)))
        let hi = min(x.count - 1, Int((position + halfWidth).rounded(.up)))
        var best = min(max(Int(position.rounded()), 0), x.count - 1)
        if lo <= hi { for i in lo...hi where x[i] > x[best] { best = i } }
        return peakValue(x, refine(x, best))
    }

    /// Parabola value at the refined peak position `x` (within ±0.5 of its sample).
    private func peakValue(_ x: UnsafeBufferPointer<Float>, _ position: Double) -> Double {
        let i = Int(position.rounded())
        guard i > 0 && i < x.count - 1 else { return Double(x[max(0, min(i, x.count - 1))]) }
        let a = Double(x[i - 1])
        let b = Double(x[i])
        let c = Double(x[i + 1])
        let d = position - Double(i)
        return b + 0.5 * (c - a) * d + 0.5 * (a - 2 * b + c) * d * d
    }

    /// Sub-sample position of a local maximum by parabolic interpolation.
    private func refine(_ x: UnsafeBufferPointer<Float>, _ i: Int) -> Double {
        guard i > 0 && i < x.count - 1 else { return Double(i) }
        let a = Double(x[i - 1])
        let b = Double(x[i])
        let c = Double(x[i + 1])
        let curvature = a - 2 * b + c
        guard curvature < 0 else { return Double(i) }
        return Double(i) + max(-0.5, min(0.5, 0.5 * (a - c) / curvature))
    }
}
