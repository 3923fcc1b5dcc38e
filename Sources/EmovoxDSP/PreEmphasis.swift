import Foundation

/// First-order pre-emphasis `y[n] = x[n] − k·x[n−1]`, which flattens the −6 dB/octave tilt of voiced
/// speech before linear prediction.
public enum PreEmphasis {
    /// Filters `samples` in place; the first sample is kept (its predecessor is taken as itself, so a
    /// DC offset does not produce a start transient).
    public static func apply(_ samples: UnsafeMutableBufferPointer<Float>, coefficient: Float) {
        guard samples.count > 1 else { return }
        var previous = samples[0]
        samples[0] = samples[0] * (1 - coefficient)
        for i in 1..<samples.count {
            let current = samples[i]
            samples[i] = current - coefficient * previous
            previous = current
        }
    }

    /// Power gain `|1 − k·e^{−jω}|²` of the filter at `frequency` Hz, to pre-emphasize a power spectrum
    /// without touching the waveform.
    public static func powerGain(coefficient: Double, frequency: Double, sampleRate: Double) -> Double {
        let omega = 2 * Double.pi * frequency / sampleRate
        return 1 + coefficient * coefficient - 2 * coefficient * cos(omega)
    }
}
