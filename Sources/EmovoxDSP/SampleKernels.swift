/// Reductions over float samples shared by level measurements, frame energies and the pipeline.
///
/// Swift does not reassociate floating-point arithmetic, so a plain `sum += x * x` loop is one
/// long dependency chain; these keep eight independent partial results instead, which the CPU
/// overlaps. The partial results are combined in a fixed order, so the results are
/// deterministic (though not bit-identical to a left-to-right loop). Scalar code on purpose:
/// the generic `SIMD` operations are not reliably specialized and can run lane by lane.
public enum SampleKernels {
    /// Σ x[i]² over `range`, accumulated in double precision.
    public static func sumOfSquares(_ x: UnsafeBufferPointer<Float>, _ range: Range<Int>) -> Double {
        var (s0, s1, s2, s3, s4, s5, s6, s7) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let (a, b, c, d) = (Double(x[i]), Double(x[i + 1]), Double(x[i + 2]), Double(x[i + 3]))
            let (e, f, g, h) = (Double(x[i + 4]), Double(x[i + 5]), Double(x[i + 6]), Double(x[i + 7]))
            s0 += a * a
            s1 += b * b
            s2 += c * c
            s3 += d * d
            s4 += e * e
            s5 += f * f
            s6 += g * g
            s7 += h * h
            i += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while i < range.upperBound {
            sum += Double(x[i]) * Double(x[i])
            i += 1
        }
        return sum
    }

    /// The largest |x[i]| (the sample peak); 0 for an empty buffer.
    public static func peakMagnitude(_ x: UnsafeBufferPointer<Float>) -> Float {
        var (m0, m1, m2, m3): (Float, Float, Float, Float) = (0, 0, 0, 0)
        var i = 0
        while i + 4 <= x.count {
            let (a, b, c, d) = (abs(x[i]), abs(x[i + 1]), abs(x[i + 2]), abs(x[i + 3]))
            m0 = a > m0 ? a : m0
            m1 = b > m1 ? b : m1
            m2 = c > m2 ? c : m2
            m3 = d > m3 ? d : m3
            i += 4
        }
        var peak = max(max(m0, m1), max(m2, m3))
        while i < x.count {
            peak = max(peak, abs(x[i]))
            i += 1
        }
        return peak
    }
}
