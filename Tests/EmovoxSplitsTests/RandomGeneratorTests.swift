import EmovoxSplits
import Testing

@Suite("Seeded randomness")
struct RandomGeneratorTests {
    @Test("xoshiro256** seeded via SplitMix64 matches the reference C implementation")
    func matchesReference() {
        // From scripts/splits-xoshiro-reference.c (Vigna's splitmix64.c + xoshiro256starstar.c), seed 42.
        var generator = Xoshiro256StarStar(seed: 42)
        let expected: [UInt64] = [
            0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1,
            0xecb8_ad47_03b3_60a1, 0xfde6_dc7f_e2ec_5e64,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    @Test("Bounded integers are uniform (chi-square, 10 bins, 100k draws)")
    func boundedUniform() {
        var generator = Xoshiro256StarStar(seed: 5, stream: 9)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[generator.next(below: 10)] += 1 }
        let expected = 10_000.0
        let chiSquare = counts.reduce(0.0) { $0 + pow2(Double($1) - expected) / expected }
        // 99.9th percentile of chi-square with 9 degrees of freedom is 27.88.
        #expect(chiSquare < 27.88)
    }

    @Test("Fisher–Yates shuffle is a permutation, seeded, and moves every position")
    func shuffle() {
        var a = Xoshiro256StarStar(seed: 1)
        var b = Xoshiro256StarStar(seed: 1)
        var first = Array(0..<1000)
        var second = Array(0..<1000)
        first.seededShuffle(using: &a)
        second.seededShuffle(using: &b)
        #expect(first == second)
        #expect(first.sorted() == Array(0..<1000))
        // Position 0 should end up holding each of 4 values about equally often.
        var landed = [Int](repeating: 0, count: 4)
        var generator = Xoshiro256StarStar(seed: 2)
        for _ in 0..<8000 {
            var small = [0, 1, 2, 3]
            small.seededShuffle(using: &generator)
            landed[small[0]] += 1
        }
        #expect(landed.allSatisfy { abs($0 - 2000) < 200 })
    }

    private func pow2(_ x: Double) -> Double { x * x }
}
