import Foundation

/// An utterance's zeroth- and first-order Baum–Welch statistics against a UBM: `zeroth[c] = Σ_t γ_t(c)`
/// and `first[c·D + d] = Σ_t γ_t(c)·(x_t[d] − μ_c[d])` (centered on the UBM means).
public struct BaumWelchStatistics: Sendable, Equatable {
    public var zeroth: [Double]
    public var first: [Double]
    /// Frames the statistics were gathered from.
    public var frames: Int

    public init(zeroth: [Double], first: [Double], frames: Int) {
        self.zeroth = zeroth
        self.first = first
        self.frames = frames
    }

    /// The statistics of `frames` under `ubm`.
    public init(frames: FrameMatrix, ubm: DiagonalGMM) {
        let c = ubm.components
        let d = ubm.dimension
        precondition(frames.columns == d, "BaumWelchStatistics: \(frames.columns) columns for a \(d)-dim UBM")
        var zeroth = [Double](repeating: 0, count: c)
        var first = [Double](repeating: 0, count: c * d)
        var posterior = [Double](repeating: 0, count: c)
        frames.values.withUnsafeBufferPointer { all in
            posterior.withUnsafeMutableBufferPointer { p in
                for t in 0..<frames.rows {
                    let x = UnsafeBufferPointer(rebasing: all[(t * d)..<((t + 1) * d)])
                    ubm.componentLogLikelihoods(x, into: p)
                    DiagonalGMM.normalizeToPosteriors(p)
                    for k in 0..<c {
                        let g = p[k]
                        if g < 1e-10 { continue }
                        zeroth[k] += g
                        let base = k * d
                        for j in 0..<d { first[base + j] += g * x[j] }
                    }
                }
            }
        }
        for k in 0..<c {
            let base = k * d
            for j in 0..<d { first[base + j] -= zeroth[k] * ubm.means[base + j] }
        }
        self.init(zeroth: zeroth, first: first, frames: frames.rows)
    }
}
