/// Smooths a frame's spectral gains across frequency with a triangular kernel: isolated gain peaks
/// in noise-only regions (the source of "musical noise") are spread and lowered, while the broad
/// gains over speech harmonics change little.
public struct GainSmoothing: Sendable, Equatable, Hashable {
    /// Half-width of the kernel in bins; 0 leaves gains as they are.
    public var halfWidth: Int

    public init(halfWidth: Int) { self.halfWidth = max(0, halfWidth) }

    /// The smoothed gains (edges use the part of the kernel that fits).
    public func apply(_ gains: [Float]) -> [Float] {
        guard halfWidth > 0, gains.count > 1 else { return gains }
        var out = gains
        for k in gains.indices {
            var sum: Float = 0
            var weights: Float = 0
            for d in -halfWidth...halfWidth {
                let j = k + d
                guard j >= 0, j < gains.count else { continue }
                let w = Float(halfWidth + 1 - abs(d))
                sum += w * gains[j]
                weights += w
            }
            out[k] = sum / weights
        }
        return out
    }
}
