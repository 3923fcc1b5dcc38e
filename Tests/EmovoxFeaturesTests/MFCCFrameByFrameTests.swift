import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxFeatures

/// `mfcc` analyses a long recording frame by frame, without a log-mel matrix or delta matrices over the
/// whole clip (issue 12, item 19); its values must stay bit-identical to the whole-matrix computation.
@Suite struct MFCCFrameByFrameTests {
    static let sampleRate = 16_000

    /// 9 s: a vowel, digital silence (log-mel bands far below the 80 dB floor), quiet noise (near it), a
    /// loud vowel that raises the floor late in the clip.
    static let signal: [Float] =
        Synth.vowel(f0: 130, duration: 2, sampleRate: sampleRate, amplitude: 0.05, glideTo: 200)
        + Synth.silence(duration: 1.5, sampleRate: sampleRate)
        + Synth.whiteNoise(sigma: 0.0005, count: 2 * sampleRate + 31, seed: 11)
        + Synth.vowel(f0: 220, duration: 3.5, sampleRate: sampleRate, amplitude: 0.9, seed: 4, glideTo: 160)

    /// The whole-clip computation: every frame's log-mel bands kept, floored at 80 dB below the loudest,
    /// then transformed. Returns the coefficients and how many bands the floor raised.
    static func wholeMatrixCoefficients(_ analyzer: MFCCAnalyzer, _ signal: [Float]) -> ([Double], Int) {
        let frames = analyzer.layout.frameCount(sampleCount: signal.count)
        let bands = analyzer.configuration.melBandCount
        let n = analyzer.configuration.coefficientCount
        var frame = [Float](repeating: 0, count: analyzer.layout.frameLength)
        var power = [Float](repeating: 0, count: analyzer.fft.binCount)
        var mel = [Double](repeating: 0, count: bands)
        var logMel = [Double](repeating: 0, count: frames * bands)
        var maxDB = -Double.infinity
        for t in 0..<frames {
            signal.withUnsafeBufferPointer { s in
                analyzer.window.withUnsafeBufferPointer { w in
                    frame.withUnsafeMutableBufferPointer { analyzer.layout.copyFrame(t, of: s, window: w, into: $0) }
                }
            }
            frame.withUnsafeBufferPointer { f in
                power.withUnsafeMutableBufferPointer { analyzer.fft.powerSpectrum(f, into: $0) }
            }
            power.withUnsafeBufferPointer { p in
                mel.withUnsafeMutableBufferPointer { analyzer.filterbank.apply(p, into: $0) }
            }
            for b in 0..<bands {
                logMel[t * bands + b] = 10 * log10(max(mel[b], 1e-10))
                maxDB = max(maxDB, logMel[t * bands + b])
            }
        }
        let floored = logMel.filter { $0 < maxDB - 80 }.count
        logMel = logMel.map { max($0, maxDB - 80) }
        var result = [Double](repeating: 0, count: frames * n)
        logMel.withUnsafeBufferPointer { l in
            result.withUnsafeMutableBufferPointer { r in
                for t in 0..<frames {
                    analyzer.dct.apply(
                        UnsafeBufferPointer(rebasing: l[(t * bands)..<((t + 1) * bands)]),
                        into: UnsafeMutableBufferPointer(rebasing: r[(t * n)..<((t + 1) * n)]))
                }
            }
        }
        return (result, floored)
    }

    @Test func coefficientsMatchTheWholeMatrixComputation() {
        let analyzer = MFCCAnalyzer(configuration: .init(), sampleRate: Self.sampleRate, context: AnalysisContext())
        let (reference, floored) = Self.wholeMatrixCoefficients(analyzer, Self.signal)
        #expect(floored > 1_000, "the clip must exercise the floor")
        let (values, frames) = analyzer.coefficients(Self.signal)
        #expect(frames == analyzer.layout.frameCount(sampleCount: Self.signal.count))
        #expect(values.map(\.bitPattern) == reference.map(\.bitPattern))
    }

    @Test func columnDeltasMatchTheMatrixDeltas() {
        let analyzer = MFCCAnalyzer(configuration: .init(), sampleRate: Self.sampleRate, context: AnalysisContext())
        let n = analyzer.configuration.coefficientCount
        for frames in [1, 2, 4, 7, 200] {
            let values = Array(analyzer.coefficients(Self.signal).values.prefix(frames * n))
            for order in 1...2 {
                let matrix = MFCCAnalyzer.delta(values, frames: frames, width: n, order: order)
                var column = [Double](repeating: .nan, count: frames)
                for c in 0..<n {
                    MFCCAnalyzer.delta(values, frames: frames, width: n, column: c, order: order, into: &column)
                    #expect(column == (0..<frames).map { matrix[$0 * n + c] }, "frames \(frames), order \(order)")
                }
            }
        }
    }

    @Test func featureSetSummarizesTheWholeMatrixStreams() throws {
        let set = try FeatureSets.make(name: "mfcc", parameters: [:])
        let values = set.extract(Self.signal, sampleRate: Self.sampleRate)
        let analyzer = MFCCAnalyzer(configuration: .init(), sampleRate: Self.sampleRate, context: AnalysisContext())
        let (mfcc, _) = Self.wholeMatrixCoefficients(analyzer, Self.signal)
        let n = analyzer.configuration.coefficientCount
        let frames = mfcc.count / n
        let streams = [
            mfcc, MFCCAnalyzer.delta(mfcc, frames: frames, width: n, order: 1),
            MFCCAnalyzer.delta(mfcc, frames: frames, width: n, order: 2),
        ]
        var expected = [Double]()
        for i in 0..<n {
            for stream in streams {
                let column = (0..<frames).map { stream[$0 * n + i] }
                let sorted = column.sorted()
                expected += [
                    Statistics.mean(column), Statistics.standardDeviation(column), sorted[0], sorted[frames - 1],
                    Statistics.percentile(sorted: sorted, 0.1), Statistics.percentile(sorted: sorted, 0.5),
                    Statistics.percentile(sorted: sorted, 0.9),
                ]
            }
        }
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
