/// Cepstral mean (and optionally variance) normalization over a centered sliding window of frames,
/// which removes the channel (microphone, room) while following slow changes within a long recording.
/// A window longer than the clip is the whole clip.
public struct SlidingCMVN: Sendable, Hashable, Codable {
    /// Window length in frames (odd values centre exactly).
    public var window: Int = 301
    /// Also divide by the window's standard deviation.
    public var normalizeVariance: Bool = false

    public init(window: Int = 301, normalizeVariance: Bool = false) {
        self.window = window
        self.normalizeVariance = normalizeVariance
    }

    /// The normalized frames.
    public func apply(_ input: FrameMatrix) -> FrameMatrix {
        let n = input.rows
        let d = input.columns
        guard n > 0 else { return input }
        // Running sums over prefix rows make each window O(d) whatever its length.
        var prefix = [Double](repeating: 0, count: (n + 1) * d)
        var prefixSquares = [Double](repeating: 0, count: (n + 1) * d)
        for t in 0..<n {
            for c in 0..<d {
                let x = input.values[t * d + c]
                prefix[(t + 1) * d + c] = prefix[t * d + c] + x
                prefixSquares[(t + 1) * d + c] = prefixSquares[t * d + c] + x * x
            }
        }
        let half = max(window, 1) / 2
        var out = input
        for t in 0..<n {
            // Shift the window inside the clip rather than shrinking it at the edges.
            var start = t - half
            var end = start + min(max(window, 1), n)
            if start < 0 { (start, end) = (0, min(max(window, 1), n)) }
            if end > n { (start, end) = (max(0, n - max(window, 1)), n) }
            let count = Double(end - start)
            for c in 0..<d {
                let mean = (prefix[end * d + c] - prefix[start * d + c]) / count
                var value = input.values[t * d + c] - mean
                if normalizeVariance {
                    let meanSquare = (prefixSquares[end * d + c] - prefixSquares[start * d + c]) / count
                    let variance = max(meanSquare - mean * mean, 1e-10)
                    value /= variance.squareRoot()
                }
                out.values[t * d + c] = value
            }
        }
        return out
    }
}
