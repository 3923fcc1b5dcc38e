import Foundation

/// Linear prediction from a power spectrum limited to `0…bandLimit` Hz, i.e. LPC of the signal as if it
/// were resampled to `2·bandLimit` Hz (openSMILE's `cSpecResample` to 11 kHz before `cLpc`).
///
/// The autocorrelation is the inverse DFT of the (optionally pre-emphasized) power spectrum truncated at
/// the band limit, computed with a precomputed cosine table; Levinson–Durbin then gives the predictor.
public final class SpectralLinearPrediction {
    public let order: Int
    /// Sampling rate of the model, `2·K·binWidth` Hz, where `K` is the last bin kept.
    public let modelSampleRate: Double
    private let lastBin: Int
    private let cosines: [Double]
    private let emphasis: [Double]
    private var autocorrelation: [Double]
    private var scratch: [Double]
    /// Predictor coefficients `a[0...order]` (`a[0] = 1`) after a successful `analyze`.
    public private(set) var coefficients: [Double]

    /// - Parameters:
    ///   - preEmphasis: coefficient `k` of `1 − k·z⁻¹` applied in the spectral domain (0 disables).
    public init(order: Int, fftSize: Int, sampleRate: Double, bandLimit: Double, preEmphasis: Double) {
        self.order = order
        let binWidth = sampleRate / Double(fftSize)
        lastBin = max(order + 1, min(fftSize / 2, Int((bandLimit / binWidth).rounded(.down))))
        modelSampleRate = 2 * Double(lastBin) * binWidth
        var table = [Double](repeating: 0, count: (order + 1) * (lastBin + 1))
        for m in 0...order {
            for k in 0...lastBin {
                // Interior bins appear twice in the symmetric 2K-point spectrum.
                let weight = (k == 0 || k == lastBin) ? 1.0 : 2.0
                table[m * (lastBin + 1) + k] =
                    weight * cos(Double.pi * Double(k) * Double(m) / Double(lastBin))
            }
        }
        cosines = table
        emphasis = (0...lastBin).map {
            PreEmphasis.powerGain(
                coefficient: preEmphasis, frequency: Double($0) * binWidth, sampleRate: sampleRate)
        }
        autocorrelation = [Double](repeating: 0, count: order + 1)
        scratch = autocorrelation
        coefficients = autocorrelation
    }

    /// Fits the model to `power` (at least `lastBin + 1` bins). Returns `false` for a silent or
    /// degenerate frame (then `coefficients` is meaningless).
    public func analyze(_ power: UnsafeBufferPointer<Float>) -> Bool {
        precondition(power.count > lastBin)
        let width = lastBin + 1
        cosines.withUnsafeBufferPointer { table in
            emphasis.withUnsafeBufferPointer { g in
                for m in 0...order {
                    var sum = 0.0
                    let row = m * width
                    for k in 0...lastBin { sum += table[row + k] * g[k] * Double(power[k]) }
                    autocorrelation[m] = sum
                }
            }
        }
        // A tiny lag-window-free white-noise floor keeps the recursion stable on pure tones.
        autocorrelation[0] *= 1 + 1e-9
        let error = autocorrelation.withUnsafeBufferPointer { r in
            coefficients.withUnsafeMutableBufferPointer { a in
                scratch.withUnsafeMutableBufferPointer { s in
                    LinearPrediction.levinsonDurbin(
                        autocorrelation: r, order: order, coefficients: a, scratch: s)
                }
            }
        }
        return error != nil
    }
}
