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
    /// openSMILE geometry only: `cos`/`sin` of each output sample's phase for bins `1…lastBin`.
    private let resynthesisCosines: [Double]
    private let resynthesisSines: [Double]
    private var resynthesized: [Double]
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
            modelSampleRate: 2 * Double(last) * binWidth, preEmphasis: preEmphasis,
            resynthesisCount: nil)
    }

    /// openSMILE's `cSpecResample` (eGeMAPS: `targetFs = 11000`) feeding `cLpc`, for `frameLength`-sample
    /// frames zero-padded to `fftSize`: the frame is resynthesized in the time domain as
    /// `N = round(targetRate·frameLength/sampleRate)` samples at `sampleRate·N/frameLength` Hz (≈ the
    /// target rate) from DC and bins `1 ..< min(fftSize, N)/2` (rounded down to even first) of its complex
    /// spectrum — DC with the same weight as each other bin, as openSMILE's inverse DFT has it — and the
    /// autocorrelation is taken over those `N` samples only. The band kept is `N/2 − 1` bins wide
    /// whatever the input rate: ≈ 5.1 kHz at 48 kHz but ≈ 3.4 kHz at 16 kHz, and at 16 kHz the `N`
    /// samples cover only 20 of the 32 ms the bins describe, so the time-domain autocorrelation (not one
    /// from the power spectrum, which is circular over all 32 ms) is what reproduces openSMILE's formants
    /// there. No pre-emphasis (eGeMAPS applies none). Use `analyze(real:imag:)`.
    public convenience init(
        order: Int, fftSize: Int, sampleRate: Double, frameLength: Int, targetRate: Double
    ) {
        let outputCount = max(2, Int((targetRate * Double(frameLength) / sampleRate).rounded()))
        let kept = min(fftSize, outputCount) & ~1
        let last = max(order + 1, min(fftSize / 2, kept / 2 - 1))
        self.init(
            order: order, fftSize: fftSize, sampleRate: sampleRate, lastBin: last,
            modelSampleRate: sampleRate * Double(outputCount) / Double(frameLength), preEmphasis: 0,
            resynthesisCount: outputCount)
    }

    private init(
        order: Int, fftSize: Int, sampleRate: Double, lastBin: Int, modelSampleRate: Double,
        preEmphasis: Double, resynthesisCount: Int?
    ) {
        self.order = order
        if let count = resynthesisCount {
            // Sample `i` of the resynthesized frame sees bin `k` at phase 2π·k·i/period, `period` being
            // the whole (zero-padded) FFT frame in output samples.
            let period = Double(fftSize) * modelSampleRate / sampleRate
            var c = [Double](repeating: 0, count: count * lastBin)
            var s = c
            for i in 0..<count {
                for k in 1...lastBin {
                    let phase = 2 * Double.pi * Double(k * i) / period
                    c[i * lastBin + k - 1] = cos(phase)
                    s[i * lastBin + k - 1] = sin(phase)
                }
            }
            resynthesisCosines = c
            resynthesisSines = s
            resynthesized = [Double](repeating: 0, count: count)
        } else {
            resynthesisCosines = []
            resynthesisSines = []
            resynthesized = []
        }
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
        return solve()
    }

    /// Fits the model of openSMILE's geometry (the `targetRate` initializer) to one frame's complex
    /// spectrum `real`/`imag` (unnormalized FFT, at least `lastBin + 1` bins): resynthesizes the frame at
    /// the model rate and takes its autocorrelation in the time domain. Returns `false` for a silent or
    /// degenerate frame.
    public func analyze(real: UnsafeBufferPointer<Float>, imag: UnsafeBufferPointer<Float>) -> Bool {
        precondition(!resynthesized.isEmpty, "analyze(real:imag:) needs the targetRate initializer")
        precondition(real.count > lastBin && imag.count > lastBin)
        let count = resynthesized.count
        let bins = lastBin
        resynthesized.withUnsafeMutableBufferPointer { x in
            resynthesisCosines.withUnsafeBufferPointer { c in
                resynthesisSines.withUnsafeBufferPointer { s in
                    for i in 0..<count {
                        var sum = Double(real[0])
                        let row = i * bins
                        for k in 1...bins {
                            sum += Double(real[k]) * c[row + k - 1] - Double(imag[k]) * s[row + k - 1]
                        }
                        x[i] = sum
                    }
                }
            }
            for m in 0...order {
                var sum = 0.0
                if m < count {
                    for i in 0..<(count - m) { sum += x[i] * x[i + m] }
                }
                autocorrelation[m] = sum
            }
        }
        return solve()
    }

    /// Levinson–Durbin on `autocorrelation`.
    private func solve() -> Bool {
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
