import Foundation

/// SplitMix64: a small, fully specified generator, so a seed gives the same stream on every machine
/// (the standard library's generator is neither seedable nor stable across releases). Noise
/// synthesis (reproducible corrupted copies) and model training (reproducible extractors) use it.
public struct SeededRandom: RandomNumberGenerator, Sendable {
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

    /// Standard normal (Box–Muller; one value per call, so the sequence never depends on pairing).
    public mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 1e-300)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// `count` distinct indices of `0..<population`, in ascending order (partial Fisher–Yates).
    public mutating func sample(_ count: Int, of population: Int) -> [Int] {
        guard count < population else { return Array(0..<population) }
        var pool = Array(0..<population)
        for i in 0..<count {
            let j = i + Int(next() % UInt64(population - i))
            pool.swapAt(i, j)
        }
        return pool[0..<count].sorted()
    }
}
