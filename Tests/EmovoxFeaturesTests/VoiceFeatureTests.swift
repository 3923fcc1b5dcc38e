import EmovoxDSP
import EmovoxFeatures
import EmovoxTestSupport
import Foundation
import Testing

/// `gemaps` and `prosody` on signals with known answers.
@Suite struct VoiceFeatureTests {
    static let sampleRate = 16_000

    static func value(_ set: any FeatureSet, _ values: [Double], _ name: String) throws -> Double {
        let index = try #require(set.featureNames.firstIndex(of: name), "no column \(name)")
        return values[index]
    }

    @Test(arguments: [100.0, 200.0, 300.0])
    func f0OfAVowelIsWithinOnePercent(f0: Double) throws {
        let set = try FeatureSets.make(name: "gemaps", parameters: [:])
        let values = set.extract(
            Synth.vowel(f0: f0, duration: 1.0, sampleRate: Self.sampleRate), sampleRate: Self.sampleRate)
        let semitones = try Self.value(set, values, "F0semitoneFrom27.5Hz_sma3nz_percentile50.0")
        let hertz = 27.5 * pow(2, semitones / 12)
        #expect(abs(hertz - f0) / f0 < 0.01)
        let prosody = try FeatureSets.make(name: "prosody", parameters: [:])
        let p = prosody.extract(
            Synth.vowel(f0: f0, duration: 1.0, sampleRate: Self.sampleRate), sampleRate: Self.sampleRate)
        let mean = 27.5 * pow(2, try Self.value(prosody, p, "F0semitone_mean") / 12)
        #expect(abs(mean - f0) / f0 < 0.01)
        // A steady vowel is one voiced segment.
        #expect(try Self.value(prosody, p, "voicedSegment_count") == 1)
    }

    /// `shs_pitch = 0` keeps the YIN tracker of `gemaps` ≤ 3 available; both find a steady vowel's F0, and
    /// the choice is part of the cache identity.
    @Test func bothPitchTrackersFindTheF0() throws {
        let vowel = Synth.vowel(f0: 150, duration: 1.0, sampleRate: Self.sampleRate)
        let shs = try FeatureSets.make(name: "gemaps", parameters: [:])
        let yin = try FeatureSets.make(name: "gemaps", parameters: ["shs_pitch": 0])
        #expect(shs.canonicalParameters.contains("shs_pitch=1"))
        #expect(yin.canonicalParameters.contains("shs_pitch=0"))
        for set in [shs, yin] {
            let semitones = try Self.value(
                set, set.extract(vowel, sampleRate: Self.sampleRate), "F0semitoneFrom27.5Hz_sma3nz_amean")
            #expect(abs(27.5 * pow(2, semitones / 12) - 150) / 150 < 0.01)
        }
    }

    /// With `opensmile_formants = 0` the formants are the model's resonances, within 10 %. The default
    /// follows openSMILE's `cFormantLpc`, which solves `A(z) = 2` and reads this vowel's F1 low (≈ 670 Hz
    /// at 16 kHz; openSMILE itself reads 369 Hz here, see `GemapsRateTests`).
    @Test func formantsOfAVowelAreWithinTenPercent() throws {
        let vowel = Synth.vowel(f0: 120, duration: 1.0, sampleRate: Self.sampleRate)
        let set = try FeatureSets.make(name: "gemaps", parameters: ["opensmile_formants": 0])
        let values = set.extract(vowel, sampleRate: Self.sampleRate)
        let f1 = try Self.value(set, values, "F1frequency_sma3nz_amean")
        #expect(abs(f1 - 700) / 700 < 0.10)
        #expect(abs(try Self.value(set, values, "F2frequency_sma3nz_amean") - 1_220) / 1_220 < 0.10)
        let openSMILE = try FeatureSets.make(name: "gemaps", parameters: [:])
        let o = openSMILE.extract(vowel, sampleRate: Self.sampleRate)
        let f1o = try Self.value(openSMILE, o, "F1frequency_sma3nz_amean")
        #expect(f1o < f1)
    }

    @Test func voiceQualityTracksInjectedPerturbation() throws {
        let set = try FeatureSets.make(name: "gemaps", parameters: [:])
        let rough = set.extract(
            Synth.vowel(f0: 120, duration: 2.0, sampleRate: Self.sampleRate, jitter: 0.02, shimmerDB: 1),
            sampleRate: Self.sampleRate)
        let clean = set.extract(
            Synth.vowel(f0: 120, duration: 2.0, sampleRate: Self.sampleRate), sampleRate: Self.sampleRate)
        // Synth.vowel jitters pulse onsets of period-stretched pulses, so the closure-to-closure local
        // jitter it produces is √(2/π)·√0.74·σ ≈ 0.686·σ; shimmer is 2/√π·σ_dB (see EmovoxDSPTests'
        // synthVowelPerturbationFollowsItsPulseModel). Both within a quarter of the expectation.
        let expectedJitter = (2 / Double.pi).squareRoot() * 0.74.squareRoot() * 0.02
        let jitter = try Self.value(set, rough, "jitterLocal_sma3nz_amean")
        #expect(abs(jitter - expectedJitter) <= 0.25 * expectedJitter)
        let shimmer = try Self.value(set, rough, "shimmerLocaldB_sma3nz_amean")
        #expect(abs(shimmer - 2 / Double.pi.squareRoot()) <= 0.25)
        #expect(
            try Self.value(set, clean, "HNRdBACF_sma3nz_amean")
                > Self.value(set, rough, "HNRdBACF_sma3nz_amean"))
    }

    /// Loudness ∝ (band power)^0.33 (`AuditoryLoudness`): 20 dB less level is 10^(−0.66) ≈ 0.219 × the
    /// loudness; energy and equivalent sound level drop by exactly 20 dB.
    @Test func toneLevelsFollowTheLoudnessAndEnergyLaws() throws {
        let gemaps = try FeatureSets.make(name: "gemaps", parameters: [:])
        let prosody = try FeatureSets.make(name: "prosody", parameters: [:])
        func tone(dBFS: Double) -> [Float] {
            // Peak amplitude for the given RMS level re full-scale sine (RMS 1/√2 = 0 dBFS).
            Synth.sine(
                frequency: 1_000, amplitude: pow(10, dBFS / 20), duration: 0.5, sampleRate: Self.sampleRate)
        }
        let loud = gemaps.extract(tone(dBFS: -20), sampleRate: Self.sampleRate)
        let quiet = gemaps.extract(tone(dBFS: -40), sampleRate: Self.sampleRate)
        let ratio =
            try Self.value(gemaps, loud, "loudness_sma3_amean")
            / Self.value(gemaps, quiet, "loudness_sma3_amean")
        #expect(abs(ratio - pow(10, 0.66)) / pow(10, 0.66) < 0.01)
        let leq =
            try Self.value(gemaps, loud, "equivalentSoundLevel_dBp")
            - Self.value(gemaps, quiet, "equivalentSoundLevel_dBp")
        #expect(abs(leq - 20) < 0.01)
        let p1 = prosody.extract(tone(dBFS: -20), sampleRate: Self.sampleRate)
        let p2 = prosody.extract(tone(dBFS: -40), sampleRate: Self.sampleRate)
        #expect(
            abs(
                try Self.value(prosody, p1, "rmsEnergyDB_p50") - Self.value(prosody, p2, "rmsEnergyDB_p50")
                    - 20) < 0.01)
    }

    /// Columns documented as defined for every non-empty signal.
    static func alwaysDefined(_ set: any FeatureSet) -> [String] {
        switch set.name {
        case "large":
            return LargeFeatureSet.alwaysDefinedNames
        case "gemaps":
            return set.featureNames.filter {
                ($0.hasPrefix("loudness_sma3") && !$0.contains("Slope"))
                    || $0.hasPrefix("spectralFlux_sma3")
                    || ($0.hasPrefix("mfcc") && $0.contains("_sma3_"))
                    || ["loudnessPeaksPerSec", "VoicedSegmentsPerSec", "equivalentSoundLevel_dBp"].contains(
                        $0)
            }
        case "prosody":
            return set.featureNames.filter {
                $0.hasPrefix("loudness_") || $0.hasPrefix("rmsEnergyDB_") || $0.hasPrefix("duration_")
                    || $0.hasSuffix("Segment_count") || $0.hasPrefix("speakingRate")
            }
        default:
            return set.featureNames
        }
    }

    static func awkwardSignals() -> [(String, [Float])] {
        let sr = Self.sampleRate
        var clicks = Synth.silence(duration: 0.5, sampleRate: sr)
        for i in stride(from: 400, to: clicks.count, by: 2_000) { clicks[i] = 0.9 }
        let clipped = Synth.vowel(f0: 150, duration: 0.5, sampleRate: sr, amplitude: 4).map {
            min(max($0, -1), 1)
        }
        let offset = Synth.vowel(f0: 150, duration: 0.5, sampleRate: sr).map { $0 + 0.3 }
        return [
            ("silence", Synth.silence(duration: 0.5, sampleRate: sr)),
            ("clicks", clicks),
            ("50 ms vowel", Synth.vowel(f0: 200, duration: 0.05, sampleRate: sr)),
            ("5 ms noise", Synth.whiteNoise(sigma: 0.1, count: 80, seed: 2)),
            ("clipped", clipped),
            ("DC offset", offset),
            ("constant", [Float](repeating: 0.5, count: 4_000)),
        ]
    }

    @Test func awkwardSignalsGiveFiniteNonPitchFeatures() throws {
        let context = AnalysisContext()
        for name in FeatureSets.names {
            let set = try FeatureSets.make(name: name, parameters: [:])
            let required = Self.alwaysDefined(set)
            #expect(!required.isEmpty)
            for (label, signal) in Self.awkwardSignals() {
                let values = set.extract(signal, sampleRate: Self.sampleRate, context: context)
                #expect(values.count == set.featureNames.count)
                for column in required {
                    let v = try Self.value(set, values, column)
                    #expect(v.isFinite, "\(name) \(column) is \(v) for \(label)")
                }
                #expect(values.allSatisfy { !$0.isInfinite }, "\(name) has an infinite value for \(label)")
            }
        }
    }

    @Test func silenceHasMissingPitchNotZeroPitch() throws {
        let silence = Synth.silence(duration: 0.5, sampleRate: Self.sampleRate)
        let gemaps = try FeatureSets.make(name: "gemaps", parameters: [:])
        let g = gemaps.extract(silence, sampleRate: Self.sampleRate)
        for column in gemaps.featureNames
        where column.hasPrefix("F0semitone") || column.contains("jitter") {
            #expect(try Self.value(gemaps, g, column).isNaN, "\(column)")
        }
        #expect(try Self.value(gemaps, g, "VoicedSegmentsPerSec") == 0)
        let prosody = try FeatureSets.make(name: "prosody", parameters: [:])
        let p = prosody.extract(silence, sampleRate: Self.sampleRate)
        #expect(try Self.value(prosody, p, "F0semitone_mean").isNaN)
        #expect(try Self.value(prosody, p, "duration_voiced") == 0)
    }

    @Test func emptySignalIsAllMissing() throws {
        for name in FeatureSets.names {
            let set = try FeatureSets.make(name: name, parameters: [:])
            let values = set.extract([], sampleRate: Self.sampleRate)
            #expect(values.count == set.featureNames.count && values.allSatisfy { $0.isNaN })
        }
    }

    @Test func reusedContextGivesIdenticalResults() throws {
        let signal = Synth.vowel(
            f0: 180, duration: 0.4, sampleRate: Self.sampleRate, jitter: 0.01, shimmerDB: 0.5)
        let context = AnalysisContext()
        for name in FeatureSets.names {
            let set = try FeatureSets.make(name: name, parameters: [:])
            let fresh = set.extract(signal, sampleRate: Self.sampleRate)
            _ = set.extract(
                Synth.whiteNoise(sigma: 0.2, count: 3_000, seed: 9), sampleRate: Self.sampleRate,
                context: context)
            let reused = set.extract(signal, sampleRate: Self.sampleRate, context: context)
            #expect(zip(fresh, reused).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }
}
