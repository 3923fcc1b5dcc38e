/// How a signal is cut into overlapping frames.
///
/// Frame `i` starts at sample `i·hop + offset`, where `offset` is `−frameLength/2` for centered
/// framing (librosa's `center=True`) and `0` otherwise (openSMILE's `frameCenterSpecial = left`).
/// Samples outside the signal read as zero, so every frame has exactly `frameLength` samples.
public struct FrameLayout: Sendable, Hashable {
    /// Samples per frame.
    public var frameLength: Int
    /// Samples between frame starts.
    public var hop: Int
    /// Whether frame `i` is centered on sample `i·hop` (zero-padded at both ends).
    public var centered: Bool

    public init(frameLength: Int, hop: Int, centered: Bool) {
        precondition(frameLength >= 1 && hop >= 1)
        self.frameLength = frameLength
        self.hop = hop
        self.centered = centered
    }

    /// Frames for `sampleCount` samples.
    ///
    /// Centered: `1 + sampleCount / hop` (librosa's count). Left-aligned: the frames that fit entirely,
    /// but at least one (zero-padded) frame for any non-empty signal, so short clips still produce a
    /// measurement instead of nothing.
    public func frameCount(sampleCount: Int) -> Int {
        if sampleCount <= 0 { return 0 }
        if centered { return 1 + sampleCount / hop }
        if sampleCount < frameLength { return 1 }
        return 1 + (sampleCount - frameLength) / hop
    }

    /// First sample index of frame `index` (may be negative when centered).
    public func start(ofFrame index: Int) -> Int {
        index * hop - (centered ? frameLength / 2 : 0)
    }

    /// Copies frame `index` of `signal` into `output` (`frameLength` long), multiplying by `window`
    /// when given, zero-filling outside the signal.
    public func copyFrame(
        _ index: Int, of signal: UnsafeBufferPointer<Float>, window: UnsafeBufferPointer<Float>?,
        into output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(output.count >= frameLength)
        let first = start(ofFrame: index)
        let lo = max(0, -first)
        let hi = min(frameLength, signal.count - first)
        if lo > 0 { for i in 0..<min(lo, frameLength) { output[i] = 0 } }
        if hi < frameLength { for i in max(hi, 0)..<frameLength { output[i] = 0 } }
        guard lo < hi else { return }
        if let window {
            for i in lo..<hi { output[i] = signal[first + i] * window[i] }
        } else {
            for i in lo..<hi { output[i] = signal[first + i] }
        }
    }
}
