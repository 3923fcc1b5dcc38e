import EmovoxTestSupport
import Testing

@testable import EmovoxPipeline

/// The audio payload of cache entries: 16-bit-exact signals packed losslessly at two bytes per
/// sample, everything else kept as float32, both read back bit for bit.
@Suite struct CacheEntryCodingTests {
    static func roundTrip(_ samples: [Float]) throws -> (decoded: [Float], bytes: Int) {
        let entry = CacheEntry(
            metadata: SampleMetadata(), features: [], audio: .inline(samples: samples, sampleRate: 48_000))
        let bytes = entry.encode()
        var reader = ByteReader(bytes)
        let decoded = try #require(CacheEntry.decode(&reader))
        guard case .inline(let values, let rate) = decoded.audio else {
            Issue.record("audio is not inline")
            return ([], bytes.count)
        }
        #expect(rate == 48_000)
        return (values, bytes.count)
    }

    /// 16-bit values over the whole range, including both extremes, in a length that is not a
    /// multiple of the eight vector lanes.
    static func pcm16Signal(count: Int = 1_003) -> [Float] {
        var random = SplitMix64(seed: 11)
        var x = (0..<count).map { _ in Float(Int16(truncatingIfNeeded: random.next())) / 32_768 }
        x[3] = -1
        x[count - 1] = Float(Int16.max) / 32_768
        return x
    }

    @Test func sixteenBitSignalsArePackedLosslessly() throws {
        let x = Self.pcm16Signal()
        let small = try Self.roundTrip(x)
        #expect(small.decoded.map(\.bitPattern) == x.map(\.bitPattern))
        var y = x
        y[0] = 0.1  // one sample that is not k/32768 makes the whole signal float32
        let large = try Self.roundTrip(y)
        #expect(large.decoded.map(\.bitPattern) == y.map(\.bitPattern))
        #expect(large.bytes - small.bytes == 2 * x.count)
    }

    /// Values with no exact 16-bit form, in the vectorized body (index 5) and in the tail
    /// (index 1,001), must each fall back to float32 and read back bit for bit.
    @Test(arguments: [Float(-0.0), .nan, 1, -1.5 / 32_768, 1e-9, .infinity])
    func valuesWithoutAnExactSixteenBitFormAreKeptAsFloats(value: Float) throws {
        for index in [5, 1_001] {
            var x = Self.pcm16Signal()
            x[index] = value
            let (decoded, bytes) = try Self.roundTrip(x)
            #expect(decoded.map(\.bitPattern) == x.map(\.bitPattern), "\(value) at \(index)")
            #expect(bytes > 4 * x.count, "\(value) at \(index) was packed as 16-bit")
        }
    }
}
