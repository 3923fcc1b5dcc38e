import Foundation

/// Harmonic measures derived from the periodicity and the magnitude spectrum of a voiced frame.
public enum Harmonicity {
    /// Harmonics-to-noise ratio in dB from the normalized autocorrelation `r` at the pitch period
    /// (Boersma 1993): `10·log10(r / (1 − r))`. `r` is clamped to [10⁻⁴, 1 − 10⁻⁵], so the result lies in
    /// about [−40, 50] dB.
    public static func harmonicsToNoiseDecibels(periodicity r: Double) -> Double {
        let clamped = min(max(r, 1e-4), 1 - 1e-5)
        return 10 * log10(clamped / (1 - clamped))
    }

    /// Largest magnitude of `magnitude` (bin `k` at `k·binWidth` Hz) within `frequency ± halfWidth` Hz: the
    /// amplitude of the harmonic near `frequency`. Returns 0 if the range holds no bin.
    public static func peakMagnitude(
        _ magnitude: UnsafeBufferPointer<Float>, binWidth: Double, around frequency: Double,
        halfWidth: Double
    ) -> Double {
        let lo = max(0, Int(((frequency - halfWidth) / binWidth).rounded(.up)))
        let hi = min(magnitude.count - 1, Int(((frequency + halfWidth) / binWidth).rounded(.down)))
        guard lo <= hi else {
            let nearest = Int((frequency / binWidth).rounded())
            return nearest >= 0 && nearest < magnitude.count ? Double(magnitude[nearest]) : 0
        }
        var best: Float = 0
        for k in lo...hi where magnitude[k] > best { best = magnitude[k] }
        return Double(best)
    }
}
