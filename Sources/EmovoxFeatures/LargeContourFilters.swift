/// The contour filters of the `large` set: smoothing (`_sma`), delta (`_de`) and the selection of defined
/// frames. Missing (`nan`) frames — unvoiced frames of voiced-only descriptors — split a contour into runs;
/// every filter works within runs, so a voiced-only contour is never pulled towards its gaps.
enum LargeContourFilters {
    /// Half-width of the delta regression window (frames): ±2, as HTK and openSMILE's `cDeltaRegression`.
    static let deltaHalfWidth = 2

    /// 3-frame moving average: each defined frame becomes the mean of itself and its defined neighbours.
    static func smooth(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = x.count
        for t in 0..<n {
            let v = x[t]
            guard !v.isNaN else {
                y[t] = .nan
                continue
            }
            var sum = v
            var count = 1.0
            if t > 0 && !x[t - 1].isNaN {
                sum += x[t - 1]
                count += 1
            }
            if t + 1 < n && !x[t + 1].isNaN {
                sum += x[t + 1]
                count += 1
            }
            y[t] = sum / count
        }
    }

    /// Regression delta `Σ_{k=1…W} k·(x[t+k] − x[t−k]) / (2·Σk²)` with W = `deltaHalfWidth`; frames beyond
    /// the ends of the run containing `t` repeat the run's end value. Missing frames stay missing.
    static func delta(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = x.count
        let w = deltaHalfWidth
        var norm = 0.0
        for k in 1...w { norm += Double(2 * k * k) }
        var runStart = 0
        while runStart < n {
            guard !x[runStart].isNaN else {
                y[runStart] = .nan
                runStart += 1
                continue
            }
            var runEnd = runStart
            while runEnd + 1 < n && !x[runEnd + 1].isNaN { runEnd += 1 }
            for t in runStart...runEnd {
                var sum = 0.0
                for k in 1...w {
                    sum += Double(k) * (x[min(t + k, runEnd)] - x[max(t - k, runStart)])
                }
                y[t] = sum / norm
            }
            runStart = runEnd + 1
        }
    }

    /// Copies the defined frames of `x` to the front of `y` in order; returns how many there are.
    static func compactDefined(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) -> Int {
        var count = 0
        for v in x where !v.isNaN {
            y[count] = v
            count += 1
        }
        return count
    }
}
