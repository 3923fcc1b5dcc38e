import EmovoxFeatures
import Foundation
import Testing

/// `large` functionals on hand-made contours whose answers follow from their definitions.
@Suite struct LargeFunctionalTests {
    static let hop = 0.01

    static func evaluate(_ contour: [Double]) -> [LargeFunctional: Double] {
        let values = LargeFunctional.evaluateAll(contour, hopSeconds: hop)
        #expect(values.count == LargeFunctional.allCases.count)
        return Dictionary(uniqueKeysWithValues: zip(LargeFunctional.allCases, values))
    }

    /// Relative-or-absolute closeness for values computed by sums over ≤ 200 terms (rounding ≈ 1e-12).
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func linearRampHasExactSlopeQuartilesAndLevelTimes() {
        let n = 100
        let f = Self.evaluate((0..<n).map(Double.init))
        #expect(Self.close(f[.mean], 49.5))
        #expect(Self.close(f[.linearSlope], 1))
        #expect(Self.close(f[.linearOffset], 0))
        #expect(Self.close(f[.linearErrorQuadratic], 0))
        #expect(Self.close(f[.quadraticA], 0))
        #expect(Self.close(f[.quadraticB], 1))
        #expect(Self.close(f[.quadraticC], 0))
        // Linear interpolation between order statistics: percentile q of 0…99 is 99·q.
        #expect(Self.close(f[.quartile1], 24.75))
        #expect(Self.close(f[.quartile2], 49.5))
        #expect(Self.close(f[.quartile3], 74.25))
        #expect(Self.close(f[.iqr13], 49.5))
        #expect(Self.close(f[.iqr12], 24.75))
        #expect(Self.close(f[.percentile1], 0.99))
        #expect(Self.close(f[.percentile99], 98.01))
        #expect(Self.close(f[.percentileRange], 97.02))
        #expect(f[.range] == 99 && f[.maxPosition] == 1 && f[.minPosition] == 0)
        // Frames strictly above min + p·range = 99p: 100 − ⌊99p⌋ − 1.
        #expect(f[.upLevelTime25] == 0.75)
        #expect(f[.upLevelTime50] == 0.50)
        #expect(f[.upLevelTime75] == 0.25)
        #expect(f[.upLevelTime90] == 0.10)
        #expect(f[.riseTime] == 1 && f[.fallTime] == 0)
        #expect(f[.peakRate] == 0)
        // One run above the mean: frames 50…99.
        #expect(Self.close(f[.meanSegmentLength], 0.5))
        #expect(Self.close(f[.skewness], 0))
        // Discrete uniform distribution: kurtosis 3 − 6(n² + 1) / (5(n² − 1)).
        let nn = Double(n * n)
        #expect(Self.close(f[.kurtosis], 3 - 6 * (nn + 1) / (5 * (nn - 1))))
        #expect(Self.close(f[.standardDeviation], ((nn - 1) / 12).squareRoot()))
    }

    @Test func parabolaIsRecoveredExactly() {
        let f = Self.evaluate(
            (0..<50).map { (t: Int) -> Double in
                let x = Double(t)
                return 2 * x * x - 3 * x + 5
            })
        #expect(Self.close(f[.quadraticA], 2))
        #expect(Self.close(f[.quadraticB], -3))
        #expect(Self.close(f[.quadraticC], 5))
        #expect(f[.quadraticErrorQuadratic]! < 1e-12 * 2 * 49 * 49)
        #expect(f[.linearErrorQuadratic]! > 0)
    }

    @Test func bernoulliSequenceHasKnownSkewnessAndKurtosis() {
        // Values 0,0,0,0,10 repeated: a Bernoulli(0.2) shape, skewness (1 − 2p)/√(p(1 − p)) = 1.5 and
        // kurtosis 3 + (1 − 6p(1 − p)) / (p(1 − p)) = 3.25, whatever the scale.
        let f = Self.evaluate((0..<40).map { $0 % 5 == 4 ? 10 : 0 })
        #expect(Self.close(f[.skewness], 1.5))
        #expect(Self.close(f[.kurtosis], 3.25))
        #expect(Self.close(f[.mean], 2))
        #expect(Self.close(f[.standardDeviation], 4))
        #expect(f[.quartile3] == 0 && f[.percentile99]! > 9)
        // Peaks at frames 4, 9, …, 34 (the last 10 at frame 39 is an end point, not a peak).
        #expect(Self.close(f[.peakRate], 7 / 0.4))
        #expect(Self.close(f[.peakDistanceMean], 0.05))
        #expect(Self.close(f[.peakDistanceStandardDeviation], 0))
        #expect(Self.close(f[.peakMeanRelative], 8))
        // Runs above the mean are single frames (8 of them, the last at the end).
        #expect(Self.close(f[.meanSegmentLength], 0.01))
        #expect(Self.close(f[.maxSegmentLength], 0.01) && Self.close(f[.minSegmentLength], 0.01))
    }

    @Test func sineContourPeaksOncePerCycle() {
        // 20-frame period over 2 s: 10 peaks, 0.2 s apart, peak value 1 above a zero mean.
        let f = Self.evaluate((0..<200).map { sin(2 * Double.pi * Double($0) / 20) })
        #expect(Self.close(f[.peakRate], 5))
        #expect(Self.close(f[.peakDistanceMean], 0.2))
        #expect(Self.close(f[.peakMeanRelative], 1, 1e-6))
        #expect(Self.close(f[.maxPosition], 5 / 199.0))
    }

    @Test func shortAndEmptyContoursAreMissingOnlyWhereDocumented() {
        let empty = LargeFunctional.evaluateAll([], hopSeconds: Self.hop)
        #expect(empty.allSatisfy { $0.isNaN })
        let constant = Self.evaluate([Double](repeating: 3, count: 10))
        #expect(constant.values.allSatisfy { $0.isFinite })
        #expect(constant[.skewness] == 0 && constant[.upLevelTime25] == 0 && constant[.peakRate] == 0)
        for n in 1..<LargeFunctional.minimumShapeFrames {
            let f = Self.evaluate((0..<n).map { Double($0) * 0.5 })
            for (functional, value) in f {
                #expect(value.isNaN == functional.isShape, "\(functional) = \(value) for \(n) frames")
            }
        }
    }
}
