/// The xoshiro256** pseudo-random generator (Blackman & Vigna), seeded through SplitMix64.
///
/// The trainer owns its generator instead of using the system RNG so that the same seed gives the
/// same bagging and feature samples on every platform and Swift version.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose 256-bit state is expanded from `seed` with SplitMix64, as the
    /// xoshiro authors recommend (it never yields the all-zero state).
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// Creates an independent stream for one purpose (bagging, feature sampling, …) so that
    /// turning one kind of sampling on does not shift the random numbers another kind sees.
    init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) built from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift, bias negligible for our bounds
    /// but made exact with rejection so results never depend on platform `random(in:)`).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let threshold = (0 &- b) % b
        while true {
            let x = next()
            let product = x.multipliedFullWidth(by: b)
            if product.low >= threshold {
                return Int(product.high)
            }
        }
    }
}
