import EmovoxDSP
import EmovoxFeatures
import Foundation
import Testing

/// MFCCs against librosa, from the fixture written by `scripts/features_make_mfcc_fixture.py`.
@Suite struct MFCCFixtureTests {
    struct Fixture: Decodable {
        var sampleRate: Int
        var sampleCount: Int
        var coefficientCount: Int
        var melBandCount: Int
        var fmin: Double
        var fmax: Double
        var fftSize: Int
        var hopLength: Int
        var mfcc: [[Double]]
        var delta: [[Double]]
        var delta2: [[Double]]

        enum CodingKeys: String, CodingKey {
            case sampleRate = "sample_rate"
            case sampleCount = "sample_count"
            case coefficientCount = "n_mfcc"
            case melBandCount = "n_mels"
            case fmin, fmax
            case fftSize = "n_fft"
            case hopLength = "hop_length"
            case mfcc, delta, delta2
        }
    }

    static func loadFixture() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(
                forResource: "mfcc_librosa", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The formula of the fixture script's `signal()`.
    static func signal(sampleRate: Int, count: Int) -> [Float] {
        (0..<count).map { n in
            guard n >= 800 else { return 0 }
            let t = Double(n) / Double(sampleRate)
            let x =
                0.4 * sin(2 * Double.pi * 220 * t) + 0.2 * sin(2 * Double.pi * (500 * t + 300 * t * t))
                + 0.1
                * sin(2 * Double.pi * 3100 * t) * (0.5 + 0.5 * sin(2 * Double.pi * 3 * t))
            return Float(x)
        }
    }

    /// "1e-4 relative": |ours − librosa| ≤ 10⁻⁴·max(|librosa|, scale), where `scale` is the mean magnitude
    /// of that frame's coefficient vector (at least 1). A coefficient that happens to sit near zero is
    /// judged relative to its frame: our FFT runs in float32, so bands ~60 dB below a frame's peak carry
    /// ~10⁻⁴ dB of rounding that the DCT spreads over all coefficients of that frame.
    static func close(_ a: Double, _ b: Double, scale: Double = 1) -> Bool {
        abs(a - b) <= 1e-4 * max(abs(b), scale, 1)
    }

    static func configuration(_ f: Fixture) -> MFCCConfiguration {
        var c = MFCCConfiguration()
        c.coefficientCount = f.coefficientCount
        c.melBandCount = f.melBandCount
        c.minFrequency = f.fmin
        c.maxFrequency = f.fmax
        c.frameDuration = Double(f.fftSize) / Double(f.sampleRate)
        c.hopDuration = Double(f.hopLength) / Double(f.sampleRate)
        return c
    }

    @Test func framesAndDeltasMatchLibrosa() throws {
        let f = try Self.loadFixture()
        let analyzer = MFCCAnalyzer(
            configuration: Self.configuration(f), sampleRate: f.sampleRate, context: AnalysisContext())
        let (values, frames) = analyzer.coefficients(
            Self.signal(sampleRate: f.sampleRate, count: f.sampleCount))
        #expect(frames == f.mfcc.count)
        let n = f.coefficientCount
        let delta = MFCCAnalyzer.delta(values, frames: frames, width: n, order: 1)
        let delta2 = MFCCAnalyzer.delta(values, frames: frames, width: n, order: 2)
        var mismatches = 0
        var worst = 0.0
        for t in 0..<min(frames, f.mfcc.count) {
            for i in 0..<n {
                for (ours, reference) in [(values, f.mfcc), (delta, f.delta), (delta2, f.delta2)] {
                    let a = ours[t * n + i]
                    let b = reference[t][i]
                    let scale = reference[t].reduce(0) { $0 + abs($1) } / Double(n)
                    worst = max(worst, abs(a - b) / max(abs(b), scale, 1))
                    if !Self.close(a, b, scale: scale) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0, "worst relative error \(worst)")
    }

    @Test func featureSetSummarizesTheSameFrames() throws {
        let f = try Self.loadFixture()
        let set = try FeatureSets.make(
            name: "mfcc",
            parameters: [
                "n_mfcc": Double(f.coefficientCount), "n_mels": Double(f.melBandCount), "fmin": f.fmin,
                "fmax": f.fmax,
                "frame": Double(f.fftSize) / Double(f.sampleRate),
                "hop": Double(f.hopLength) / Double(f.sampleRate),
            ])
        let values = set.extract(
            Self.signal(sampleRate: f.sampleRate, count: f.sampleCount), sampleRate: f.sampleRate)
        let names = set.featureNames
        #expect(values.count == names.count && names.count == f.coefficientCount * 21)
        for i in [0, 1, 12] {
            let column = f.mfcc.map { $0[i] }
            let mean = column.reduce(0, +) / Double(column.count)
            let index = try #require(names.firstIndex(of: "mfcc\(i)_mean"))
            #expect(Self.close(values[index], mean))
            let maxIndex = try #require(names.firstIndex(of: "mfcc\(i)_max"))
            #expect(Self.close(values[maxIndex], column.max() ?? .nan))
            let deltaIndex = try #require(names.firstIndex(of: "mfcc\(i)_delta_mean"))
            let deltaMean = f.delta.map { $0[i] }.reduce(0, +) / Double(f.delta.count)
            #expect(abs(values[deltaIndex] - deltaMean) <= 1e-4 * max(abs(deltaMean), 1))
        }
    }
}
