import Foundation

/// A DCT-II of fixed size computed by a precomputed cosine matrix (sizes here are ≤ 128 × 40, where a
/// matrix product beats an FFT-based DCT).
public struct DCT2: Sendable {
    /// Scaling of the output coefficients.
    public enum Scaling: Sendable, Hashable {
        /// Orthonormal (scipy `norm="ortho"`, librosa's MFCC): `√(1/N)` for k = 0, `√(2/N)` otherwise.
        case orthonormal
        /// HTK / openSMILE MFCC: `√(2/N)` for every k.
        case htk
    }

    public let inputCount: Int
    public let outputCount: Int
    private let matrix: [Double]

    /// - Parameters: `outputCount` ≤ `inputCount` leading coefficients are computed.
    public init(inputCount: Int, outputCount: Int, scaling: Scaling) {
        precondition(inputCount >= 1 && outputCount >= 1 && outputCount <= inputCount)
        self.inputCount = inputCount
        self.outputCount = outputCount
        let n = Double(inputCount)
        var m = [Double](repeating: 0, count: inputCount * outputCount)
        for k in 0..<outputCount {
            let s = (k == 0 && scaling == .orthonormal) ? (1 / n).squareRoot() : (2 / n).squareRoot()
            for i in 0..<inputCount {
                m[k * inputCount + i] = s * cos(Double.pi * Double(k) * (2 * Double(i) + 1) / (2 * n))
            }
        }
        matrix = m
    }

    /// `output[k] = s_k·Σ_i input[i]·cos(πk(2i+1)/2N)`.
    public func apply(
        _ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(input.count >= inputCount && output.count >= outputCount)
        matrix.withUnsafeBufferPointer { m in
            for k in 0..<outputCount {
                var sum = 0.0
                let row = k * inputCount
                for i in 0..<inputCount { sum += m[row + i] * input[i] }
                output[k] = sum
            }
        }
    }
}
