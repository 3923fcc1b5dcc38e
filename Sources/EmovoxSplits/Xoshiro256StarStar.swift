/// xoshiro256** 1.0 (Blackman & Vigna 2018), the PRNG behind every random choice in a split.
///
/// The algorithm is fixed here rather than taken from the system so that a seed reproduces the
/// same split on every platform and Swift version:
/// - state: four 64-bit words, filled by four successive outputs of SplitMix64 seeded with the
///   (stream-mixed) seed;
/// - output: `rotl(s1 * 5, 7) * 9`;
/// - transition: `t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`.
///
/// Independent streams for different purposes (search restarts, per-speaker shuffles, ...) are
/// derived from one seed by `seed ^ SplitMix64.mix(stream &* φ64 &+ index)` before expansion.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the generator through SplitMix64.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// Seeds an independent stream `(stream, index)` of `seed`.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        self.init(seed: seed ^ SplitMix64.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ index))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject method, so no modulo bias).
    /// `bound` must be positive.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform double in `[0, 1)` from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
