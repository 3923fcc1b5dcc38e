import Foundation

/// An analysis window shape.
///
/// The formulas follow the conventions of the tools Emovox is validated against: `hann(periodic: true)`
/// is librosa's / scipy's `get_window("hann", n, fftbins=True)`, `hamming` and `gaussian` are openSMILE's
/// `cWindower` (symmetric) definitions.
public enum WindowFunction: Sendable, Hashable {
    /// All ones.
    case rectangular
    /// Raised cosine. Periodic (`0.5 − 0.5·cos(2πn/N)`) suits spectral analysis with an FFT of the same
    /// length; symmetric uses `N − 1` in the denominator.
    case hann(periodic: Bool)
    /// Symmetric Hamming, `0.54 − 0.46·cos(2πn/(N−1))`.
    case hamming
    /// Symmetric Gaussian, `exp(−½·((n − (N−1)/2) / (σ·(N−1)/2))²)`; openSMILE's eGeMAPS uses σ = 0.4.
    case gaussian(sigma: Double)

    /// The `length` window coefficients.
    public func coefficients(length: Int) -> [Float] {
        precondition(length >= 1)
        if length == 1 { return [1] }
        let n = Double(length)
        return (0..<length).map { i -> Float in
            let x = Double(i)
            switch self {
            case .rectangular:
                return 1
            case .hann(let periodic):
                let denominator = periodic ? n : n - 1
                return Float(0.5 - 0.5 * cos(2 * Double.pi * x / denominator))
            case .hamming:
                return Float(0.54 - 0.46 * cos(2 * Double.pi * x / (n - 1)))
            case .gaussian(let sigma):
                let half = (n - 1) / 2
                let z = (x - half) / (sigma * half)
                return Float(exp(-0.5 * z * z))
            }
        }
    }
}
