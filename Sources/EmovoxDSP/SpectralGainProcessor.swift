import Foundation

/// Applies per-frame spectral gains through a short-time Fourier transform and resynthesizes.
///
/// Periodic Hann analysis and synthesis windows with 75 % overlap; the overlap-added output is
/// divided by the summed squared window, so gains of all ones return the input (up to float
/// rounding). The signal is padded by one frame of zeros at each end so that every sample lies
/// under full-weight frames. Frames are visited in time order, which recursive estimators need.
public struct SpectralGainProcessor {
    public let fftSize: Int
    public let hop: Int
    /// The periodic Hann analysis (and synthesis) window.
    public let window: [Float]

    /// - Precondition: `fftSize` is even and at least 8.
    public init(fftSize: Int) {
        precondition(fftSize >= 8 && fftSize % 2 == 0)
        self.fftSize = fftSize
        hop = fftSize / 4
        window = WindowFunction.hann(periodic: true).coefficients(length: fftSize)
    }

    /// Runs `gains` on every frame's periodogram |Y(k)|² (k = 0…fftSize/2) and returns the signal
    /// with each frame's spectrum multiplied by the gains returned. `interior` is false for the
    /// frames that overlap the zero padding at either end: their power is not the signal's, so
    /// estimators should not learn from them.
    public func process(_ signal: [Float], gains: (_ power: [Float], _ interior: Bool) -> [Float]) -> [Float] {
        guard !signal.isEmpty else { return signal }
        let fft = RealFFT(size: fftSize)
        let bins = fft.binCount
        let padded = [Float](repeating: 0, count: fftSize) + signal + [Float](repeating: 0, count: fftSize)
        let frames = (padded.count - fftSize) / hop + 1
        var output = [Float](repeating: 0, count: padded.count)
        var weight = [Float](repeating: 0, count: padded.count)
        var frame = [Float](repeating: 0, count: fftSize)
        var real = [Float](repeating: 0, count: bins)
        var imag = [Float](repeating: 0, count: bins)
        var power = [Float](repeating: 0, count: bins)
        var resynthesized = [Float](repeating: 0, count: fftSize)
        for t in 0..<frames {
            let start = t * hop
            for i in 0..<fftSize { frame[i] = padded[start + i] * window[i] }
            frame.withUnsafeBufferPointer { x in
                real.withUnsafeMutableBufferPointer { re in
                    imag.withUnsafeMutableBufferPointer { im in fft.forward(x, real: re, imag: im) }
                }
            }
            for k in 0..<bins { power[k] = real[k] * real[k] + imag[k] * imag[k] }
            let g = gains(power, start >= fftSize && start + fftSize <= fftSize + signal.count)
            precondition(g.count == bins)
            for k in 0..<bins {
                real[k] *= g[k]
                imag[k] *= g[k]
            }
            real.withUnsafeBufferPointer { re in
                imag.withUnsafeBufferPointer { im in
                    resynthesized.withUnsafeMutableBufferPointer { fft.inverse(real: re, imag: im, output: $0) }
                }
            }
            for i in 0..<fftSize {
                output[start + i] += resynthesized[i] * window[i]
                weight[start + i] += window[i] * window[i]
            }
        }
        var out = [Float](repeating: 0, count: signal.count)
        for i in 0..<signal.count {
            let w = weight[fftSize + i]
            out[i] = w > 1e-6 ? output[fftSize + i] / w : 0
        }
        return out
    }
}
