import Foundation

/// The harmonics of a voiced frame found as peaks of its magnitude spectrum, the way openSMILE's
/// `cHarmonics` (eGeMAPS' H1–H2, H1–A3 and formant levels) finds them.
///
/// Harmonic `h` (1 = F0) is the spectral peak at the bin nearest `h·F0` or, failing that, the nearest
/// peak searched alternately above and below it within `(h ± ½)·F0`; a peak is a bin greater than both
/// neighbours. Its magnitude is read twice: at the peak bin, and at the vertex of the parabola through the
/// peak bin and its neighbours (with the vertex frequency). Levels are in dB relative to H1's peak-bin
/// magnitude. Bin positions are derived from the bin width, so the search covers the same Hz at every
/// sampling rate.
public final class HarmonicPeaks {
    /// One harmonic; `bin < 0` when no peak was found for it.
    public struct Peak: Sendable {
        public var bin: Int = -1
        public var magnitude: Double = 0
        public var interpolatedFrequency: Double = 0
        public var interpolatedMagnitude: Double = 0
        public var found: Bool { bin >= 0 }
    }

    /// Level of a harmonic that was not found, relative to H1 (openSMILE's `-201`).
    public static let missingLevel = -201.0

    public let binWidth: Double
    public private(set) var peaks: [Peak]
    private var count = 0

    /// - Parameter maxHarmonics: how many harmonics to look for at most (openSMILE's `nHarmonics`, 100).
    public init(binWidth: Double, maxHarmonics: Int = 100) {
        self.binWidth = binWidth
        peaks = [Peak](repeating: Peak(), count: maxHarmonics)
    }

    /// Harmonics found by the last `find`, `peaks[0..<count]`.
    public var foundCount: Int { count }

    /// The bin nearest `frequency` at or after `start` (openSMILE `freqToBin`); 0 beyond the spectrum.
    private func nearestBin(_ frequency: Double, from start: Int, binCount: Int) -> Int {
        let above = max(start, Int((frequency / binWidth).rounded(.down)) + 1)
        guard above < binCount else { return 0 }
        guard above > 0 else { return 0 }
        let upper = Double(above) * binWidth - frequency
        let lower = frequency - Double(above - 1) * binWidth
        return upper > lower ? above - 1 : above
    }

    private static func isPeak(_ x: UnsafeBufferPointer<Float>, _ n: Int) -> Bool {
        guard n >= 0 && n < x.count else { return false }
        if n + 1 < x.count {
            return n > 0 ? x[n] > x[n - 1] && x[n] > x[n + 1] : x[0] > x[1]
        }
        return n > 0 && x[n] > x[n - 1]
    }

    /// Finds harmonics 1, 2, … of `f0` in `magnitude` up to `maxFrequency` Hz (or `maxHarmonics`).
    public func find(f0: Double, in magnitude: UnsafeBufferPointer<Float>, maxFrequency: Double) {
        let bins = magnitude.count
        var last = nearestBin(0.5 * f0, from: 1, binCount: bins)
        let first = nearestBin(0.5 * f0, from: last, binCount: bins)
        count = 0
        for i in 0..<peaks.count {
            if Double(i) * f0 > maxFrequency { break }
            let h = Double(i + 1)
            let candidate = nearestBin(h * f0, from: last, binCount: bins)
            var peakBin = -1
            if Self.isPeak(magnitude, candidate) {
                peakBin = candidate
            } else {
                let lowerLimit = nearestBin((h - 0.5) * f0, from: last, binCount: bins)
                let upperLimit = nearestBin((h + 0.5) * f0, from: candidate, binCount: bins)
                var left = candidate - 1
                var right = candidate + 1
                search: while left >= lowerLimit || right <= upperLimit {
                    if right <= upperLimit {
                        if Self.isPeak(magnitude, right) {
                            peakBin = right
                            break search
                        }
                        right += 1
                    }
                    if left >= lowerLimit {
                        if Self.isPeak(magnitude, left) {
                            peakBin = left
                            break search
                        }
                        left -= 1
                    }
                }
            }
            var peak = Peak()
            if peakBin >= first && peakBin >= 1 && peakBin < bins - 1 {
                let y1 = Double(magnitude[peakBin - 1])
                let y2 = Double(magnitude[peakBin])
                let y3 = Double(magnitude[peakBin + 1])
                peak.bin = peakBin
                peak.magnitude = y2
                let curvature = y1 - 2 * y2 + y3
                if curvature != 0 {
                    let delta = 0.5 * (y1 - y3) / curvature
                    peak.interpolatedFrequency = (Double(peakBin) + delta) * binWidth
                    peak.interpolatedMagnitude = y2 - 0.25 * (y1 - y3) * delta
                } else {
                    peak.interpolatedFrequency = Double(peakBin) * binWidth
                    peak.interpolatedMagnitude = y2
                }
            }
            // A harmonic on the same bin as the one before it is a duplicate, not a harmonic.
            if i > 0 && peak.bin >= 0 && peak.bin == peaks[i - 1].bin { peak = Peak() }
            peaks[i] = peak
            count = i + 1
            if candidate > 0 { last = candidate }
        }
    }

    /// Level of harmonic `index` (0 = H1) in dB relative to H1's peak-bin magnitude: 0 for H1,
    /// `missingLevel` for a harmonic not found or when H1 was not found, floored at −200 dB.
    public func level(_ index: Int) -> Double {
        guard count > 0, peaks[0].magnitude > 0 else { return index == 0 ? 0 : Self.missingLevel }
        if index == 0 { return 0 }
        guard index < count, peaks[index].found else { return Self.missingLevel }
        guard peaks[index].interpolatedMagnitude > 0 else { return -200 }
        return max(-200, 20 * log10(peaks[index].interpolatedMagnitude / peaks[0].magnitude))
    }

    /// The strongest harmonic (by peak-bin magnitude) whose interpolated frequency lies within ±20 % of
    /// `frequency` (openSMILE's formant amplitude search), or `nil`.
    public func strongest(near frequency: Double) -> Int? {
        let lo = 0.8 * frequency
        let hi = 1.2 * frequency
        var best: Int?
        var bestMagnitude = 0.0
        for i in 0..<count where peaks[i].found {
            let f = peaks[i].interpolatedFrequency
            if f >= lo && f <= hi && peaks[i].magnitude > bestMagnitude {
                best = i
                bestMagnitude = peaks[i].magnitude
            }
        }
        return best
    }
}
