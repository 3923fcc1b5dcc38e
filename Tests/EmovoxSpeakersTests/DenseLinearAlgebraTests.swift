import EmovoxDSP
import Foundation
import Testing

@testable import EmovoxSpeakers

struct DenseLinearAlgebraTests {
    /// A random symmetric positive definite matrix `G·Gᵀ + I`.
    static func spd(_ n: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        let g = (0..<(n * n)).map { _ in random.nextGaussian() }
        var a = DenseLinearAlgebra.multiply(g, DenseLinearAlgebra.transpose(g, m: n, n: n), m: n, k: n, n: n)
        for i in 0..<n { a[i * n + i] += 1 }
        return a
    }

    @Test func choleskySolvesAndInverts() throws {
        let n = 7
        let a = Self.spd(n, seed: 3)
        let l = try DenseLinearAlgebra.cholesky(a, n: n)
        let b = (0..<n).map { Double($0) - 2.5 }
        let x = DenseLinearAlgebra.solveCholesky(l, n: n, b)
        let back = DenseLinearAlgebra.apply(a, m: n, n: n, to: x)
        for i in 0..<n { #expect(abs(back[i] - b[i]) < 1e-10) }
        let product = DenseLinearAlgebra.multiply(a, DenseLinearAlgebra.inverseFromCholesky(l, n: n), m: n, k: n, n: n)
        for i in 0..<n { for j in 0..<n { #expect(abs(product[i * n + j] - (i == j ? 1 : 0)) < 1e-10) } }
    }

    @Test func choleskyRefusesAnIndefiniteMatrix() {
        #expect(throws: NotPositiveDefiniteError.self) {
            try DenseLinearAlgebra.cholesky([1, 2, 2, 1], n: 2)
        }
    }

    @Test func eigenDecompositionReconstructsTheMatrix() {
        let n = 6
        let a = Self.spd(n, seed: 11)
        let (values, vectors) = DenseLinearAlgebra.symmetricEigen(a, n: n)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 })
        // Σ_k λ_k v_k v_kᵀ = A, and the eigenvectors are orthonormal.
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                var dot = 0.0
                for k in 0..<n {
                    sum += values[k] * vectors[k * n + i] * vectors[k * n + j]
                    dot += vectors[i * n + k] * vectors[j * n + k]
                }
                #expect(abs(sum - a[i * n + j]) < 1e-9)
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-9)
            }
        }
    }
}
