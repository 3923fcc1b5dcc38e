import Foundation

/// The spectral-balance descriptors of eGeMAPS (openSMILE `cSpectral` with `useLogSpectrum = 1`,
/// `freqRange = 0-5000`, `normBandEnergies = 1`) of one frame's power spectrum: alpha ratio, Hammarberg
/// index, log-spectral slopes of frequency bands, and spectral flux.
///
/// Every band edge is a frequency in Hz mapped onto the FFT's bins through the bin width
/// `sampleRate / fftSize`, so a band means the same frequencies at every sampling rate; only the
/// number of bins in it changes. Power spectra are `|X(k)|²` of an unnormalized FFT.
public struct SpectralBalance: Sendable {
    /// A band's fractional end bins and edge weights, as `cSpectral` maps `lo-hi` Hz onto bins: the
    /// first bin at or below `lo` and the last at or below `hi`, each weighted by the fraction of its
    /// bin width inside the band.
    struct Band: Sendable {
        var lowBin: Int
        var lowWeight: Double
        var highBin: Int
        var highWeight: Double
        /// `cSpectral`'s sample count for the regression: the fractional bin distance, not the number
        /// of bins (one less than it for whole bins). Kept, because it defines eGeMAPS' slope values.
        var span: Double

        init(low: Double, high: Double, binWidth: Double, binCount: Int) {
            let last = binCount - 1
            // First bin strictly above `low`: the band starts one below it.
            let above = min(last + 1, Int((low / binWidth).rounded(.down)) + 1)
            lowBin = max(0, above - 1)
            lowWeight = above <= last && above > 0 ? (Double(above) * binWidth - low) / binWidth : 1
            if lowWeight == 0 { lowWeight = 1 }
            // First bin at or above `high`.
            let atOrAbove = min(last + 1, Int((high / binWidth).rounded(.up)))
            if atOrAbove <= last && atOrAbove > 0 {
                highWeight = (high - Double(atOrAbove - 1) * binWidth) / binWidth
            } else {
                highWeight = 1
            }
            let exact = atOrAbove <= last && Double(atOrAbove) * binWidth == high
            highBin = min(last, exact ? atOrAbove : atOrAbove - 1)
            span = Double(highBin - lowBin)
            if highWeight == 0 { highWeight = 1 }
        }
    }

    public let binWidth: Double
    /// Bins `0…fluxLastBin`: frequencies below 5 kHz (the flux range).
    let fluxLastBin: Int
    /// Last bin at or below 5 kHz (alpha ratio and Hammarberg index stop after it).
    let balanceLastBin: Int
    let slopeBands: [Band]
    /// openSMILE's floor on power before the logarithm (−140 dB).
    static let powerFloor = 1e-14

    /// - Parameters:
    ///   - slopeBands: `(low, high)` Hz of each log-spectral slope (eGeMAPS: 0–500 and 500–1500).
    public init(sampleRate: Double, fftSize: Int, slopeBands: [(Double, Double)]) {
        binWidth = sampleRate / Double(fftSize)
        let binCount = fftSize / 2 + 1
        fluxLastBin = min(binCount - 1, Int((5_000 / binWidth).rounded(.up)) - 1)
        balanceLastBin = min(binCount - 1, Int((5_000 / binWidth).rounded(.down)))
        self.slopeBands = slopeBands.map {
            Band(low: $0.0, high: $0.1, binWidth: sampleRate / Double(fftSize), binCount: binCount)
        }
    }

    /// Alpha ratio in dB: power above 1 kHz (up to 5 kHz) over power below 1 kHz (from DC); 0 for a
    /// frame with no power below 1 kHz.
    public func alphaRatio(_ power: UnsafeBufferPointer<Float>) -> Double {
        var low = 0.0
        var high = 0.0
        for k in 0...balanceLastBin {
            if Double(k) * binWidth < 1_000 { low += Double(power[k]) } else { high += Double(power[k]) }
        }
        guard low > 0 else { return 0 }
        return 10 * log10(max(high, Self.powerFloor) / low)
    }

    /// Hammarberg index in dB: the strongest bin below 2 kHz over the strongest in 2–5 kHz; 0 when the
    /// upper band is empty.
    public func hammarbergIndex(_ power: UnsafeBufferPointer<Float>) -> Double {
        var low = 0.0
        var high = 0.0
        for k in 0...balanceLastBin {
            if Double(k) * binWidth < 2_000 {
                low = max(low, Double(power[k]))
            } else {
                high = max(high, Double(power[k]))
            }
        }
        guard high > 0 else { return 0 }
        return 10 * log10(max(low, Self.powerFloor) / high)
    }

    /// Slope (dB/Hz) of the log power spectrum in slope band `index`, as `cSpectral` regresses it: edge
    /// bins weighted by their share of the band, and the band's fractional width in bins where a
    /// least-squares fit would use the bin count (so the value also depends on the band's mean level).
    public func slope(_ power: UnsafeBufferPointer<Float>, band index: Int) -> Double {
        let band = slopeBands[index]
        func level(_ k: Int) -> Double {
            let p = Double(power[k])
            return p <= Self.powerFloor ? -140 : 10 * log10(p)
        }
        let fL = Double(band.lowBin) * binWidth * band.lowWeight
        var sf = fL
        var sff = fL * fL
        var sfy = fL * level(band.lowBin)
        var sy = band.lowWeight * level(band.lowBin)
        if band.lowBin + 1 < band.highBin {
            for k in (band.lowBin + 1)..<band.highBin {
                let f = Double(k) * binWidth
                let y = level(k)
                sf += f
                sff += f * f
                sfy += f * y
                sy += y
            }
        }
        let fH = Double(band.highBin) * binWidth * band.highWeight
        sf += fH
        sff += fH * fH
        sfy += fH * level(band.highBin)
        sy += band.highWeight * level(band.highBin)
        let n = band.span
        let denominator = n * sff - sf * sf
        return denominator != 0 ? (n * sfy - sf * sy) / denominator : 0
    }

    /// Spectral flux: the root mean square over the bins below 5 kHz of the change in magnitude
    /// `√power` since `previousMagnitude`, which is then updated to this frame's magnitudes.
    public func flux(
        _ power: UnsafeBufferPointer<Float>, previousMagnitude: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        var sum = 0.0
        for k in 0...fluxLastBin {
            let magnitude = Double(power[k]).squareRoot()
            let d = magnitude - previousMagnitude[k]
            sum += d * d
            previousMagnitude[k] = magnitude
        }
        return (sum / Double(fluxLastBin + 1)).squareRoot()
    }
}
