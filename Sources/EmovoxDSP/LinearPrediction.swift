/// Linear prediction by the autocorrelation method.
public enum LinearPrediction {
    /// Levinson–Durbin recursion: solves the normal equations for the predictor `A(z) = 1 + Σ a_i z^−i`
    /// from autocorrelation `r[0...order]`.
    ///
    /// - Parameters:
    ///   - coefficients: receives `a[0...order]` with `a[0] = 1`.
    ///   - scratch: at least `order + 1` doubles.
    /// - Returns: the final prediction-error power, or `nil` when `r[0] ≤ 0` (silent frame) or the
    ///   recursion becomes unstable (|reflection| ≥ 1 from numerical trouble), in which case the frame
    ///   has no valid model.
    public static func levinsonDurbin(
        autocorrelation r: UnsafeBufferPointer<Double>, order: Int,
        coefficients a: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>
    ) -> Double? {
        precondition(order >= 1 && r.count > order && a.count > order && scratch.count > order)
        guard r[0] > 0, r[0].isFinite else { return nil }
        for i in 0...order { a[i] = 0 }
        a[0] = 1
        var error = r[0]
        for i in 1...order {
            var acc = r[i]
            for j in 1..<i { acc += a[j] * r[i - j] }
            let k = -acc / error
            guard abs(k) < 1 else { return nil }
            for j in 0...i { scratch[j] = a[j] }
            for j in 1..<i { a[j] = scratch[j] + k * scratch[i - j] }
            a[i] = k
            error *= 1 - k * k
        }
        return error
    }
}
