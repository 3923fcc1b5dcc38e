import Foundation

/// The total-variability model `M = m + T·w` and i-vector extraction (Dehak et al. 2011).
///
/// For statistics `N_c`, `F̃_c` the posterior of `w` is Gaussian with precision
/// `L = I + Σ_c N_c·T_cᵀΣ_c⁻¹T_c` and mean (the i-vector) `L⁻¹·Σ_c T_cᵀΣ_c⁻¹F̃_c`; `Σ_c` are the UBM's
/// diagonal covariances. The per-component `T_cᵀΣ_c⁻¹T_c` are computed once, at construction.
public struct IVectorExtractor: Sendable {
    public let components: Int
    public let dimension: Int
    /// i-vector dimension.
    public let rank: Int
    /// `T`, `(components·dimension) × rank`, row-major.
    public let matrix: [Double]
    /// The UBM variances `Σ`, `components·dimension`.
    public let variances: [Double]
    /// `T_cᵀΣ_c⁻¹T_c` per component, packed upper triangles (row-major, `rank·(rank+1)/2` each).
    let precisionTerms: [Double]

    public init(matrix: [Double], variances: [Double], components: Int, dimension: Int) {
        self.components = components
        self.dimension = dimension
        rank = matrix.count / max(components * dimension, 1)
        precondition(matrix.count == components * dimension * rank && variances.count == components * dimension)
        self.matrix = matrix
        self.variances = variances
        precisionTerms = Self.precisionTerms(matrix, variances, components, dimension, rank)
    }

    static func packedSize(_ n: Int) -> Int { n * (n + 1) / 2 }

    static func precisionTerms(_ t: [Double], _ variances: [Double], _ c: Int, _ d: Int, _ r: Int) -> [Double] {
        let size = packedSize(r)
        var out = [Double](repeating: 0, count: c * size)
        for k in 0..<c {
            for j in 0..<d {
                let row = (k * d + j) * r
                let precision = 1 / variances[k * d + j]
                var p = k * size
                for a in 0..<r {
                    let ta = t[row + a] * precision
                    for b in a..<r {
                        out[p] += ta * t[row + b]
                        p += 1
                    }
                }
            }
        }
        return out
    }

    /// The posterior precision `L` (full `rank×rank`) and the linear term `Tᵀ Σ⁻¹ F̃`.
    func posteriorTerms(_ stats: BaumWelchStatistics) -> (precision: [Double], linear: [Double]) {
        let r = rank
        let d = dimension
        let size = Self.packedSize(r)
        var packed = [Double](repeating: 0, count: size)
        for k in 0..<components {
            let n = stats.zeroth[k]
            if n == 0 { continue }
            let base = k * size
            for i in 0..<size { packed[i] += n * precisionTerms[base + i] }
        }
        var precision = [Double](repeating: 0, count: r * r)
        var p = 0
        for a in 0..<r {
            for b in a..<r {
                precision[a * r + b] = packed[p]
                precision[b * r + a] = packed[p]
                p += 1
            }
            precision[a * r + a] += 1
        }
        var linear = [Double](repeating: 0, count: r)
        for row in 0..<(components * d) {
            let f = stats.first[row] / variances[row]
            if f == 0 { continue }
            let base = row * r
            for a in 0..<r { linear[a] += matrix[base + a] * f }
        }
        return (precision, linear)
    }

    /// The i-vector (posterior mean of `w`) of an utterance's statistics.
    public func extract(_ stats: BaumWelchStatistics) -> [Double] {
        posterior(stats).mean
    }

    /// The posterior mean and the Cholesky factor of the posterior precision.
    func posterior(_ stats: BaumWelchStatistics) -> (mean: [Double], cholesky: [Double]) {
        let (precision, linear) = posteriorTerms(stats)
        // L = I + (positive semidefinite) is always positive definite.
        let l = (try? DenseLinearAlgebra.cholesky(precision, n: rank)) ?? identity(rank)
        return (DenseLinearAlgebra.solveCholesky(l, n: rank, linear), l)
    }

    private func identity(_ n: Int) -> [Double] {
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = 1 }
        return m
    }
}
