/// An F0 tracker on a regular frame grid: frame `i` covers samples `i·hop ..< i·hop + frameLength`.
///
/// Implemented by `PitchTracker` (YIN candidates, Praat-style path search) and
/// `SubharmonicSummationPitch` (eGeMAPS' subharmonic summation with Viterbi smoothing), so analyzers can
/// be configured with either.
public protocol FrameF0Tracker: AnyObject {
    /// Analysis frame length and hop in samples.
    var frameLength: Int { get }
    var hop: Int { get }
    /// Tracks F0 over `frames` frames of `signal` (samples past the end read as zero); `nil` for as many
    /// frames as start within the signal.
    func track(_ signal: [Float], frames: Int?) -> PitchTrack
}

extension FrameF0Tracker {
    /// Number of left-aligned frames for `sampleCount` samples (at least one for a non-empty signal).
    public func frameCount(sampleCount: Int) -> Int {
        FrameLayout(frameLength: frameLength, hop: hop, centered: false).frameCount(
            sampleCount: sampleCount)
    }
}

extension PitchTracker: FrameF0Tracker {}
