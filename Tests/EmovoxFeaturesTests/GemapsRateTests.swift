import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxFeatures

/// `gemaps` on the same synthetic signals at 16, 22.05, 44.1 and 48 kHz: what does not depend on the
/// sampling rate must not change with it, and `stddevNorm` follows openSMILE's sign convention.
@Suite struct GemapsRateTests {
    static let rates = [16_000, 22_050, 44_100, 48_000]

    /// `gemaps` columns of `signal(rate)` at every rate.
    static func columns(
        _ signal: (Int) -> [Float], parameters: [String: Double] = [:]
    ) throws -> [Int: [String: Double]] {
        let set = try FeatureSets.make(name: "gemaps", parameters: parameters)
        var out = [Int: [String: Double]]()
        for rate in rates {
            let values = set.extract(signal(rate), sampleRate: rate)
            out[rate] = Dictionary(uniqueKeysWithValues: zip(set.featureNames, values))
        }
        return out
    }

    /// Largest minus smallest value of `column` over the rates (`nan` if any is missing).
    static func range(_ byRate: [Int: [String: Double]], _ column: String) -> Double {
        let values = rates.map { byRate[$0]?[column] ?? .nan }
        guard values.allSatisfy(\.isFinite) else { return .nan }
        return values.max()! - values.min()!
    }

    /// A vowel gliding 140 → 180 Hz.
    static func glide(_ rate: Int) -> [Float] {
        Synth.vowel(f0: 140, duration: 1.0, sampleRate: rate, glideTo: 180)
    }

    @Test func rateIndependentQuantitiesAgreeAcrossRates() throws {
        let g = try Self.columns(Self.glide)
        // Pitch and voicing.
        #expect(Self.range(g, "F0semitoneFrom27.5Hz_sma3nz_amean") < 0.1)
        #expect(Self.range(g, "F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2") < 0.2)
        #expect(Self.range(g, "VoicedSegmentsPerSec") < 0.02)
        // Energy ratios between fixed frequency bands (dB) and harmonic levels (dB). The Hammarberg
        // index compares the strongest bins, which moves with where the bins fall on the harmonics.
        #expect(Self.range(g, "alphaRatioV_sma3nz_amean") < 1.0)
        #expect(Self.range(g, "hammarbergIndexV_sma3nz_amean") < 3)
        #expect(Self.range(g, "logRelF0-H1-H2_sma3nz_amean") < 1.5)
    }

    /// The model's own resonances (`opensmile_formants = 0`) find the vowel's F1 and F2 at every rate.
    @Test func resonanceFormantsAgreeAcrossRates() throws {
        let g = try Self.columns(
            { Synth.vowel(f0: 120, duration: 1.0, sampleRate: $0) }, parameters: ["opensmile_formants": 0])
        for rate in Self.rates {
            let f1 = try #require(g[rate]?["F1frequency_sma3nz_amean"])
            let f2 = try #require(g[rate]?["F2frequency_sma3nz_amean"])
            #expect(abs(f1 - 700) / 700 < 0.1, "F1 \(f1) Hz at \(rate) Hz")
            #expect(abs(f2 - 1_220) / 1_220 < 0.1, "F2 \(f2) Hz at \(rate) Hz")
        }
    }

    /// eGeMAPS' formant chain is rate-dependent by design (its 11 kHz resampling keeps ≈ 3.4 kHz of the
    /// spectrum at 16 kHz, ≈ 4.7–5.1 kHz above), and `gemaps` follows it: openSMILE eGeMAPSv02 (Python
    /// `opensmile` 2.6) reads this vowel's mean F1 as 588, 603 and 614 Hz at 22.05, 44.1 and 48 kHz, and
    /// F2 as 1457, 1469 and 1472 Hz. (At 16 kHz openSMILE reads 369 / 1266 Hz on this noiseless vowel and
    /// `gemaps` ≈ 670 / 1520 Hz, although on speech the two agree frame by frame — see the README.)
    @Test func openSMILEFormantChainFollowsOpenSMILE() throws {
        let rates = [22_050, 44_100, 48_000]
        let g = try Self.columns { Synth.vowel(f0: 120, duration: 1.0, sampleRate: $0) }
        let openSMILE: [Int: (f1: Double, f2: Double)] = [
            22_050: (588, 1_457), 44_100: (603, 1_469), 48_000: (614, 1_472),
        ]
        for rate in rates {
            let f1 = try #require(g[rate]?["F1frequency_sma3nz_amean"])
            let f2 = try #require(g[rate]?["F2frequency_sma3nz_amean"])
            let reference = try #require(openSMILE[rate])
            #expect(abs(f1 - reference.f1) / reference.f1 < 0.1, "F1 \(f1) Hz at \(rate) Hz")
            #expect(abs(f2 - reference.f2) / reference.f2 < 0.1, "F2 \(f2) Hz at \(rate) Hz")
        }
    }

    /// openSMILE's `stddevNorm` (as eGeMAPS configures it) divides by the signed mean: every
    /// `_stddevNorm` column has the sign of its `_amean`, and this vowel has negative-mean columns.
    @Test func stddevNormHasTheSignOfTheMean() throws {
        let g = try Self.columns(Self.glide)
        for rate in Self.rates {
            let values = try #require(g[rate])
            var negative = 0
            for (name, variation) in values where name.hasSuffix("_stddevNorm") {
                let mean = try #require(values[name.replacingOccurrences(of: "_stddevNorm", with: "_amean")])
                guard mean.isFinite, variation.isFinite, mean != 0, variation != 0 else { continue }
                #expect((variation < 0) == (mean < 0), "\(name) = \(variation), mean \(mean) at \(rate) Hz")
                if mean < 0 { negative += 1 }
            }
            #expect(negative >= 3, "only \(negative) negative-mean columns at \(rate) Hz")
        }
    }

    @Test func normalizedStandardDeviationIsSigned() {
        #expect(Statistics.normalizedStandardDeviation([1, 3]) == 0.5)
        #expect(Statistics.normalizedStandardDeviation([-1, -3]) == -0.5)
        // A zero mean divides by 1 (openSMILE), a constant contour has no variation.
        #expect(Statistics.normalizedStandardDeviation([-1, 1]) == 1)
        #expect(Statistics.normalizedStandardDeviation([2, 2]) == 0)
        #expect(Statistics.normalizedStandardDeviation([]).isNaN)
    }

    /// `cFunctionalSegments`' rules: a segment needs 3 frames to start and 2 to end, so the 2-frame voiced
    /// blip is no segment, and lengths count one frame less than the segment spans.
    @Test func segmentsFollowOpenSMILEsRules() {
        let voiced = [true, true, true, true, false, false, true, true, false, false, false, true, true, true]
        #expect(ContourSegments(count: voiced.count) { voiced[$0] }.lengths == [3, 2])
        #expect(ContourSegments(count: voiced.count) { !voiced[$0] }.lengths == [2])
    }
}
