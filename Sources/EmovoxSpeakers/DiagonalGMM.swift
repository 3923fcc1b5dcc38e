import Foundation

/// A Gaussian mixture with diagonal covariances: the universal background model.
///
/// Log-likelihoods are computed per component from precomputed precisions and constants and summed
/// with log-sum-exp (shifted by the largest term), so far-away frames give large negative numbers,
/// never `-inf` or NaN.
public struct DiagonalGMM: Sendable, Equatable {
    public let components: Int
    public let dimension: Int
    /// Mixture weights, summing to 1.
    public let weights: [Double]
    /// Means, component-major: `means[c·dimension + d]`.
    public let means: [Double]
    /// Variances, laid out like `means`.
    public let variances: [Double]
    /// `means / variances`, for the expanded quadratic form.
    let scaledMeans: [Double]
    /// `-0.5 / variances`.
    let halfPrecisions: [Double]
    /// `log w − ½(D·log 2π + Σ log σ² + Σ μ²/σ²)` per component.
    let constants: [Double]

    public init(weights: [Double], means: [Double], variances: [Double]) {
        components = weights.count
        dimension = components == 0 ? 0 : means.count / components
        precondition(means.count == components * dimension && variances.count == means.count)
        self.weights = weights
        self.means = means
        self.variances = variances
        var scaled = [Double](repeating: 0, count: means.count)
        var half = [Double](repeating: 0, count: means.count)
        var constants = [Double](repeating: 0, count: components)
        let logTwoPi = log(2 * Double.pi)
        for c in 0..<components {
            var sum = Double(dimension) * logTwoPi
            for d in 0..<dimension {
                let i = c * dimension + d
                scaled[i] = means[i] / variances[i]
                half[i] = -0.5 / variances[i]
                sum += log(variances[i]) + means[i] * means[i] / variances[i]
            }
            constants[c] = log(max(weights[c], 1e-300)) - 0.5 * sum
        }
        scaledMeans = scaled
        halfPrecisions = half
        self.constants = constants
    }

    /// `log(w_c · N(x; μ_c, Σ_c))` for every component into `output` (length `components`).
    public func componentLogLikelihoods(
        _ frame: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let d = dimension
        scaledMeans.withUnsafeBufferPointer { m in
            halfPrecisions.withUnsafeBufferPointer { h in
                for c in 0..<components {
                    var sum = constants[c]
                    let base = c * d
                    for k in 0..<d {
                        let x = frame[k]
                        sum += x * (m[base + k] + h[base + k] * x)
                    }
                    output[c] = sum
                }
            }
        }
    }

    /// Turns component log-likelihoods into posteriors in place; returns the frame's log-likelihood.
    @discardableResult
    public static func normalizeToPosteriors(_ values: UnsafeMutableBufferPointer<Double>) -> Double {
        var top = -Double.infinity
        for v in values where v > top { top = v }
        guard top.isFinite else {
            // Every component underflowed or overflowed alike: no preference between them.
            for i in values.indices { values[i] = 1 / Double(values.count) }
            return top
        }
        var sum = 0.0
        for i in values.indices {
            let e = exp(values[i] - top)
            values[i] = e
            sum += e
        }
        for i in values.indices { values[i] /= sum }
        return top + log(sum)
    }

    /// The log-likelihood of one frame.
    public func logLikelihood(_ frame: [Double]) -> Double {
        var buffer = [Double](repeating: 0, count: components)
        return frame.withUnsafeBufferPointer { f in
            buffer.withUnsafeMutableBufferPointer { b in
                componentLogLikelihoods(f, into: b)
                return Self.normalizeToPosteriors(b)
            }
        }
    }

    /// The average per-frame log-likelihood of `frames`.
    public func averageLogLikelihood(_ frames: FrameMatrix, jobs: Int = 1) -> Double {
        guard frames.rows > 0 else { return 0 }
        let chunks = ChunkedParallel.chunks(total: frames.rows, size: GMMTrainer.chunkFrames)
        let sums = ChunkedParallel.map(count: chunks.count, jobs: jobs) { index in
            var buffer = [Double](repeating: 0, count: components)
            var total = 0.0
            frames.values.withUnsafeBufferPointer { all in
                buffer.withUnsafeMutableBufferPointer { b in
                    for t in chunks[index] {
                        let row = UnsafeBufferPointer(rebasing: all[(t * dimension)..<((t + 1) * dimension)])
                        componentLogLikelihoods(row, into: b)
                        total += Self.normalizeToPosteriors(b)
                    }
                }
            }
            return total
        }
        return sums.reduce(0, +) / Double(frames.rows)
    }
}
