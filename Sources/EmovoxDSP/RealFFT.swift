import CKissFFT

/// A real-input FFT of one fixed even size, backed by kissfft's `kiss_fftr`.
///
/// Create one per worker and reuse it: the plan and scratch buffers are allocated once, so
/// `forward` and `inverse` allocate nothing. Not thread-safe; not `Sendable`.
public final class RealFFT {
    /// Transform length (even).
    public let size: Int
    /// Number of complex bins a forward transform produces: `size / 2 + 1`.
    public var binCount: Int { size / 2 + 1 }

    private let forwardPlan: kiss_fftr_cfg
    private let inversePlan: kiss_fftr_cfg
    private var spectrum: [kiss_fft_cpx]

    /// - Precondition: `size` is even and at least 2.
    public init(size: Int) {
        precondition(size >= 2 && size % 2 == 0, "kiss_fftr needs an even size")
        self.size = size
        forwardPlan = kiss_fftr_alloc(Int32(size), 0, nil, nil)
        inversePlan = kiss_fftr_alloc(Int32(size), 1, nil, nil)
        spectrum = [kiss_fft_cpx](repeating: kiss_fft_cpx(r: 0, i: 0), count: size / 2 + 1)
    }

    deinit {
        free(UnsafeMutableRawPointer(forwardPlan))
        free(UnsafeMutableRawPointer(inversePlan))
    }

    /// Forward transform of `input` (exactly `size` samples) into `real` and `imag`
    /// (each at least `binCount` long). Unnormalized, as kissfft computes it.
    public func forward(
        _ input: UnsafeBufferPointer<Float>, real: UnsafeMutableBufferPointer<Float>,
        imag: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(input.count == size && real.count >= binCount && imag.count >= binCount)
        spectrum.withUnsafeMutableBufferPointer { bins in
            kiss_fftr(forwardPlan, input.baseAddress, bins.baseAddress)
            for k in 0..<binCount {
                real[k] = bins[k].r
                imag[k] = bins[k].i
            }
        }
    }

    /// Power spectrum |X[k]|² of `input` (exactly `size` samples) into `power` (`binCount` long).
    public func powerSpectrum(
        _ input: UnsafeBufferPointer<Float>, into power: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(input.count == size && power.count >= binCount)
        spectrum.withUnsafeMutableBufferPointer { bins in
            kiss_fftr(forwardPlan, input.baseAddress, bins.baseAddress)
            for k in 0..<binCount { power[k] = bins[k].r * bins[k].r + bins[k].i * bins[k].i }
        }
    }

    /// Inverse transform of `binCount` complex bins into `output` (`size` samples), scaled by
    /// `1 / size` so that `inverse(forward(x)) == x`.
    public func inverse(
        real: UnsafeBufferPointer<Float>, imag: UnsafeBufferPointer<Float>,
        output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(real.count >= binCount && imag.count >= binCount && output.count == size)
        spectrum.withUnsafeMutableBufferPointer { bins in
            for k in 0..<binCount { bins[k] = kiss_fft_cpx(r: real[k], i: imag[k]) }
            kiss_fftri(inversePlan, bins.baseAddress, output.baseAddress)
        }
        let scale = 1 / Float(size)
        for i in 0..<size { output[i] *= scale }
    }
}
