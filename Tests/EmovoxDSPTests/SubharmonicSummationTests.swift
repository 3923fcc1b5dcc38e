import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

/// `SubharmonicSummationPitch` and its parts on signals whose F0 is known.
@Suite struct SubharmonicSummationTests {
    static let sampleRate = 16_000

    static func track(_ signal: [Float], sampleRate: Int = sampleRate) -> PitchTrack {
        SubharmonicSummationPitch(sampleRate: sampleRate, context: AnalysisContext()).track(signal)
    }

    @Test(arguments: [(100.0, 16_000), (200.0, 16_000), (300.0, 16_000), (200.0, 48_000)])
    func pitchOfASyntheticVowelIsWithinOnePercent(f0: Double, sampleRate: Int) throws {
        let track = Self.track(
            Synth.vowel(f0: f0, duration: 1.0, sampleRate: sampleRate), sampleRate: sampleRate)
        try VoiceAnalysisTests.expectSteadyF0(track, f0: f0)
    }

    @Test func aGlideIsFollowedWithoutOctaveErrors() {
        let duration = 1.5
        let (from, to) = (110.0, 330.0)
        let track = Self.track(
            Synth.vowel(f0: from, duration: duration, sampleRate: Self.sampleRate, glideTo: to))
        var voiced = 0
        for (t, f) in track.frequencies.enumerated() where f > 0 {
            let center = (Double(t * track.hop) + Double(track.frameLength) / 2) / Double(Self.sampleRate)
            guard center < duration - 0.03 else { continue }
            let expected = from * pow(to / from, center / duration)
            // An octave error would be 1; the glide itself moves 0.08 octave within one 60 ms frame.
            #expect(abs(log2(f / expected)) < 0.1, "frame \(t): \(f) Hz, expected \(expected)")
            voiced += 1
        }
        #expect(voiced >= track.frequencies.count - 10)
    }

    @Test func silenceAndNoiseAreUnvoiced() {
        VoiceAnalysisTests.expectSilenceAndNoiseUnvoiced(
            SubharmonicSummationPitch(sampleRate: Self.sampleRate, context: AnalysisContext()))
    }

    @Test func repeatedRunsAreIdentical() {
        let signal =
            Synth.vowel(f0: 140, duration: 0.6, sampleRate: Self.sampleRate, jitter: 0.01, glideTo: 180)
            + Synth.whiteNoise(sigma: 0.05, count: 4_000, seed: 9)
        let context = AnalysisContext()
        let tracker = SubharmonicSummationPitch(sampleRate: Self.sampleRate, context: context)
        let first = tracker.track(signal)
        #expect(tracker.track(signal) == first)
        #expect(Self.track(signal) == first)
    }

    @Test func logSpectrumPutsAPeakAtItsFrequency() {
        let fftSize = 1_024
        let map = LogFrequencySpectrum(fftSize: fftSize, sampleRate: 16_000, minFrequency: 25)
        var magnitude = [Float](repeating: 0, count: fftSize / 2 + 1)
        magnitude[32] = 1  // 500 Hz
        var output = [Float](repeating: 0, count: map.pointCount)
        magnitude.withUnsafeBufferPointer { m in
            output.withUnsafeMutableBufferPointer { map.transform(magnitude: m, into: $0) }
        }
        let peak = output.indices.max { output[$0] < output[$1] }!
        #expect(abs(log2(map.frequency(atPoint: Double(peak)) / 500)) < 2 * map.octavesPerPoint)
        #expect(output.allSatisfy { $0 >= 0 })
    }

    @Test func smootherBridgesAOneFrameOctaveFlip() {
        // Ten frames with candidates 200 and 100 Hz; in frame 5 the sub-octave is slightly stronger.
        let frames = 10
        var frequencies = [Double]()
        var voicing = [Double]()
        for t in 0..<frames {
            frequencies += t == 5 ? [100, 200] : [200, 100]
            voicing += t == 5 ? [0.86, 0.85] : [0.9, 0.8]
        }
        let path = frequencies.withUnsafeBufferPointer { f in
            voicing.withUnsafeBufferPointer { v in
                PitchViterbiSmoother().bestPath(
                    frequencies: f, voicing: v, counts: [Int](repeating: 2, count: frames), capacity: 2)
            }
        }
        let chosen = (0..<frames).map { frequencies[$0 * 2 + Int(path[$0])] }
        #expect(chosen == [Double](repeating: 200, count: frames))
    }
}
