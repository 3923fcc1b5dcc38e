import Testing

@testable import EmovoxPipeline

@Suite struct XXHash64Tests {
    /// Digests from the reference implementation (Python `xxhash` 3.x, `xxh64(data, seed=0)`),
    /// covering the short paths (0, 1, 3 bytes), the 8/4/1-byte tails, and the 32-byte stripes.
    @Test func matchesTheReferenceImplementation() {
        let cases: [([UInt8], UInt64)] = [
            ([], 0xEF46_DB37_51D8_E999),
            (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B),
            (Array("abc".utf8), 0x44BC_2CF5_AD77_0999),
            (Array("Nobody inspects the spammish repetition".utf8), 0xFBCE_A83C_8A37_8BF1),
            (Array((0..<3).flatMap { _ in (0...255).map { UInt8($0) } }) + Array("xyz".utf8), 0xE921_A1B4_5BD7_79F8),
        ]
        for (bytes, expected) in cases {
            #expect(bytes.withUnsafeBytes { XXHash64.hash($0) } == expected, "\(bytes.count) bytes")
        }
    }

    @Test func digestingInPiecesEqualsDigestingTheWhole() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let whole = bytes.withUnsafeBytes { XXHash64.hash($0) }
        for cuts in [[0], [1], [31], [32], [33], [7, 40], [5, 6, 7, 100, 299], [64, 64, 300]] {
            var state = XXHash64.Streaming()
            var start = 0
            for end in cuts + [bytes.count] where end >= start {
                bytes[start..<end].withUnsafeBytes { state.update($0) }
                start = end
            }
            #expect(state.digest() == whole, "cuts \(cuts)")
        }
    }
}
