/// Autocorrelation `r[τ] = Σ_n x[n]·x[n+τ]` computed through the FFT (Wiener–Khinchin), reusing one plan
/// and its buffers.
public final class Autocorrelation {
    /// Longest input this instance accepts.
    public let maxInputLength: Int
    /// Largest lag it can return.
    public let maxLag: Int
    private let fft: RealFFT
    private var padded: [Float]
    private var real: [Float]
    private var imag: [Float]
    private var output: [Float]

    public init(maxInputLength: Int, maxLag: Int, context: AnalysisContext) {
        self.maxInputLength = maxInputLength
        self.maxLag = maxLag
        // Zero padding to ≥ length + maxLag keeps the circular correlation equal to the linear one.
        fft = context.fft(size: nextPowerOfTwo(maxInputLength + maxLag + 1))
        padded = [Float](repeating: 0, count: fft.size)
        real = [Float](repeating: 0, count: fft.binCount)
        imag = real
        output = padded
    }

    /// Writes `r[0...lags]` of `input` into `result` (`lags + 1` long, `lags ≤ maxLag`).
    public func compute(
        _ input: UnsafeBufferPointer<Float>, lags: Int, into result: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(input.count <= maxInputLength && lags <= maxLag && result.count > lags)
        padded.withUnsafeMutableBufferPointer { p in
            for i in 0..<input.count { p[i] = input[i] }
            for i in input.count..<p.count { p[i] = 0 }
            real.withUnsafeMutableBufferPointer { re in
                imag.withUnsafeMutableBufferPointer { im in
                    fft.powerSpectrum(UnsafeBufferPointer(p), into: re)
                    for k in 0..<im.count { im[k] = 0 }
                    output.withUnsafeMutableBufferPointer { out in
                        fft.inverse(real: UnsafeBufferPointer(re), imag: UnsafeBufferPointer(im), output: out)
                        for tau in 0...lags { result[tau] = out[tau] }
                    }
                }
            }
        }
    }
}
