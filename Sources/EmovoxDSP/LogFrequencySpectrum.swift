import Foundation

/// Resamples a linear-frequency magnitude spectrum onto a log₂ (octave) frequency axis, the input of
/// subharmonic summation (`SubharmonicSummationPitch`).
///
/// The method is Hermes' (1988) preprocessing for subharmonic summation as eGeMAPS configures it
/// (openSMILE's `cSpecScale` with `scale = octave`, `minF = 25`, `specEnhance = 1`, `specSmooth = 1`,
/// `auditoryWeighting = 1`, `interpMethod = spline`, as many output points as input bins):
///
/// 1. Peak enhancement: every bin more than two bins away from the nearest local maximum of the
///    magnitude spectrum is set to zero, so harmonics stand out of the noise floor between them.
/// 2. Smoothing with the kernel `[1, 2, 1] / 4`, which widens each remaining peak so that a harmonic
///    still overlaps its nominal position after the log-axis shifts of the summation.
/// 3. A natural cubic spline through the bins, placed at `log₂(k·Δf)` (DC, which has no place on a log
///    axis, one octave below bin 1), sampled at `pointCount` points spaced evenly in log₂ frequency from
///    `minFrequency` to the Nyquist frequency.
/// 4. Auditory weighting: a smooth high-pass on the octave axis, `½ + atan(3·(i + 1 − s)/P)/π` for point
///    `i` at `P` points per octave with `s = P·log₂(65/50) − 1` (half gain about 0.38 octave above
///    `minFrequency`), which suppresses the sub-audible bottom of the range; negative values, which the
///    spline can overshoot to, become zero.
///
/// The spline's knots are fixed, so its tridiagonal system is factored once and each target point's
/// interval and weights are precomputed; `transform` then allocates nothing. One instance per worker
/// (see `AnalysisContext`); not thread-safe.
public final class LogFrequencySpectrum {
    /// Number of input bins (`fftSize / 2 + 1`) and of output points.
    public let binCount: Int
    public let pointCount: Int
    /// log₂ of the frequency (Hz) of output point 0, and the step between points in octaves.
    public let firstLog2Frequency: Double
    public let octavesPerPoint: Double

    /// Per knot `i`: the spacing to the previous knot and the reciprocal of the one to the next (log₂ Hz),
    /// and the Thomas-algorithm factors of the natural spline's tridiagonal system. Reciprocals are stored
    /// because the per-frame sweep is a serial chain in which a division would dominate.
    private struct Knot {
        var spacingBefore = 0.0
        var inverseSpacingAfter = 0.0
        var inversePivot = 0.0
        var upper = 0.0
    }

    /// Per output point: the left knot of its interval, that knot's linear weight, the curvature weights
    /// of both knots, and the auditory weight.
    private struct Sample {
        var knot: Int
        var linear: Double
        var leftCurvature: Double
        var rightCurvature: Double
        var auditory: Double
    }

    private let knotRows: [Knot]
    private let samples: [Sample]

    private var values: [Double]
    private var secondDerivative: [Double]

    /// - Parameters:
    ///   - fftSize: the even FFT length the magnitude spectra come from.
    ///   - sampleRate: Hz.
    ///   - minFrequency: lowest output frequency (Hz), below the lowest F0 of interest; eGeMAPS uses 25.
    ///   - pointCount: output points; `nil` for as many as input bins (eGeMAPS' choice).
    /// - Precondition: `minFrequency` lies between the first bin and the Nyquist frequency.
    public init(fftSize: Int, sampleRate: Double, minFrequency: Double, pointCount: Int? = nil) {
        precondition(fftSize >= 8 && fftSize % 2 == 0)
        let bins = fftSize / 2 + 1
        let binHz = sampleRate / Double(fftSize)
        let nyquist = binHz * Double(bins - 1)
        precondition(minFrequency >= binHz && minFrequency < nyquist)
        let points = pointCount ?? bins
        precondition(points >= 3)
        binCount = bins
        self.pointCount = points
        firstLog2Frequency = log2(minFrequency)
        octavesPerPoint = (log2(nyquist) - firstLog2Frequency) / Double(points - 1)

        var x = (0..<bins).map { log2(Double(max($0, 1)) * binHz) }
        x[0] = x[1] - 1
        let h = (0..<(bins - 1)).map { x[$0 + 1] - x[$0] }
        // Natural spline: M₀ = M_{n−1} = 0; interior rows h_{i−1}·M_{i−1} + 2(h_{i−1}+h_i)·M_i + h_i·M_{i+1}.
        var rows = [Knot](repeating: Knot(), count: bins)
        rows[0].inverseSpacingAfter = 1 / h[0]
        for i in 1..<(bins - 1) {
            let pivot = 2 * (h[i - 1] + h[i]) - h[i - 1] * rows[i - 1].upper
            rows[i] = Knot(
                spacingBefore: h[i - 1], inverseSpacingAfter: 1 / h[i], inversePivot: 1 / pivot,
                upper: h[i] / pivot)
        }
        knotRows = rows

        let perOctave = 1 / octavesPerPoint
        // Centre of the auditory high-pass, in points.
        let center = perOctave * log2(65.0 / 50.0) - 1
        var table = [Sample]()
        table.reserveCapacity(points)
        var k = 0
        for p in 0..<points {
            let target = firstLog2Frequency + Double(p) * octavesPerPoint
            while k < bins - 2 && x[k + 1] <= target { k += 1 }
            let a = (x[k + 1] - target) / h[k]
            let b = 1 - a
            table.append(
                Sample(
                    knot: k, linear: a, leftCurvature: (a * a * a - a) * h[k] * h[k] / 6,
                    rightCurvature: (b * b * b - b) * h[k] * h[k] / 6,
                    auditory: 0.5 + atan(3 * (Double(p + 1) - center) / perOctave) / Double.pi))
        }
        samples = table
        values = [Double](repeating: 0, count: bins)
        secondDerivative = values
    }

    /// Frequency in Hz of output point `index` (fractional indices interpolate on the log axis).
    public func frequency(atPoint index: Double) -> Double {
        exp2(firstLog2Frequency + index * octavesPerPoint)
    }

    /// Transforms one magnitude spectrum (`binCount` bins, |X[k]|) into `output` (`pointCount` points).
    public func transform(
        magnitude: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(magnitude.count >= binCount && output.count >= pointCount)
        let n = binCount
        values.withUnsafeMutableBufferPointer { y in
            for k in 0..<n { y[k] = Double(magnitude[k]) }
            Self.enhancePeaks(y)
            Self.smooth(y)
            secondDerivative.withUnsafeMutableBufferPointer { m in
                solveCurvature(y: UnsafeBufferPointer(y), into: m)
                samples.withUnsafeBufferPointer { table in
                    for p in 0..<pointCount {
                        let e = table[p]
                        let k = e.knot
                        let v =
                            e.linear * y[k] + (1 - e.linear) * y[k + 1] + e.leftCurvature * m[k]
                            + e.rightCurvature * m[k + 1]
                        output[p] = v > 0 ? Float(v * e.auditory) : 0
                    }
                }
            }
        }
    }

    /// Second derivatives of the natural cubic spline through `y` at the knots (Thomas algorithm on the
    /// pre-factored system).
    private func solveCurvature(y: UnsafeBufferPointer<Double>, into m: UnsafeMutableBufferPointer<Double>) {
        let n = binCount
        knotRows.withUnsafeBufferPointer { rows in
            m[0] = 0
            // Forward sweep: m holds the transformed right-hand side.
            var previousSlope = (y[1] - y[0]) * rows[0].inverseSpacingAfter
            for i in 1..<(n - 1) {
                let row = rows[i]
                let slope = (y[i + 1] - y[i]) * row.inverseSpacingAfter
                let rhs = 6 * (slope - previousSlope)
                m[i] = (rhs - row.spacingBefore * m[i - 1]) * row.inversePivot
                previousSlope = slope
            }
            m[n - 1] = 0
            for i in stride(from: n - 2, through: 1, by: -1) { m[i] -= rows[i].upper * m[i + 1] }
        }
    }

    /// Zeroes every value farther than two bins from the local maxima on both sides of it (values before
    /// the first and after the last maximum stay).
    static func enhancePeaks(_ a: UnsafeMutableBufferPointer<Double>) {
        let n = a.count
        guard n >= 2 else { return }
        var previousPeak = -1
        func peak(at i: Int) {
            if previousPeak >= 0 && previousPeak + 3 <= i - 3 {
                for j in (previousPeak + 3)...(i - 3) { a[j] = 0 }
            }
            previousPeak = i
        }
        // Zeroing stays three bins behind the scan, so maxima are always found on the original values.
        if a[0] > a[1] { peak(at: 0) }
        for i in 1..<(n - 1) where a[i] > a[i - 1] && a[i] >= a[i + 1] { peak(at: i) }
        if a[n - 1] > a[n - 2] { peak(at: n - 1) }
    }

    /// `[1, 2, 1] / 4` smoothing (zero before the first value; the last value is kept).
    static func smooth(_ a: UnsafeMutableBufferPointer<Double>) {
        var previous = 0.0
        for i in 0..<(a.count - 1) {
            let current = a[i]
            a[i] = (previous + 2 * current + a[i + 1]) / 4
            previous = current
        }
    }
}
