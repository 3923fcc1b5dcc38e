import Foundation

/// A small seeded generator (SplitMix64) for noise synthesis: the same seed gives the same stream
/// on every platform, which makes corrupted copies reproducible.
public struct NoiseRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A seed derived from `seed` and a text (a file path, a condition name) by FNV-1a, so every
    /// item gets its own stream whatever order items are processed in.
    public static func seed(_ seed: UInt64, _ parts: String...) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for part in parts {
            for byte in part.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        return hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `0..<bound` (bound > 0).
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
