import Foundation

/// Summary statistics over contours. Empty input gives `nan` (missing), never zero.
enum Statistics {
    static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// Population standard deviation (numpy's default `ddof=0`).
    static func standardDeviation(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
    }

    /// openSMILE's `stddevNorm` as eGeMAPS configures it (`Moments.stddevNorm = 2`): the standard
    /// deviation divided by the *signed* mean, so a contour with a negative mean (MFCC 2–4, spectral
    /// slopes, formant levels relative to H1) has a negative value; a zero mean divides by 1 instead.
    /// `nan` for an empty contour, 0 for a constant one (no variation).
    static func normalizedStandardDeviation(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let m = mean(x)
        let s = standardDeviation(x)
        if s == 0 { return 0 }
        return m == 0 ? s : s / m
    }

    /// Percentile `q` ∈ [0, 1] of ascending `sorted` with linear interpolation between order statistics
    /// (numpy's default method, openSMILE's `interp = 1`).
    static func percentile(sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Rising and falling slopes of a contour sampled every `step` seconds: for each pair of consecutive
    /// local extrema (minimum → maximum rising, maximum → minimum falling) the value change divided by
    /// the time between them. Falling slopes are reported as positive magnitudes.
    static func slopes(_ x: [Double], step: Double) -> (rising: [Double], falling: [Double]) {
        guard x.count >= 2 else { return ([], []) }
        var extrema: [(index: Int, value: Double)] = [(0, x[0])]
        for i in 1..<(x.count - 1) {
            let isMax = x[i] > x[i - 1] && x[i] >= x[i + 1]
            let isMin = x[i] < x[i - 1] && x[i] <= x[i + 1]
            if isMax || isMin { extrema.append((i, x[i])) }
        }
        extrema.append((x.count - 1, x[x.count - 1]))
        var rising = [Double]()
        var falling = [Double]()
        for j in 1..<extrema.count {
            let dv = extrema[j].value - extrema[j - 1].value
            let dt = Double(extrema[j].index - extrema[j - 1].index) * step
            guard dt > 0, dv != 0 else { continue }
            if dv > 0 { rising.append(dv / dt) } else { falling.append(-dv / dt) }
        }
        return (rising, falling)
    }

    /// Lengths (in frames) of the runs where `isIn` is true.
    static func runLengths(count: Int, _ isIn: (Int) -> Bool) -> [Int] {
        var runs = [Int]()
        var current = 0
        for i in 0..<count {
            if isIn(i) {
                current += 1
            } else if current > 0 {
                runs.append(current)
                current = 0
            }
        }
        if current > 0 { runs.append(current) }
        return runs
    }

    /// Local maxima that rise above the preceding minimum by at least `relativeThreshold` of the
    /// contour's range (openSMILE `Peaks2` with `relThresh`), so ripples are not counted as peaks.
    static func peakCount(_ x: [Double], relativeThreshold: Double) -> Int {
        guard x.count >= 3, let lo = x.min(), let hi = x.max(), hi > lo else { return 0 }
        let threshold = relativeThreshold * (hi - lo)
        var count = 0
        var valley = x[0]
        var top = x[0]
        var searchingPeak = true
        for v in x.dropFirst() {
            if searchingPeak {
                if v < valley {
                    // Still descending: the peak must rise from this new, lower valley.
                    valley = v
                    top = v
                }
                top = max(top, v)
                if top - valley >= threshold && top - v >= threshold {
                    count += 1
                    searchingPeak = false
                    valley = v
                }
            } else {
                valley = min(valley, v)
                if v - valley >= threshold {
                    searchingPeak = true
                    top = v
                }
            }
        }
        return count
    }
}
