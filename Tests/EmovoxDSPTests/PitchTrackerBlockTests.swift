import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxDSP

/// `PitchTracker` decimates a long recording block by block instead of holding a whole low-rate copy
/// (issue 12, item 19); the track must not depend on where the blocks start and end.
@Suite struct PitchTrackerBlockTests {
    /// 12 s at 16 kHz: vowels gliding in pitch, digital silence, quiet noise and a louder vowel.
    static let signal: [Float] = {
        let rate = 16_000
        return Synth.vowel(f0: 110, duration: 3, sampleRate: rate, jitter: 0.01, glideTo: 180)
            + Synth.silence(duration: 1.3, sampleRate: rate)
            + Synth.whiteNoise(sigma: 0.01, count: 2 * rate + 77, seed: 7)
            + Synth.vowel(f0: 240, duration: 2.5, sampleRate: rate, amplitude: 0.8, seed: 3, glideTo: 150)
            + Synth.vowel(f0: 90, duration: 3.2, sampleRate: rate, shimmerDB: 0.5, seed: 5)
    }()

    @Test(arguments: [16_000, 48_000])
    func blockwiseDecimationGivesTheWholeSignalTrack(sampleRate: Int) {
        // At 48 kHz the same samples are a 3× slower signal, decimated by a larger factor.
        let tracker = PitchTracker(sampleRate: sampleRate, context: AnalysisContext())
        #expect(tracker.decimation > 1)
        let whole = tracker.track(Self.signal, frames: nil, decimatedBlockLength: Self.signal.count)
        #expect(whole.frequencies.contains { $0 > 0 } && whole.frequencies.contains { $0 == 0 })
        for blockLength in [1, tracker.decimatedFrameLength + 1, 4_099, 1 << 16] {
            let blockwise = tracker.track(Self.signal, frames: nil, decimatedBlockLength: blockLength)
            #expect(blockwise == whole, "block length \(blockLength)")
        }
        // Frames past the end of the signal read zeros, whatever the blocks.
        let frames = whole.frequencies.count + 40
        let padded = tracker.track(Self.signal, frames: frames, decimatedBlockLength: Self.signal.count)
        #expect(tracker.track(Self.signal, frames: frames, decimatedBlockLength: 999) == padded)
    }
}
