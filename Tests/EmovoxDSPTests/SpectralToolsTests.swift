import EmovoxDSP
import Foundation
import Testing

@Suite struct SpectralToolsTests {
    @Test func windowsHaveTheirDefiningValues() {
        let hann = WindowFunction.hann(periodic: true).coefficients(length: 8)
        #expect(hann[0] == 0 && abs(hann[4] - 1) < 1e-7 && abs(hann[2] - 0.5) < 1e-7)
        let hamming = WindowFunction.hamming.coefficients(length: 9)
        #expect(
            abs(hamming[0] - 0.08) < 1e-6 && abs(hamming[8] - 0.08) < 1e-6 && abs(hamming[4] - 1) < 1e-6)
        let gauss = WindowFunction.gaussian(sigma: 0.4).coefficients(length: 9)
        // At the edge z = 1/σ = 2.5 ⇒ exp(−3.125).
        #expect(abs(Double(gauss[0]) - exp(-3.125)) < 1e-6 && abs(gauss[4] - 1) < 1e-7)
    }

    @Test func framingCountsMatchLibrosaAndOpenSmileConventions() {
        let centered = FrameLayout(frameLength: 512, hop: 160, centered: true)
        #expect(centered.frameCount(sampleCount: 8_000) == 51)
        #expect(centered.start(ofFrame: 0) == -256)
        let left = FrameLayout(frameLength: 320, hop: 160, centered: false)
        #expect(left.frameCount(sampleCount: 16_000) == 99)
        #expect(left.frameCount(sampleCount: 100) == 1)
        #expect(left.frameCount(sampleCount: 0) == 0)
    }

    @Test func melScalesRoundTripAndSlaneyTrianglesHaveUnitArea() {
        for scale in [MelScale.htk, .slaney] {
            for f in [0.0, 440, 1000, 3_000, 7_999] {
                #expect(abs(scale.hertz(scale.mel(f)) - f) < 1e-6)
            }
        }
        #expect(abs(MelScale.htk.mel(700) - 2595 * log10(2)) < 1e-9)
        #expect(abs(MelScale.slaney.mel(1000) - 15) < 1e-12)

        // A flat spectrum of density 1/Hz sums to ≈ 1 per Slaney-normalized band (unit area), so bands
        // wide enough to span many bins read ≈ 1 / binWidth · binWidth = 1.
        let fftSize = 4096
        let bank = MelFilterbank(
            bandCount: 20, fftSize: fftSize, sampleRate: 16_000, minFrequency: 0, maxFrequency: 8_000,
            scale: .slaney, normalization: .slaney)
        let binWidth = 16_000.0 / Double(fftSize)
        let flat = [Float](repeating: Float(binWidth), count: fftSize / 2 + 1)
        var bands = [Double](repeating: 0, count: 20)
        flat.withUnsafeBufferPointer { p in
            bands.withUnsafeMutableBufferPointer { bank.apply(p, into: $0) }
        }
        for value in bands[5...] { #expect(abs(value - 1) < 0.02) }
    }

    @Test func orthonormalDCTPreservesEnergy() {
        let n = 16
        let dct = DCT2(inputCount: n, outputCount: n, scaling: .orthonormal)
        let x = (0..<n).map { sin(Double($0) * 0.7) + 0.1 * Double($0) }
        var y = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { p in y.withUnsafeMutableBufferPointer { dct.apply(p, into: $0) } }
        let ex = x.reduce(0) { $0 + $1 * $1 }
        let ey = y.reduce(0) { $0 + $1 * $1 }
        #expect(abs(ex - ey) < 1e-9 * ex)
        #expect(abs(y[0] - x.reduce(0, +) / Double(n).squareRoot()) < 1e-12)
    }

    @Test func autocorrelationMatchesTheDirectSum() {
        let context = AnalysisContext()
        let x: [Float] = (0..<100).map { Float(sin(Double($0) * 0.3) + 0.2 * cos(Double($0) * 1.7)) }
        let acf = Autocorrelation(maxInputLength: 100, maxLag: 20, context: context)
        var r = [Float](repeating: 0, count: 21)
        x.withUnsafeBufferPointer { p in
            r.withUnsafeMutableBufferPointer { acf.compute(p, lags: 20, into: $0) }
        }
        for lag in 0...20 {
            var direct: Float = 0
            for n in lag..<100 { direct += x[n] * x[n - lag] }
            #expect(abs(r[lag] - direct) < 1e-3)
        }
    }
}
