import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxSpeakers

struct FrameFeatureTests {
    @Test func voiceActivityDropsTheSilenceAroundAVowel() {
        let rate = 16_000
        let silence = Synth.silence(duration: 0.5, sampleRate: rate)
        let noise = Synth.whiteNoise(sigma: 1e-4, count: silence.count, seed: 4)
        let vowel = Synth.vowel(f0: 120, duration: 1.0, sampleRate: rate)
        let signal = zip(silence, noise).map { $0 + $1 } + vowel + noise
        let features = SpeakerFrameFeatures()
        let frames = features.frames(signal)
        #expect(frames.columns == 60)
        // About 100 vowel frames out of about 200: the quiet second is gone.
        #expect(frames.rows > 90 && frames.rows < 115, "\(frames.rows) speech frames")
    }

    @Test func voiceActivityKeepsEverythingWithoutContrast() {
        let vad = EnergyVoiceActivity()
        #expect(vad.speechFrames(levels: [Double](repeating: -20, count: 50)).count == 50)
        // Too few loud frames: all kept rather than an utterance of 3 frames.
        let levels = [Double](repeating: -90, count: 50) + [-10, -10, -10]
        #expect(vad.speechFrames(levels: levels).count == 53)
        let speech = [Double](repeating: -90, count: 50) + [Double](repeating: -10, count: 20)
        #expect(vad.speechFrames(levels: speech) == Array(50..<70))
    }

    @Test func slidingCMVNCentresEachWindow() {
        var random = SeededRandom(seed: 2)
        let rows = 400
        let values = (0..<(rows * 2)).map { i in random.nextGaussian() + (i % 2 == 0 ? 5.0 : -3.0) }
        let input = FrameMatrix(rows: rows, columns: 2, values: values)
        // A window longer than the clip: plain per-clip mean normalization.
        let whole = SlidingCMVN(window: 1_001).apply(input)
        for c in 0..<2 {
            let mean = (0..<rows).reduce(0.0) { $0 + whole[$1, c] } / Double(rows)
            #expect(abs(mean) < 1e-12)
        }
        // A short window: frame 200's value is centred on frames 150…250.
        let sliding = SlidingCMVN(window: 101, normalizeVariance: true).apply(input)
        let window = (150...250).map { input[$0, 0] }
        let mean = window.reduce(0, +) / 101
        let sd = (window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 101).squareRoot()
        #expect(abs(sliding[200, 0] - (input[200, 0] - mean) / sd) < 1e-9)
    }
}
