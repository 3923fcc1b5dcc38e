import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct ActiveSpeechLevelTests {
    static func meanSquare(_ x: [Float]) -> Double { x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count) }

    @Test func continuousVoiceIsFullyActive() throws {
        let vowel = Synth.vowel(f0: 140, duration: 2, sampleRate: 16_000, glideTo: 180)
        let level = try #require(ActiveSpeechLevel.measure(vowel, sampleRate: 16_000))
        #expect(level.activityFactor > 0.95)
        #expect(abs(level.levelDB - 10 * log10(Self.meanSquare(vowel))) < 0.3)
    }

    @Test func pausesDoNotLowerTheLevel() throws {
        let speech = Synth.syllables(count: 8, sampleRate: 16_000)
        let padded =
            Synth.silence(duration: 3, sampleRate: 16_000) + speech + Synth.silence(duration: 3, sampleRate: 16_000)
        let a = try #require(ActiveSpeechLevel.measure(speech, sampleRate: 16_000))
        let b = try #require(ActiveSpeechLevel.measure(padded, sampleRate: 16_000))
        #expect(abs(a.levelDB - b.levelDB) < 0.2)
        // The long-term level drops by the padding ratio; the active level does not.
        let longTermDrop = 10 * log10(Self.meanSquare(speech) / Self.meanSquare(padded))
        #expect(longTermDrop > 3)
        #expect(b.activityFactor < a.activityFactor * 0.5)
    }

    @Test func levelFollowsGainExactly() throws {
        let speech = Synth.syllables(count: 6, sampleRate: 16_000)
        let quiet = speech.map { $0 * 0.1 }
        let a = try #require(ActiveSpeechLevel.measure(speech, sampleRate: 16_000))
        let b = try #require(ActiveSpeechLevel.measure(quiet, sampleRate: 16_000))
        #expect(abs((a.levelDB - b.levelDB) - 20) < 0.1)
    }

    @Test func silenceHasNoLevel() {
        #expect(ActiveSpeechLevel.measure(Synth.silence(duration: 1, sampleRate: 16_000), sampleRate: 16_000) == nil)
        #expect(ActiveSpeechLevel.measure([], sampleRate: 16_000) == nil)
    }
}
