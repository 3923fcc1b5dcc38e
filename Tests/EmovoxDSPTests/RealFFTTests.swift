import EmovoxDSP
import EmovoxTestSupport
import Testing

@Suite struct RealFFTTests {
    @Test func findsASineInItsBinAndInvertsExactly() {
        let fft = RealFFT(size: 512)
        // 1 kHz at 16 kHz lands exactly on bin 32 of a 512-point transform.
        let tone = Synth.sine(
            frequency: 1_000, amplitude: 1, duration: 512.0 / 16_000, sampleRate: 16_000)
        var power = [Float](repeating: 0, count: fft.binCount)
        tone.withUnsafeBufferPointer { input in
            power.withUnsafeMutableBufferPointer { fft.powerSpectrum(input, into: $0) }
        }
        let peak = power.indices.max { power[$0] < power[$1] }
        #expect(peak == 32)

        var re = [Float](repeating: 0, count: fft.binCount)
        var im = re
        var back = [Float](repeating: 0, count: 512)
        tone.withUnsafeBufferPointer { input in
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { i in fft.forward(input, real: r, imag: i) }
            }
        }
        re.withUnsafeBufferPointer { r in
            im.withUnsafeBufferPointer { i in
                back.withUnsafeMutableBufferPointer { fft.inverse(real: r, imag: i, output: $0) }
            }
        }
        let maxError = zip(tone, back).map { abs($0 - $1) }.max() ?? 1
        #expect(maxError < 1e-5)
    }
}
