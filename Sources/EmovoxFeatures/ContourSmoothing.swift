/// openSMILE's `cContourSmoother` with `smaWin = 3`: each value becomes the mean of itself and its two
/// neighbours (fewer at the ends).
enum ContourSmoothing {
    /// `sma3`: every frame is defined; plain 3-point moving average.
    static func sma3(_ x: [Double]) -> [Double] {
        guard x.count > 1 else { return x }
        var y = x
        for t in 0..<x.count {
            let lo = max(0, t - 1)
            let hi = min(x.count - 1, t + 1)
            var sum = 0.0
            for i in lo...hi { sum += x[i] }
            y[t] = sum / Double(hi - lo + 1)
        }
        return y
    }

    /// `sma3nz`: missing (`nan`) frames stay missing and are left out of their neighbours' averages, so
    /// a voiced-only contour is never pulled towards the unvoiced gaps.
    static func sma3nz(_ x: [Double]) -> [Double] {
        var y = x
        for t in 0..<x.count where !x[t].isNaN {
            var sum = 0.0
            var n = 0.0
            for i in max(0, t - 1)...min(x.count - 1, t + 1) where !x[i].isNaN {
                sum += x[i]
                n += 1
            }
            y[t] = sum / n
        }
        return y
    }

    /// The defined (non-`nan`) values.
    static func defined(_ x: [Double]) -> [Double] { x.filter { !$0.isNaN } }
}
