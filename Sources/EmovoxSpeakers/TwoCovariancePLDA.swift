import Foundation

/// Two-covariance PLDA (Brümmer & de Villiers 2010): a speaker is `y ~ N(μ, B)`, an utterance of it
/// `x ~ N(y, W)`.
///
/// The model is stored simultaneously diagonalized: `A` maps `x − μ` to coordinates where `W = I`
/// and `B = diag(ψ)`, so the log-likelihood ratio of `n` enrollment vectors (mean `ū`) against a test
/// vector `v` is a sum over dimensions of
/// `log N(v_i; nψ_i/(nψ_i+1)·ū_i, 1 + ψ_i/(nψ_i+1)) − log N(v_i; 0, 1 + ψ_i)`.
public struct TwoCovariancePLDA: Sendable, Equatable {
    public let dimension: Int
    public let mean: [Double]
    /// `A`, `dimension × dimension`, row-major.
    public let transform: [Double]
    /// Between-speaker variances in the diagonal coordinates.
    public let psi: [Double]

    public init(dimension: Int, mean: [Double], transform: [Double], psi: [Double]) {
        self.dimension = dimension
        self.mean = mean
        self.transform = transform
        self.psi = psi
    }

    /// From explicit between- and within-speaker covariances.
    public init(mean: [Double], between: [Double], within: [Double]) throws(NotPositiveDefiniteError) {
        let n = mean.count
        let (values, transform) = try DenseLinearAlgebra.jointDiagonalization(between: between, within: within, n: n)
        self.init(dimension: n, mean: mean, transform: transform, psi: values.map { max($0, 1e-10) })
    }

    /// Estimates `B` and `W` from labelled vectors (the moment estimates: covariance of speaker means and
    /// pooled within-speaker covariance), with `regularization ×` mean diagonal added to both.
    public static func train(
        vectors: [[Double]], speakers: [String], regularization: Double = 1e-3
    ) throws(NotPositiveDefiniteError) -> TwoCovariancePLDA {
        let n = vectors[0].count
        let mean = EmbeddingTransform.mean(vectors)
        var (within, between) = EmbeddingTransform.scatter(vectors, speakers: speakers, mean: mean)
        let wScale = (0..<n).reduce(0.0) { $0 + within[$1 * n + $1] } / Double(n)
        let bScale = (0..<n).reduce(0.0) { $0 + between[$1 * n + $1] } / Double(n)
        for i in 0..<n {
            within[i * n + i] += regularization * max(wScale, 1e-12)
            between[i * n + i] += regularization * max(bScale, 1e-12)
        }
        return try TwoCovariancePLDA(mean: mean, between: between, within: within)
    }

    /// `A(x − μ)`.
    public func diagonalCoordinates(_ x: [Double]) -> [Double] {
        DenseLinearAlgebra.apply(transform, m: dimension, n: dimension, to: zip(x, mean).map { $0 - $1 })
    }

    /// The log-likelihood ratio "same speaker" vs "different speakers" of `enrollment` vectors against
    /// `test`.
    public func score(enrollment: [[Double]], test: [Double]) -> Double {
        let count = Double(enrollment.count)
        let u = EmbeddingTransform.mean(enrollment.map(diagonalCoordinates))
        return score(enrollmentMean: u, count: count, testCoordinates: diagonalCoordinates(test))
    }

    /// The score from diagonal coordinates (the enrollment mean of `count` utterances).
    public func score(enrollmentMean u: [Double], count n: Double, testCoordinates v: [Double]) -> Double {
        var llr = 0.0
        for i in 0..<dimension {
            let p = psi[i]
            let m = n * p / (n * p + 1) * u[i]
            let same = 1 + p / (n * p + 1)
            let different = 1 + p
            let d = v[i] - m
            llr += -0.5 * (log(same) + d * d / same) + 0.5 * (log(different) + v[i] * v[i] / different)
        }
        return llr
    }
}
