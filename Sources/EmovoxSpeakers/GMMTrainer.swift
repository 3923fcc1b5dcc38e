import EmovoxDSP
import Foundation

/// Trains a ``DiagonalGMM`` by expectation–maximization.
///
/// Initialization: `components` distinct frames drawn with the seed are the means, every variance
/// is the data's global variance and the weights are equal. Each E-step runs over fixed chunks of
/// ``chunkFrames`` frames on up to `jobs` threads and sums the chunks' statistics in chunk order, so
/// the model is bit-identical for any `jobs`. Variances are floored at `varianceFloor ×` the global
/// variance; a component that collects almost no frames keeps its previous mean and variance.
public struct GMMTrainer: Sendable {
    /// Frames per E-step chunk (fixed, so results do not depend on the thread count).
    public static let chunkFrames = 2_048

    public var components: Int = 256
    public var iterations: Int = 8
    public var seed: UInt64 = 1
    public var varianceFloor: Double = 1e-3
    public var jobs: Int = 1

    public init(components: Int = 256, iterations: Int = 8, seed: UInt64 = 1, jobs: Int = 1) {
        self.components = components
        self.iterations = iterations
        self.seed = seed
        self.jobs = jobs
    }

    /// The seeded starting model.
    public func initialModel(_ frames: FrameMatrix) -> DiagonalGMM {
        let (mean, variance) = Self.globalMoments(frames)
        var random = SeededRandom(seed: seed)
        let picks = random.sample(components, of: frames.rows)
        var means = [Double]()
        for r in picks { means.append(contentsOf: frames.row(r)) }
        // Fewer frames than components: the rest start at the global mean.
        for _ in picks.count..<components { means.append(contentsOf: mean) }
        let variances = (0..<components).flatMap { _ in variance.map { max($0, 1e-10) } }
        return DiagonalGMM(
            weights: [Double](repeating: 1 / Double(components), count: components), means: means,
            variances: variances)
    }

    /// Runs `iterations` EM steps from ``initialModel(_:)`` (or from `start`); `progress` is told each
    /// iteration's average log-likelihood (of the model before that iteration's update).
    public func train(
        _ frames: FrameMatrix, from start: DiagonalGMM? = nil, progress: (Int, Double) -> Void = { _, _ in }
    ) -> DiagonalGMM {
        precondition(frames.rows > 0, "GMMTrainer: no frames")
        var model = start ?? initialModel(frames)
        let floor = Self.globalMoments(frames).variance.map { max($0 * varianceFloor, 1e-10) }
        for iteration in 0..<iterations {
            let statistics = accumulate(model, frames)
            progress(iteration, statistics.logLikelihood / Double(frames.rows))
            model = maximize(model, statistics, floor: floor)
        }
        return model
    }

    struct Statistics: Sendable {
        var zeroth: [Double]
        var first: [Double]
        var second: [Double]
        var logLikelihood: Double

        mutating func add(_ other: Statistics) {
            for i in zeroth.indices { zeroth[i] += other.zeroth[i] }
            for i in first.indices {
                first[i] += other.first[i]
                second[i] += other.second[i]
            }
            logLikelihood += other.logLikelihood
        }
    }

    func accumulate(_ model: DiagonalGMM, _ frames: FrameMatrix) -> Statistics {
        let c = model.components
        let d = model.dimension
        let chunks = ChunkedParallel.chunks(total: frames.rows, size: Self.chunkFrames)
        let parts = ChunkedParallel.map(count: chunks.count, jobs: jobs) { index in
            var s = Statistics(
                zeroth: [Double](repeating: 0, count: c), first: [Double](repeating: 0, count: c * d),
                second: [Double](repeating: 0, count: c * d), logLikelihood: 0)
            var posterior = [Double](repeating: 0, count: c)
            frames.values.withUnsafeBufferPointer { all in
                posterior.withUnsafeMutableBufferPointer { p in
                    for t in chunks[index] {
                        let x = UnsafeBufferPointer(rebasing: all[(t * d)..<((t + 1) * d)])
                        model.componentLogLikelihoods(x, into: p)
                        s.logLikelihood += DiagonalGMM.normalizeToPosteriors(p)
                        for k in 0..<c {
                            let g = p[k]
                            if g < 1e-10 { continue }
                            s.zeroth[k] += g
                            let base = k * d
                            for j in 0..<d {
                                let gx = g * x[j]
                                s.first[base + j] += gx
                                s.second[base + j] += gx * x[j]
                            }
                        }
                    }
                }
            }
            return s
        }
        var total = parts[0]
        for part in parts.dropFirst() { total.add(part) }
        return total
    }

    func maximize(_ model: DiagonalGMM, _ s: Statistics, floor: [Double]) -> DiagonalGMM {
        let c = model.components
        let d = model.dimension
        let frames = s.zeroth.reduce(0, +)
        var weights = [Double](repeating: 0, count: c)
        var means = model.means
        var variances = model.variances
        for k in 0..<c {
            weights[k] = max(s.zeroth[k] / frames, 1e-10)
            guard s.zeroth[k] > 1e-3 else { continue }
            for j in 0..<d {
                let i = k * d + j
                let mean = s.first[i] / s.zeroth[k]
                means[i] = mean
                variances[i] = max(s.second[i] / s.zeroth[k] - mean * mean, floor[j])
            }
        }
        let sum = weights.reduce(0, +)
        return DiagonalGMM(weights: weights.map { $0 / sum }, means: means, variances: variances)
    }

    /// Per-column mean and (population) variance.
    static func globalMoments(_ frames: FrameMatrix) -> (mean: [Double], variance: [Double]) {
        let d = frames.columns
        var mean = [Double](repeating: 0, count: d)
        var square = [Double](repeating: 0, count: d)
        for t in 0..<frames.rows {
            for j in 0..<d {
                let x = frames.values[t * d + j]
                mean[j] += x
                square[j] += x * x
            }
        }
        let n = Double(max(frames.rows, 1))
        for j in 0..<d {
            mean[j] /= n
            square[j] = square[j] / n - mean[j] * mean[j]
        }
        return (mean, square)
    }
}
