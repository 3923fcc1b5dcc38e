import Foundation

/// Frequency analysis helpers for resampler tests (a direct DTFT: the audio test target has no FFT).
enum SpectralPeak {
    /// Magnitude of the Hann-windowed DTFT of `x` at `frequency` Hz.
    static func magnitude(_ x: [Float], sampleRate: Int, frequency: Double) -> Double {
        let n = x.count
        let omega = 2 * Double.pi * frequency / Double(sampleRate)
        var re = 0.0
        var im = 0.0
        for i in 0..<n {
            let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n))
            let v = Double(x[i]) * w
            re += v * cos(omega * Double(i))
            im -= v * sin(omega * Double(i))
        }
        return (re * re + im * im).squareRoot()
    }

    /// The strongest frequency in `range`, located on a grid of one bin (sampleRate / count Hz) and
    /// refined by parabolic interpolation of the log magnitude around the best grid point.
    static func peakFrequency(_ x: [Float], sampleRate: Int, range: ClosedRange<Double>) -> Double {
        let bin = Double(sampleRate) / Double(x.count)
        var grid: [Double] = []
        var f = range.lowerBound
        while f <= range.upperBound {
            grid.append(f)
            f += bin
        }
        let mags = grid.map { log(magnitude(x, sampleRate: sampleRate, frequency: $0) + 1e-30) }
        let best = mags.indices.max { mags[$0] < mags[$1] }!
        guard best > 0, best < grid.count - 1 else { return grid[best] }
        let (a, b, c) = (mags[best - 1], mags[best], mags[best + 1])
        let offset = 0.5 * (a - c) / (a - 2 * b + c)
        return grid[best] + offset * bin
    }

    static func rms(_ x: ArraySlice<Float>) -> Double {
        (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, x.count))).squareRoot()
    }
}
