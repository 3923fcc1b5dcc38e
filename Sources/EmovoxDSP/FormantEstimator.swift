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

/// Formants from the roots of a linear-prediction polynomial, as Praat and openSMILE's `cFormantLpc` do.
///
/// A complex pole `z = r·e^{jθ}` of `1/A(z)` at sampling rate `fs` is a resonance at `θ·fs/2π` Hz with
/// bandwidth `−ln(r)·fs/π` Hz. A pole outside the unit circle is first reflected inside (`r → 1/r`), as
/// openSMILE's `smileMath_complexIntoUnitCircle` does. Poles outside `[minFrequency, maxFrequency]` or
/// broader than `maxBandwidth` are not formants (they model spectral tilt or noise) and are skipped;
/// eGeMAPS (`cFormantLpc`) sets no bandwidth limit (`maxBandwidth = .infinity`).
public final class FormantEstimator {
    /// Which polynomial's roots are taken as resonances.
    public enum Polynomial: Sendable, Hashable {
        /// `A(z) = 1 + Σ aᵢ·z⁻ⁱ`, whose roots are the poles of the all-pole model `1/A(z)`: the true
        /// vocal-tract resonances (Praat, textbooks).
        case predictionErrorFilter
        /// `zᵖ − Σ aᵢ·zᵖ⁻ⁱ`, the roots of `A(z) = 2`: what openSMILE's `cFormantLpc` solves, because it
        /// copies the coefficients into its root solver with the opposite sign. eGeMAPS' formant
        /// descriptors are defined by it: on RAVDESS its mean F1 tracks openSMILE's with r 0.99 (the
        /// model's own poles: r 0.44), but it is biased, e.g. a synthetic /a/ with F1 = 700 Hz reads
        /// within 10 % of openSMILE's 614 Hz at 48 kHz, and ≈ 670 Hz at 16 kHz (openSMILE: 369 Hz).
        case openSMILE
    }

    public let order: Int
    public let polynomial: Polynomial
    public var minFrequency: Double
    public var maxFrequency: Double
    public var maxBandwidth: Double
    private let roots: PolynomialRootFinder
    private var candidates: [Formant]
    private var flipped: [Double]

    public init(
        order: Int, minFrequency: Double, maxFrequency: Double, maxBandwidth: Double,
        polynomial: Polynomial = .predictionErrorFilter
    ) {
        self.order = order
        self.polynomial = polynomial
        self.minFrequency = minFrequency
        self.maxFrequency = maxFrequency
        self.maxBandwidth = maxBandwidth
        roots = PolynomialRootFinder(degree: order)
        candidates = []
        candidates.reserveCapacity(order)
        flipped = [Double](repeating: 0, count: order + 1)
    }

    /// Writes up to `output.count` formants, lowest first, from predictor coefficients `a[0...order]`
    /// (`a[0] = 1`) of a model at `sampleRate`.
    /// - Returns: how many formants were found (the rest of `output` is untouched).
    public func formants(
        lpc a: UnsafeBufferPointer<Double>, sampleRate: Double,
        into output: UnsafeMutableBufferPointer<Formant>
    ) -> Int {
        switch polynomial {
        case .predictionErrorFilter:
            roots.solve(a)
        case .openSMILE:
            flipped.withUnsafeMutableBufferPointer { c in
                c[0] = a[0]
                for i in 1...order { c[i] = -a[i] }
                roots.solve(UnsafeBufferPointer(c))
            }
        }
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
