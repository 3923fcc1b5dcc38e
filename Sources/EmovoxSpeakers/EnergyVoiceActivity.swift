/// Energy-based voice activity detection: a frame is speech when its level is within `dynamicRange`
/// dB of the loud end of the clip (its `referencePercentile`-th percentile), so silence and breath
/// between words are dropped whatever the recording's gain.
public struct EnergyVoiceActivity: Sendable, Hashable, Codable {
    /// How far below the reference level a frame may be and still count as speech, dB.
    public var dynamicRange: Double = 30
    /// Percentile (0…100) of the frame levels taken as the clip's loud end; below 100 so one click
    /// does not set it.
    public var referencePercentile: Double = 95
    /// Fewer speech frames than this and every frame is kept (a clip that is all speech or all
    /// quiet has no contrast to threshold).
    public var minimumFrames: Int = 10

    public init() {}

    /// Indices of the speech frames, ascending, given each frame's level in dB.
    public func speechFrames(levels: [Double]) -> [Int] {
        guard !levels.isEmpty else { return [] }
        let sorted = levels.map { $0.isFinite ? $0 : -1e9 }.sorted()
        let position = Int((referencePercentile / 100 * Double(sorted.count - 1)).rounded())
        let threshold = sorted[min(max(position, 0), sorted.count - 1)] - dynamicRange
        let speech = levels.indices.filter { levels[$0] >= threshold }
        return speech.count >= minimumFrames ? speech : Array(levels.indices)
    }
}
