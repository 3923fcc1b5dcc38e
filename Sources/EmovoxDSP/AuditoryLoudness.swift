import Foundation

/// Loudness from an auditory spectrum, as openSMILE's eGeMAPS computes it (`cMelspec` → `cPlp` with
/// `doAud = 1, compression = 0.33` → sum of bands): a 26-band HTK-mel power spectrum (20–8000 Hz), each
/// band weighted by the PLP equal-loudness curve at its center (Hermansky 1990) and compressed by the
/// intensity-loudness power law `(·)^0.33`, then summed.
///
/// Because every band is raised to the same power, scaling the signal power by `g` scales loudness by
/// exactly `g^0.33`: a 20 dB level difference is a loudness ratio of `10^(2·0.33) ≈ 4.57` (Stevens'
/// cube-root law; the sone scale's "doubling per 10 phon" would give 4).
public struct AuditoryLoudness: Sendable {
    /// Exponent of the intensity-loudness power law.
    public static let compression = 0.33
    public let filterbank: MelFilterbank
    private let weights: [Double]
    private let compression: Double

    public init(
        fftSize: Int, sampleRate: Double, bandCount: Int = 26, minFrequency: Double = 20,
        maxFrequency: Double = 8_000
    ) {
        filterbank = MelFilterbank(
            bandCount: bandCount, fftSize: fftSize, sampleRate: sampleRate, minFrequency: minFrequency,
            maxFrequency: min(maxFrequency, sampleRate / 2), scale: .htk, normalization: .none)
        weights = filterbank.centerFrequencies.map(Self.equalLoudness)
        compression = Self.compression
    }

    /// PLP equal-loudness weight at `frequency` Hz (≈ the 40-phon contour; 1 ≈ its plateau value near 2 kHz … 4 kHz).
    public static func equalLoudness(_ frequency: Double) -> Double {
        let w2 = pow(2 * Double.pi * frequency, 2)
        return (w2 + 56.8e6) * w2 * w2 / (pow(w2 + 6.3e6, 2) * (w2 + 0.38e9))
    }

    /// Loudness of mel band energies `bands` (from `filterbank.apply`).
    public func loudness(bands: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for b in 0..<filterbank.bandCount {
            let value = weights[b] * bands[b]
            if value > 0 { sum += pow(value, compression) }
        }
        return sum
    }
}
