import EmovoxDSP
import EmovoxTestSupport
import Testing

@Suite struct SampleKernelsTests {
    /// Every length around the eight-lane width and ranges that start and end off the lanes.
    @Test func agreeWithPlainLoops() {
        var random = SplitMix64(seed: 3)
        for count in 0..<40 {
            let x = (0..<count).map { _ in Float(random.nextGaussian()) }
            x.withUnsafeBufferPointer { buffer in
                for lower in [0, 1, 3] where lower <= count {
                    let range = lower..<max(lower, count - lower)
                    let expected = x[range].reduce(0.0) { $0 + Double($1) * Double($1) }
                    let measured = SampleKernels.sumOfSquares(buffer, range)
                    #expect(abs(measured - expected) <= 1e-12 * max(1, expected), "\(count) \(range)")
                }
                #expect(SampleKernels.peakMagnitude(buffer) == x.map { abs($0) }.max() ?? 0)
            }
        }
    }

    @Test func peakOfANegativeExtremeIsItsMagnitude() {
        var x = [Float](repeating: 0.25, count: 19)
        x[9] = -0.75
        #expect(x.withUnsafeBufferPointer { SampleKernels.peakMagnitude($0) } == 0.75)
        x[17] = -0.9
        #expect(x.withUnsafeBufferPointer { SampleKernels.peakMagnitude($0) } == 0.9)
    }
}
