import Foundation

/// The back-end's projection of raw i-vectors: centering, an LDA projection whitened by the
/// within-speaker covariance, and length normalization to `√dimension`.
///
/// The projection solves the generalized eigenproblem `S_b v = λ S_w v` (by whitening `S_w`, then
/// diagonalizing the whitened `S_b`) and keeps the `dimension` leading directions. When `dimension`
/// exceeds the training speakers − 1, the extra directions carry no between-speaker evidence of
/// their own but are still within-speaker whitened (WCCN), which is what keeps the i-vector's
/// information when the extractor was trained on a dozen speakers.
public struct EmbeddingTransform: Sendable, Equatable {
    public let inputDimension: Int
    public let dimension: Int
    public let mean: [Double]
    /// `dimension × inputDimension`, row-major.
    public let projection: [Double]

    public init(inputDimension: Int, dimension: Int, mean: [Double], projection: [Double]) {
        precondition(mean.count == inputDimension && projection.count == dimension * inputDimension)
        self.inputDimension = inputDimension
        self.dimension = dimension
        self.mean = mean
        self.projection = projection
    }

    /// Learns the transform from training vectors and their speaker labels. `regularization` is added
    /// to the within-speaker covariance's diagonal relative to its mean diagonal, so a rank-deficient
    /// estimate (fewer utterances than dimensions) is still invertible.
    public static func train(
        vectors: [[Double]], speakers: [String], dimension requested: Int, regularization: Double = 1e-3
    ) throws(NotPositiveDefiniteError) -> EmbeddingTransform {
        precondition(vectors.count == speakers.count && !vectors.isEmpty)
        let n = vectors[0].count
        let mean = Self.mean(vectors)
        let (within, between) = scatter(vectors, speakers: speakers, mean: mean)
        var regularized = within
        let trace = (0..<n).reduce(0.0) { $0 + within[$1 * n + $1] } / Double(n)
        for i in 0..<n { regularized[i * n + i] += regularization * max(trace, 1e-12) }
        let full = try DenseLinearAlgebra.jointDiagonalization(between: between, within: regularized, n: n).transform
        let dimension = min(requested, n)
        return EmbeddingTransform(
            inputDimension: n, dimension: dimension, mean: mean, projection: Array(full[0..<(dimension * n)]))
    }

    /// Centering and length normalization only (identity projection): no speaker labels used.
    public static func centering(vectors: [[Double]]) -> EmbeddingTransform {
        let n = vectors[0].count
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        return EmbeddingTransform(inputDimension: n, dimension: n, mean: mean(vectors), projection: identity)
    }

    /// Centered, projected and length-normalized.
    public func apply(_ vector: [Double]) -> [Double] {
        precondition(vector.count == inputDimension)
        let centered = zip(vector, mean).map { $0 - $1 }
        let projected = DenseLinearAlgebra.apply(projection, m: dimension, n: inputDimension, to: centered)
        return Self.lengthNormalized(projected)
    }

    /// `x` scaled to length `√dim` (zero stays zero).
    public static func lengthNormalized(_ x: [Double]) -> [Double] {
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return x }
        let scale = Double(x.count).squareRoot() / norm
        return x.map { $0 * scale }
    }

    static func mean(_ vectors: [[Double]]) -> [Double] {
        var mean = [Double](repeating: 0, count: vectors[0].count)
        for v in vectors { for i in mean.indices { mean[i] += v[i] } }
        return mean.map { $0 / Double(vectors.count) }
    }

    /// Within-speaker covariance (pooled over utterances) and between-speaker covariance (of the
    /// speaker means, one per speaker), both about `mean`.
    static func scatter(_ vectors: [[Double]], speakers: [String], mean: [Double]) -> (
        within: [Double], between: [Double]
    ) {
        let n = mean.count
        var groups: [String: [Int]] = [:]
        for (i, s) in speakers.enumerated() { groups[s, default: []].append(i) }
        var within = [Double](repeating: 0, count: n * n)
        var between = [Double](repeating: 0, count: n * n)
        for name in groups.keys.sorted() {
            let members = groups[name]!
            let speakerMean = Self.mean(members.map { vectors[$0] })
            for i in members {
                let d = zip(vectors[i], speakerMean).map { $0 - $1 }
                addOuter(d, d, into: &within, n: n)
            }
            let m = zip(speakerMean, mean).map { $0 - $1 }
            addOuter(m, m, into: &between, n: n)
        }
        let utterances = Double(vectors.count)
        let count = Double(groups.count)
        return (within.map { $0 / utterances }, between.map { $0 / count })
    }

    static func addOuter(_ a: [Double], _ b: [Double], into m: inout [Double], n: Int) {
        for i in 0..<n where a[i] != 0 { for j in 0..<n { m[i * n + j] += a[i] * b[j] } }
    }
}
