import Foundation

/// A functional of the `large` feature set: one number summarizing a descriptor contour x₀…x_{n−1}
/// (frames 10 ms apart; for voiced-only descriptors the voiced frames only, concatenated in time order).
///
/// Conventions: `t` is the frame index within the contour; percentiles interpolate linearly between order
/// statistics (numpy's default); standard deviation and moments are population (divide by n).
///
/// Missing values: an empty contour (no frame; no voiced frame for a voiced-only descriptor) gives `nan`
/// for every functional. A contour shorter than `LargeFunctional.minimumShapeFrames` frames gives `nan`
/// for the shape functionals (`isShape`: regressions, rise/fall times, peaks, segments); the others are
/// defined from one frame on. Degenerate but long-enough contours give documented finite values: a constant
/// contour has skewness and kurtosis 0, up-level times 0, no peaks (rate, distances and relative amplitude
/// 0) and no segment above the mean (segment lengths 0).
public enum LargeFunctional: String, CaseIterable, Sendable {
    /// Arithmetic mean.
    case mean = "amean"
    /// Population standard deviation.
    case standardDeviation = "stddev"
    /// Third standardized moment (0 for a constant contour).
    case skewness
    /// Fourth standardized moment, non-excess (3 for a Gaussian; 0 for a constant contour).
    case kurtosis
    /// Quartiles 1–3.
    case quartile1, quartile2, quartile3
    /// Inter-quartile ranges q2 − q1, q3 − q2, q3 − q1.
    case iqr12 = "iqr1-2"
    case iqr23 = "iqr2-3"
    case iqr13 = "iqr1-3"
    /// 1st and 99th percentiles and their difference.
    case percentile1 = "percentile1.0"
    case percentile99 = "percentile99.0"
    case percentileRange = "pctlrange0-1"
    /// Maximum − minimum.
    case range
    /// Relative position of the (first) maximum and minimum, `t / (n − 1)` (0 for one frame).
    case maxPosition = "maxPos"
    case minPosition = "minPos"
    /// Root quadratic mean √(Σx²/n).
    case rootQuadraticMean = "rqmean"
    /// Least-squares line `x ≈ c1·t + c2`: slope per frame, offset at the first frame, mean absolute and
    /// mean squared error.
    case linearSlope = "linregc1"
    case linearOffset = "linregc2"
    case linearErrorAbsolute = "linregerrA"
    case linearErrorQuadratic = "linregerrQ"
    /// Least-squares parabola `x ≈ a·t² + b·t + c` and its mean absolute and mean squared error.
    case quadraticA = "qregc1"
    case quadraticB = "qregc2"
    case quadraticC = "qregc3"
    case quadraticErrorAbsolute = "qregerrA"
    case quadraticErrorQuadratic = "qregerrQ"
    /// Share of frames above `min + p·range` for p = 25, 50, 75, 90 %.
    case upLevelTime25 = "upleveltime25"
    case upLevelTime50 = "upleveltime50"
    case upLevelTime75 = "upleveltime75"
    case upLevelTime90 = "upleveltime90"
    /// Share of the n − 1 frame-to-frame steps that rise (fall).
    case riseTime = "risetime"
    case fallTime = "falltime"
    /// Peaks — local maxima (`x[t−1] < x[t] ≥ x[t+1]`) above the contour mean — per second of contour.
    case peakRate
    /// Mean and standard deviation of the time between consecutive peaks, seconds (0 with < 2 peaks).
    case peakDistanceMean = "peakDistMean"
    case peakDistanceStandardDeviation = "peakDistStddev"
    /// Mean peak value minus the contour mean (0 without peaks).
    case peakMeanRelative = "peakMeanRel"
    /// Mean, longest, shortest length and standard deviation of the runs of frames above the contour mean,
    /// seconds (0 without such a run).
    case meanSegmentLength = "meanSegLen"
    case maxSegmentLength = "maxSegLen"
    case minSegmentLength = "minSegLen"
    case segmentLengthStandardDeviation = "segLenStddev"

    /// Shortest contour (frames) for which shape functionals are computed.
    public static let minimumShapeFrames = 3

    /// Whether this functional needs `minimumShapeFrames` frames (else `nan`).
    public var isShape: Bool {
        switch self {
        case .linearSlope, .linearOffset, .linearErrorAbsolute, .linearErrorQuadratic, .quadraticA, .quadraticB,
            .quadraticC, .quadraticErrorAbsolute, .quadraticErrorQuadratic, .riseTime, .fallTime, .peakRate,
            .peakDistanceMean, .peakDistanceStandardDeviation, .peakMeanRelative, .meanSegmentLength,
            .maxSegmentLength, .minSegmentLength, .segmentLengthStandardDeviation:
            return true
        default:
            return false
        }
    }
}

/// Evaluates every `LargeFunctional` of a contour in three passes: one for sums, extremes and regression
/// sums, one sort for all percentiles, one for central moments, regression errors, level times, peaks and
/// segments. Keeps its sort buffer between calls; not thread-safe.
final class LargeFunctionalEvaluator {
    private var sorted: [Double] = []

    /// Writes `LargeFunctional.allCases.count` values for contour `x` into `output`, in `allCases` order.
    func evaluate(
        _ x: UnsafeBufferPointer<Double>, hopSeconds: Double, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = x.count
        precondition(output.count >= LargeFunctional.allCases.count)
        guard n > 0 else {
            for i in 0..<LargeFunctional.allCases.count { output[i] = .nan }
            return
        }
        func set(_ f: LargeFunctional, _ value: Double) { output[Self.index[f]!] = value }
        let count = Double(n)

        // Pass 1: sums, extremes, regression sums over the centered index u = t − (n − 1)/2 (centering keeps
        // the normal equations well conditioned and makes Σu = Σu³ = 0).
        let center = (count - 1) / 2
        var sum = 0.0
        var sumSquares = 0.0
        var sumXU = 0.0
        var sumXUU = 0.0
        var minimum = x[0]
        var maximum = x[0]
        var minIndex = 0
        var maxIndex = 0
        for t in 0..<n {
            let v = x[t]
            let u = Double(t) - center
            sum += v
            sumSquares += v * v
            sumXU += v * u
            sumXUU += v * u * u
            if v < minimum {
                minimum = v
                minIndex = t
            }
            if v > maximum {
                maximum = v
                maxIndex = t
            }
        }
        let mean = sum / count
        let range = maximum - minimum
        set(.mean, mean)
        set(.range, range)
        set(.rootQuadraticMean, (sumSquares / count).squareRoot())
        set(.maxPosition, n > 1 ? Double(maxIndex) / (count - 1) : 0)
        set(.minPosition, n > 1 ? Double(minIndex) / (count - 1) : 0)

        // Sort once for every percentile.
        if sorted.count < n { sorted = [Double](repeating: 0, count: max(n, 2 * sorted.count)) }
        sorted.withUnsafeMutableBufferPointer { s in
            var part = UnsafeMutableBufferPointer(rebasing: s[0..<n])
            for t in 0..<n { part[t] = x[t] }
            part.sort()
            let view = UnsafeBufferPointer(part)
            let q1 = Self.percentile(view, 0.25)
            let q2 = Self.percentile(view, 0.50)
            let q3 = Self.percentile(view, 0.75)
            let p1 = Self.percentile(view, 0.01)
            let p99 = Self.percentile(view, 0.99)
            set(.quartile1, q1)
            set(.quartile2, q2)
            set(.quartile3, q3)
            set(.iqr12, q2 - q1)
            set(.iqr23, q3 - q2)
            set(.iqr13, q3 - q1)
            set(.percentile1, p1)
            set(.percentile99, p99)
            set(.percentileRange, p99 - p1)
        }

        // Regression coefficients in u, then in t. S2 = Σu², S4 = Σu⁴ in closed form.
        let s2 = count * (count * count - 1) / 12
        let s4 = count * (count * count - 1) * (3 * count * count - 7) / 240
        let slope = s2 > 0 ? sumXU / s2 : 0
        let determinant = s4 * count - s2 * s2
        let shapeDefined = n >= LargeFunctional.minimumShapeFrames
        let curvature = determinant > 0 ? (count * sumXUU - s2 * sum) / determinant : 0
        let quadraticCenter = determinant > 0 ? (s4 * sum - s2 * sumXUU) / determinant : mean
        let levels = minimum + SIMD4<Double>(0.25, 0.5, 0.75, 0.9) * range

        // Pass 2.
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        var linearAbsolute = 0.0
        var linearSquared = 0.0
        var quadraticAbsolute = 0.0
        var quadraticSquared = 0.0
        var above = SIMD4<Int>(repeating: 0)
        var rises = 0
        var falls = 0
        var peaks = 0
        var peakSum = 0.0
        var lastPeak = -1
        var distanceSum = 0.0
        var distanceSquares = 0.0
        var segments = 0
        var segmentSum = 0.0
        var segmentSquares = 0.0
        var segmentMax = 0
        var segmentMin = Int.max
        var run = 0
        for t in 0..<n {
            let v = x[t]
            let d = v - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
            let u = Double(t) - center
            let linear = v - (mean + slope * u)
            linearAbsolute += abs(linear)
            linearSquared += linear * linear
            let quadratic = v - (curvature * u * u + slope * u + quadraticCenter)
            quadraticAbsolute += abs(quadratic)
            quadraticSquared += quadratic * quadratic
            if range > 0 {
                for l in 0..<4 where v > levels[l] { above[l] += 1 }
            }
            if t > 0 {
                if v > x[t - 1] { rises += 1 } else if v < x[t - 1] { falls += 1 }
            }
            if t > 0 && t < n - 1 && v > x[t - 1] && v >= x[t + 1] && v > mean {
                peaks += 1
                peakSum += v
                if lastPeak >= 0 {
                    let gap = Double(t - lastPeak) * hopSeconds
                    distanceSum += gap
                    distanceSquares += gap * gap
                }
                lastPeak = t
            }
            if v > mean {
                run += 1
            }
            if run > 0 && (v <= mean || t == n - 1) {
                segments += 1
                let length = Double(run) * hopSeconds
                segmentSum += length
                segmentSquares += length * length
                segmentMax = max(segmentMax, run)
                segmentMin = min(segmentMin, run)
                run = 0
            }
        }
        let variance = m2 / count
        set(.standardDeviation, variance.squareRoot())
        set(.skewness, variance > 0 ? m3 / count / (variance * variance.squareRoot()) : 0)
        set(.kurtosis, variance > 0 ? m4 / count / (variance * variance) : 0)
        set(.upLevelTime25, Double(above[0]) / count)
        set(.upLevelTime50, Double(above[1]) / count)
        set(.upLevelTime75, Double(above[2]) / count)
        set(.upLevelTime90, Double(above[3]) / count)

        guard shapeDefined else {
            for f in LargeFunctional.allCases where f.isShape { set(f, .nan) }
            return
        }
        set(.linearSlope, slope)
        set(.linearOffset, mean - slope * center)
        set(.linearErrorAbsolute, linearAbsolute / count)
        set(.linearErrorQuadratic, linearSquared / count)
        // x = A·u² + B·u + C with u = t − m  ⇒  a = A, b = B − 2Am, c = Am² − Bm + C.
        set(.quadraticA, curvature)
        set(.quadraticB, slope - 2 * curvature * center)
        set(.quadraticC, curvature * center * center - slope * center + quadraticCenter)
        set(.quadraticErrorAbsolute, quadraticAbsolute / count)
        set(.quadraticErrorQuadratic, quadraticSquared / count)
        set(.riseTime, Double(rises) / (count - 1))
        set(.fallTime, Double(falls) / (count - 1))
        set(.peakRate, Double(peaks) / (count * hopSeconds))
        let gaps = Double(max(peaks - 1, 0))
        let gapMean = gaps > 0 ? distanceSum / gaps : 0
        set(.peakDistanceMean, gapMean)
        set(
            .peakDistanceStandardDeviation,
            gaps > 0 ? max(0, distanceSquares / gaps - gapMean * gapMean).squareRoot() : 0)
        set(.peakMeanRelative, peaks > 0 ? peakSum / Double(peaks) - mean : 0)
        let segmentMean = segments > 0 ? segmentSum / Double(segments) : 0
        set(.meanSegmentLength, segmentMean)
        set(.maxSegmentLength, Double(segmentMax) * hopSeconds)
        set(.minSegmentLength, segments > 0 ? Double(segmentMin) * hopSeconds : 0)
        set(
            .segmentLengthStandardDeviation,
            segments > 0 ? max(0, segmentSquares / Double(segments) - segmentMean * segmentMean).squareRoot() : 0)
    }

    /// Position of each functional in `allCases`, by raw name.
    private static let index: [LargeFunctional: Int] = Dictionary(
        uniqueKeysWithValues: LargeFunctional.allCases.enumerated().map { ($1, $0) })

    /// Percentile `q` ∈ [0, 1] of ascending `sorted` (non-empty), linear interpolation.
    static func percentile(_ sorted: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

extension LargeFunctional {
    /// Every functional of `contour` (defined values, frames `hopSeconds` apart), in `allCases` order — the
    /// computation `large` applies to each descriptor contour, exposed for checks on hand-made contours.
    public static func evaluateAll(_ contour: [Double], hopSeconds: Double) -> [Double] {
        var output = [Double](repeating: .nan, count: allCases.count)
        contour.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer {
                LargeFunctionalEvaluator().evaluate(x, hopSeconds: hopSeconds, into: $0)
            }
        }
        return output
    }
}
