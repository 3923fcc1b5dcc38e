import EmovoxTestSupport
import Testing

@testable import EmovoxPipeline

/// The voiced-proportion metadata: frame energy within 30 dB of the loudest frame and fewer than
/// 3,000 zero crossings per second.
@Suite struct VoicingEstimatorTests {
    /// The definition written out one sample at a time, to check the vectorized loop against.
    static func reference(_ x: [Float], sampleRate: Int) -> Double {
        let frame = Int(VoicingEstimator.frameSeconds * Double(sampleRate))
        let frames = x.count / frame
        var energies: [Double] = []
        var crossings: [Int] = []
        for f in 0..<frames {
            let slice = x[(f * frame)..<((f + 1) * frame)]
            energies.append(slice.reduce(0) { $0 + Double($1) * Double($1) } / Double(frame))
            crossings.append(zip(slice.dropFirst(), slice).filter { $0.sign != $1.sign }.count)
        }
        let floor = max(energies.max()! * 1e-3, 1e-6)
        let voiced = (0..<frames).filter { energies[$0] >= floor && Double(crossings[$0]) < 60 }.count
        return Double(voiced) / Double(frames)
    }

    @Test(arguments: [16_000, 22_050, 44_100])
    func matchesTheDefinitionOnMixedSignals(sampleRate: Int) {
        // Voiced-like (a 150 Hz tone at several levels), fricative-like (noise), silence, and a
        // quiet tone 40 dB down; the frame lengths (320, 441, 882) are not multiples of eight.
        var x = Synth.sine(frequency: 150, amplitude: 0.5, duration: 0.5, sampleRate: sampleRate)
        x += Synth.whiteNoise(sigma: 0.2, count: sampleRate / 4, seed: 7)
        x += Synth.silence(duration: 0.3, sampleRate: sampleRate)
        x += Synth.sine(frequency: 150, amplitude: 0.005, duration: 0.3, sampleRate: sampleRate)
        x += Synth.sine(frequency: 220, amplitude: 0.1, duration: 0.41, sampleRate: sampleRate)
        let measured = VoicingEstimator.voicedProportion(x, sampleRate: sampleRate)
        #expect(measured == Self.reference(x, sampleRate: sampleRate))
        // The two tones within 30 dB are voiced; noise, silence and the quiet tone are not.
        let expected = 0.91 / (Double(x.count) / Double(sampleRate))
        #expect(abs(measured - expected) < 0.03, "\(measured) vs \(expected)")
    }
}
