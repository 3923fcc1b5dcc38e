import Foundation

/// One vocal-tract resonance.
public struct Formant: Sendable, Hashable {
    /// Center frequency in Hz.
    public var frequency: Double
    /// 3-dB bandwidth in Hz.
    public var bandwidth: Double
    public init(frequency: Double, bandwidth: Double) {
        self.frequency = frequency
        self.bandwidth = bandwidth
    }
}

/// Formants from the roots of a linear-prediction polynomial, as openSMILE's `cFormantLpc` and Praat do.
///
/// A complex pole `z = r·e^{jθ}` of `1/A(z)` at sampling rate `fs` is a resonance at `θ·fs/2π` Hz with
/// bandwidth `−ln(r)·fs/π` Hz. A pole outside the unit circle is first reflected inside (`r → 1/r`), as
/// openSMILE's `smileMath_complexIntoUnitCircle` does. Poles outside `[minFrequency, maxFrequency]` or
/// broader than `maxBandwidth` are not formants (they model spectral tilt or noise) and are skipped;
/// eGeMAPS (`cFormantLpc`) sets no bandwidth limit (`maxBandwidth = .infinity`).
public final class FormantEstimator {
    public let order: Int
    public var minFrequency: Double
    public var maxFrequency: Double
    public var maxBandwidth: Double
    private let roots: PolynomialRootFinder
    private var candidates: [Formant]

    public init(order: Int, minFrequency: Double, maxFrequency: Double, maxBandwidth: Double) {
        self.order = order
        self.minFrequency = minFrequency
        self.maxFrequency = maxFrequency
        self.maxBandwidth = maxBandwidth
        roots = PolynomialRootFinder(degree: order)
        candidates = []
        candidates.reserveCapacity(order)
    }

    /// Writes up to `output.count` formants, lowest first, from predictor coefficients `a[0...order]`
    /// (`a[0] = 1`) of a model at `sampleRate`.
    /// - Returns: how many formants were found (the rest of `output` is untouched).
    public func formants(
        lpc a: UnsafeBufferPointer<Double>, sampleRate: Double,
        into output: UnsafeMutableBufferPointer<Formant>
    ) -> Int {
        roots.solve(a)
        candidates.removeAll(keepingCapacity: true)
        for k in 0..<order {
            let re = roots.rootsReal[k]
            let im = roots.rootsImag[k]
            guard im > 0 else { continue }
            var magnitude = (re * re + im * im).squareRoot()
            guard magnitude > 0 else { continue }
            if magnitude > 1 { magnitude = 1 / magnitude }
            let frequency = atan2(im, re) * sampleRate / (2 * Double.pi)
            let bandwidth = -log(magnitude) * sampleRate / Double.pi
            if frequency >= minFrequency && frequency <= maxFrequency && bandwidth < maxBandwidth {
                candidates.append(Formant(frequency: frequency, bandwidth: bandwidth))
            }
        }
        // Insertion sort: at most order/2 items, and no allocation.
        if candidates.count > 1 {
            for i in 1..<candidates.count {
                let item = candidates[i]
                var j = i - 1
                while j >= 0 && candidates[j].frequency > item.frequency {
                    candidates[j + 1] = candidates[j]
                    j -= 1
                }
                candidates[j + 1] = item
            }
        }
        let count = min(candidates.count, output.count)
        for i in 0..<count { output[i] = candidates[i] }
        return count
    }
}
