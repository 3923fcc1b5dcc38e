import Foundation

/// The Hz ↔ mel mapping of a mel filterbank.
public enum MelScale: Sendable, Hashable {
    /// HTK / openSMILE: `mel = 2595·log10(1 + f/700)`.
    case htk
    /// Slaney's Auditory Toolbox (librosa's default): linear below 1 kHz, logarithmic above.
    case slaney

    /// Mel value of `hertz`.
    public func mel(_ hertz: Double) -> Double {
        switch self {
        case .htk:
            return 2595 * log10(1 + hertz / 700)
        case .slaney:
            let linearStep = 200.0 / 3
            let breakHz = 1000.0
            let breakMel = breakHz / linearStep
            let logStep = log(6.4) / 27
            return hertz >= breakHz ? breakMel + log(hertz / breakHz) / logStep : hertz / linearStep
        }
    }

    /// Frequency in Hz of mel value `mel`.
    public func hertz(_ mel: Double) -> Double {
        switch self {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            let linearStep = 200.0 / 3
            let breakHz = 1000.0
            let breakMel = breakHz / linearStep
            let logStep = log(6.4) / 27
            return mel >= breakMel ? breakHz * exp(logStep * (mel - breakMel)) : linearStep * mel
        }
    }
}

/// A bank of triangular filters on the mel scale applied to a power spectrum.
///
/// Construction follows librosa's `filters.mel`: band edges equally spaced in mel between `minFrequency`
/// and `maxFrequency`, triangles evaluated at the FFT bin frequencies `k·sampleRate/fftSize`, and with
/// `.slaney` normalization each triangle scaled to unit area (`2 / (upper − lower)` in Hz). Weights are
/// stored sparsely (first bin + run of weights per band), so `apply` touches only non-zero weights.
public struct MelFilterbank: Sendable {
    /// How each triangle is scaled.
    public enum Normalization: Sendable, Hashable {
        /// Peak 1 (HTK, openSMILE).
        case none
        /// Unit area in Hz (librosa `norm="slaney"`).
        case slaney
    }

    public let bandCount: Int
    public let binCount: Int
    /// Center frequency of each band in Hz.
    public let centerFrequencies: [Double]
    private let firstBin: [Int]
    private let weights: [[Double]]

    public init(
        bandCount: Int, fftSize: Int, sampleRate: Double, minFrequency: Double, maxFrequency: Double,
        scale: MelScale, normalization: Normalization
    ) {
        precondition(bandCount >= 1 && fftSize >= 2 && maxFrequency > minFrequency)
        self.bandCount = bandCount
        binCount = fftSize / 2 + 1
        let lowMel = scale.mel(minFrequency)
        let highMel = scale.mel(maxFrequency)
        let edges = (0..<(bandCount + 2)).map {
            scale.hertz(lowMel + (highMel - lowMel) * Double($0) / Double(bandCount + 1))
        }
        centerFrequencies = (0..<bandCount).map { edges[$0 + 1] }
        var first = [Int]()
        var rows = [[Double]]()
        for band in 0..<bandCount {
            let lower = edges[band]
            let center = edges[band + 1]
            let upper = edges[band + 2]
            let gain = normalization == .slaney ? 2 / (upper - lower) : 1
            var row = [Double]()
            var start = -1
            for k in 0..<binCount {
                let f = Double(k) * sampleRate / Double(fftSize)
                let rising = (f - lower) / (center - lower)
                let falling = (upper - f) / (upper - center)
                let w = max(0, min(rising, falling))
                if w > 0 {
                    if start < 0 { start = k }
                    // Interior zeros cannot occur in a triangle, so the run is contiguous.
                    row.append(w * gain)
                } else if start >= 0 {
                    break
                }
            }
            first.append(max(start, 0))
            rows.append(row)
        }
        firstBin = first
        weights = rows
    }

    /// Band energies `Σ_k w[b][k]·power[k]` into `output` (`bandCount` long).
    public func apply(
        _ power: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(power.count >= binCount && output.count >= bandCount)
        for band in 0..<bandCount {
            let start = firstBin[band]
            var sum = 0.0
            weights[band].withUnsafeBufferPointer { row in
                for j in 0..<row.count { sum += row[j] * Double(power[start + j]) }
            }
            output[band] = sum
        }
    }
}
