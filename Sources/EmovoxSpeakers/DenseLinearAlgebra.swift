import Foundation

/// A square matrix that is not symmetric positive definite where one was required.
public struct NotPositiveDefiniteError: Error, Sendable, CustomStringConvertible {
    public var description: String { "matrix is not positive definite" }
}

/// The small dense linear algebra the speaker models need, on row-major `n×n` arrays of `Double`.
/// Everything runs in a fixed order, so results are bit-identical across machines and thread counts.
public enum DenseLinearAlgebra {
    /// The lower Cholesky factor `L` (`A = L·Lᵀ`) of a symmetric positive definite `n×n` matrix.
    public static func cholesky(_ a: [Double], n: Int) throws(NotPositiveDefiniteError) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0, diagonal.isFinite else { throw NotPositiveDefiniteError() }
            let root = diagonal.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / root
            }
        }
        return l
    }

    /// Solves `L·Lᵀ·x = b` given the Cholesky factor `L`.
    public static func solveCholesky(_ l: [Double], n: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<n {
            var sum = y[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<max(i + 1, n) { sum -= l[k * n + i] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        return y
    }

    /// The inverse of a symmetric positive definite matrix, from its Cholesky factor.
    public static func inverseFromCholesky(_ l: [Double], n: Int) -> [Double] {
        var inverse = [Double](repeating: 0, count: n * n)
        var unit = [Double](repeating: 0, count: n)
        for j in 0..<n {
            unit[j] = 1
            let column = solveCholesky(l, n: n, unit)
            unit[j] = 0
            for i in 0..<n { inverse[i * n + j] = column[i] }
        }
        // Exact symmetry, so later products do not drift apart.
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let mean = 0.5 * (inverse[i * n + j] + inverse[j * n + i])
                inverse[i * n + j] = mean
                inverse[j * n + i] = mean
            }
        }
        return inverse
    }

    /// `A·B` for `A` (`m×k`) and `B` (`k×n`).
    public static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let value = a[i * k + p]
                if value == 0 { continue }
                for j in 0..<n { c[i * n + j] += value * b[p * n + j] }
            }
        }
        return c
    }

    /// `Aᵀ` of an `m×n` matrix.
    public static func transpose(_ a: [Double], m: Int, n: Int) -> [Double] {
        var t = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { t[j * m + i] = a[i * n + j] } }
        return t
    }

    /// `A·x` for `A` (`m×n`).
    public static func apply(_ a: [Double], m: Int, n: Int, to x: [Double]) -> [Double] {
        (0..<m).map { i in
            var sum = 0.0
            for j in 0..<n { sum += a[i * n + j] * x[j] }
            return sum
        }
    }

    /// Eigenvalues (descending) and unit eigenvectors (the rows of `vectors`, in the same order) of a
    /// symmetric `n×n` matrix, by cyclic Jacobi rotations: slow for large `n` but simple, exact to
    /// rounding and deterministic.
    public static func symmetricEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var m = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { off += m[i * n + j] * m[i * n + j] } }
            var scale = 0.0
            for i in 0..<n { scale += m[i * n + i] * m[i * n + i] }
            if off <= 1e-30 * max(scale, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = m[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let mkp = m[k * n + p]
                        let mkq = m[k * n + q]
                        m[k * n + p] = c * mkp - s * mkq
                        m[k * n + q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p * n + k]
                        let mqk = m[q * n + k]
                        m[p * n + k] = c * mpk - s * mqk
                        m[q * n + k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vpk = v[p * n + k]
                        let vqk = v[q * n + k]
                        v[p * n + k] = c * vpk - s * vqk
                        v[q * n + k] = s * vpk + c * vqk
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0 * n + $0] > m[$1 * n + $1] || (m[$0 * n + $0] == m[$1 * n + $1] && $0 < $1) }
        var vectors = [Double](repeating: 0, count: n * n)
        for (row, index) in order.enumerated() {
            for k in 0..<n { vectors[row * n + k] = v[index * n + k] }
        }
        return (order.map { m[$0 * n + $0] }, vectors)
    }

    /// Simultaneous diagonalization of `between` and `within` (symmetric `n×n`, `within` positive
    /// definite): the rows of `transform` map a vector to coordinates where `within` is the identity
    /// and `between` is diagonal with `values` (descending). Both LDA and the two-covariance PLDA
    /// need exactly this: whiten by `W^{-1/2}`, then rotate onto the eigenvectors of
    /// `W^{-1/2} B W^{-1/2}`.
    public static func jointDiagonalization(
        between: [Double], within: [Double], n: Int
    ) throws(NotPositiveDefiniteError) -> (values: [Double], transform: [Double]) {
        let (wValues, wVectors) = symmetricEigen(within, n: n)
        var whitening = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            guard wValues[i] > 0 else { throw NotPositiveDefiniteError() }
            let s = 1 / wValues[i].squareRoot()
            for j in 0..<n { whitening[i * n + j] = wVectors[i * n + j] * s }
        }
        let whitenedBetween = multiply(
            multiply(whitening, between, m: n, k: n, n: n), transpose(whitening, m: n, n: n), m: n, k: n, n: n)
        let (values, vectors) = symmetricEigen(whitenedBetween, n: n)
        return (values, multiply(vectors, whitening, m: n, k: n, n: n))
    }
}
