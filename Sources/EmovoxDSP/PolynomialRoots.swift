import Foundation

/// Finds all complex roots of a real polynomial by the Aberth–Ehrlich simultaneous iteration (cubic
/// convergence, robust for the well-separated roots of LPC polynomials), reusing its buffers.
public final class PolynomialRootFinder {
    public let degree: Int
    /// Real parts of the roots after `solve`.
    public private(set) var rootsReal: [Double]
    /// Imaginary parts of the roots after `solve`.
    public private(set) var rootsImag: [Double]

    public init(degree: Int) {
        precondition(degree >= 1)
        self.degree = degree
        rootsReal = [Double](repeating: 0, count: degree)
        rootsImag = rootsReal
    }

    /// Roots of `c[0]·z^n + c[1]·z^(n−1) + … + c[n]` (`c[0] ≠ 0`, `n = degree`).
    /// - Returns: whether the iteration converged (roots are usable even if not, but less accurate).
    @discardableResult
    public func solve(_ c: UnsafeBufferPointer<Double>) -> Bool {
        precondition(c.count > degree && c[0] != 0)
        let n = degree
        let lead = c[0]
        // Cauchy-style radius bound gives a circle that encloses the roots; start on a slightly rotated
        // circle so no two starts are conjugate or real (which would stall the iteration).
        var radius = 0.0
        for i in 1...n { radius = max(radius, pow(abs(c[i] / lead), 1 / Double(i))) }
        radius = max(radius, 1e-3)
        var converged = false
        rootsReal.withUnsafeMutableBufferPointer { zr in
            rootsImag.withUnsafeMutableBufferPointer { zi in
                for k in 0..<n {
                    let angle = 2 * Double.pi * Double(k) / Double(n) + 0.4
                    zr[k] = radius * cos(angle)
                    zi[k] = radius * sin(angle)
                }
                for _ in 0..<200 {
                    var maxStep = 0.0
                    for k in 0..<n {
                        // Horner for p and p'.
                        var pr = lead
                        var pi = 0.0
                        var dr = 0.0
                        var di = 0.0
                        let xr = zr[k]
                        let xi = zi[k]
                        for j in 1...n {
                            let ndr = dr * xr - di * xi + pr
                            let ndi = dr * xi + di * xr + pi
                            dr = ndr
                            di = ndi
                            let npr = pr * xr - pi * xi + c[j]
                            let npi = pr * xi + pi * xr
                            pr = npr
                            pi = npi
                        }
                        if pr == 0 && pi == 0 { continue }
                        // w = p / p'
                        let dd = dr * dr + di * di
                        guard dd > 0 else { continue }
                        let wr = (pr * dr + pi * di) / dd
                        let wi = (pi * dr - pr * di) / dd
                        // s = Σ_{j≠k} 1 / (z_k − z_j)
                        var sr = 0.0
                        var si = 0.0
                        for j in 0..<n where j != k {
                            let ar = xr - zr[j]
                            let ai = xi - zi[j]
                            let aa = ar * ar + ai * ai
                            guard aa > 0 else { continue }
                            sr += ar / aa
                            si -= ai / aa
                        }
                        // step = w / (1 − w·s)
                        let br = 1 - (wr * sr - wi * si)
                        let bi = -(wr * si + wi * sr)
                        let bb = br * br + bi * bi
                        guard bb > 0 else { continue }
                        let stepR = (wr * br + wi * bi) / bb
                        let stepI = (wi * br - wr * bi) / bb
                        zr[k] = xr - stepR
                        zi[k] = xi - stepI
                        maxStep = max(maxStep, abs(stepR) + abs(stepI))
                    }
                    if maxStep < 1e-12 * radius {
                        converged = true
                        break
                    }
                }
            }
        }
        return converged
    }
}
