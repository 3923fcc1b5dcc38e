import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxDSP

/// `SpectralBalance` and `HarmonicPeaks`, the eGeMAPS spectral descriptors whose band edges and search
/// ranges are frequencies: at every sampling rate they must read the same Hz.
@Suite struct SpectralBalanceTests {
    static let rates = [16_000, 22_050, 44_100, 48_000]

    /// Power spectrum of one Gaussian-windowed (σ = 0.4) frame of `signal` of `length` samples,
    /// zero-padded to a power of two, as magnitude (`√power`) or power.
    static func spectrum(_ signal: [Float], length: Int, window: WindowFunction, magnitude: Bool)
        -> (values: [Float], fftSize: Int)
    {
        let size = nextPowerOfTwo(length)
        let w = window.coefficients(length: length)
        var frame = [Float](repeating: 0, count: size)
        for i in 0..<length { frame[i] = signal[i] * w[i] }
        let fft = RealFFT(size: size)
        var power = [Float](repeating: 0, count: size / 2 + 1)
        frame.withUnsafeBufferPointer { f in
            power.withUnsafeMutableBufferPointer { fft.powerSpectrum(f, into: $0) }
        }
        return (magnitude ? power.map { $0.squareRoot() } : power, size)
    }

    /// White noise has four times as much power in 1–5 kHz as below 1 kHz: an alpha ratio of
    /// 10·log10(4) ≈ 6 dB whatever the rate (a band edge tied to bins instead of Hz would move it).
    @Test(arguments: rates) func alphaRatioOfWhiteNoiseIsSixDecibels(rate: Int) {
        let length = rate  // 1 s: enough bins to average the noise out
        let noise = Synth.whiteNoise(sigma: 0.1, count: length, seed: 3)
        let (power, size) = Self.spectrum(noise, length: length, window: .hamming, magnitude: false)
        let balance = SpectralBalance(
            sampleRate: Double(rate), fftSize: size, slopeBands: [(0, 500), (500, 1_500)])
        let alpha = power.withUnsafeBufferPointer { balance.alphaRatio($0) }
        #expect(abs(alpha - 10 * log10(4)) < 0.5, "alpha ratio \(alpha) dB at \(rate) Hz")
    }

    /// The slope bands map 0–500 and 500–1500 Hz onto bins at or below their edges at every rate.
    @Test(arguments: rates) func slopeBandsCoverTheirHertz(rate: Int) {
        let fftSize = nextPowerOfTwo(Int((0.020 * Double(rate)).rounded()))
        let balance = SpectralBalance(
            sampleRate: Double(rate), fftSize: fftSize, slopeBands: [(0, 500), (500, 1_500)])
        let width = Double(rate) / Double(fftSize)
        for (band, (low, high)) in zip(balance.slopeBands, [(0.0, 500.0), (500.0, 1_500.0)]) {
            #expect(Double(band.lowBin) * width <= low && Double(band.lowBin + 1) * width > low)
            #expect(Double(band.highBin) * width <= high && Double(band.highBin + 1) * width > high)
        }
    }

    /// Two harmonics 6 dB apart read as H1–H2 = 6 dB, and the strongest harmonic near 1 kHz of a
    /// 200 Hz source whose 5th harmonic is boosted is that 5th harmonic, at every rate.
    @Test(arguments: rates) func harmonicLevelsAreReadAtEveryRate(rate: Int) {
        let f0 = 200.0
        let amplitudes: [Double] = [0.4, 0.2, 0.05, 0.05, 0.3, 0.05]
        let length = Int((0.060 * Double(rate)).rounded())
        let signal = (0..<length).map { i in
            Float(
                amplitudes.enumerated().reduce(0.0) { sum, h in
                    sum + h.element * sin(2 * Double.pi * f0 * Double(h.offset + 1) * Double(i) / Double(rate))
                })
        }
        let (magnitude, size) = Self.spectrum(
            signal, length: length, window: .gaussian(sigma: 0.4), magnitude: true)
        let peaks = HarmonicPeaks(binWidth: Double(rate) / Double(size))
        magnitude.withUnsafeBufferPointer { peaks.find(f0: f0, in: $0, maxFrequency: 1_500) }
        #expect(abs(peaks.level(1) - 20 * log10(0.2 / 0.4)) < 1.0, "H2 level \(peaks.level(1)) dB")
        #expect(peaks.strongest(near: 1_000) == 4)
        #expect(abs(peaks.peaks[4].interpolatedFrequency - 1_000) < 10)
    }
}
