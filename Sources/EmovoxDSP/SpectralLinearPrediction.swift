import Foundation

/// Linear prediction from a power spectrum limited to `0…bandLimit` Hz, i.e. LPC of the signal as if it
/// were resampled to a lower rate (openSMILE's `cSpecResample` before `cLpc`).
///
/// The autocorrelation is the inverse DFT of the (optionally pre-emphasized) power spectrum truncated at
/// the band limit, evaluated at the model's sampling period with a precomputed cosine table;
/// Levinson–Durbin then gives the predictor.
public final class SpectralLinearPrediction {
    public let order: Int
    /// Sampling rate of the model in Hz: the rate the spectrum is (virtually) resampled to.
    public let modelSampleRate: Double
    /// Last FFT bin kept; bins above it are treated as empty.
    public let lastBin: Int
    private let cosines: [Double]
    private let emphasis: [Double]
    private var autocorrelation: [Double]
    private var scratch: [Double]
    /// Predictor coefficients `a[0...order]` (`a[0] = 1`) after a successful `analyze`.
    public private(set) var coefficients: [Double]

    /// A model at `2·K·binWidth` Hz holding bins `0…K`, `K` the last bin at or below `bandLimit`.
    /// - Parameters:
    ///   - preEmphasis: coefficient `k` of `1 − k·z⁻¹` applied in the spectral domain (0 disables).
    public convenience init(
        order: Int, fftSize: Int, sampleRate: Double, bandLimit: Double, preEmphasis: Double
    ) {
        let binWidth = sampleRate / Double(fftSize)
        let last = max(order + 1, min(fftSize / 2, Int((bandLimit / binWidth).rounded(.down))))
        self.init(
            order: order, fftSize: fftSize, sampleRate: sampleRate, lastBin: last,
            modelSampleRate: 2 * Double(last) * binWidth, preEmphasis: preEmphasis)
    }

    /// The geometry of openSMILE's `cSpecResample` (eGeMAPS: `targetFs = 11000`) feeding `cLpc`, for
    /// `frameLength`-sample frames zero-padded to `fftSize`: the frame is resynthesized as
    /// `N = round(targetRate·frameLength/sampleRate)` samples at `sampleRate·N/frameLength` Hz (≈ the
    /// target rate) from bins `0 ..< min(fftSize, N)/2` (rounded down to even first), so the
    /// band kept is `N/2 − 1` bins wide whatever the input rate — ≈ 5.1 kHz at 48 kHz but ≈ 3.4 kHz at
    /// 16 kHz, the rest of the model's band being empty. No pre-emphasis (eGeMAPS applies none).
    public convenience init(
        order: Int, fftSize: Int, sampleRate: Double, frameLength: Int, targetRate: Double
    ) {
        let outputCount = max(2, Int((targetRate * Double(frameLength) / sampleRate).rounded()))
        let kept = min(fftSize, outputCount) & ~1
        let last = max(order + 1, min(fftSize / 2, kept / 2 - 1))
        self.init(
            order: order, fftSize: fftSize, sampleRate: sampleRate, lastBin: last,
            modelSampleRate: sampleRate * Double(outputCount) / Double(frameLength), preEmphasis: 0)
    }

    private init(
        order: Int, fftSize: Int, sampleRate: Double, lastBin: Int, modelSampleRate: Double,
        preEmphasis: Double
    ) {
        self.order = order
        self.lastBin = lastBin
        self.modelSampleRate = modelSampleRate
        let binWidth = sampleRate / Double(fftSize)
        var table = [Double](repeating: 0, count: (order + 1) * (lastBin + 1))
        for m in 0...order {
            for k in 0...lastBin {
                // Bins strictly between DC and the model's Nyquist appear twice in its symmetric
                // spectrum.
                let atNyquist = abs(Double(k) * binWidth - modelSampleRate / 2) < 1e-9 * modelSampleRate
                let weight = (k == 0 || atNyquist) ? 1.0 : 2.0
                table[m * (lastBin + 1) + k] =
                    weight * cos(2 * Double.pi * Double(k) * binWidth * Double(m) / modelSampleRate)
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
