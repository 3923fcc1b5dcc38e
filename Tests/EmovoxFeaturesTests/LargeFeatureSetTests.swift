import EmovoxDSP
import EmovoxFeatures
import EmovoxTestSupport
import Foundation
import Testing

/// `large` on signals with known answers.
@Suite struct LargeFeatureSetTests {
    static let sampleRate = 16_000

    static func value(_ values: [Double], _ name: String) throws -> Double {
        let index = try #require(LargeFeatureSet.names.firstIndex(of: name), "no column \(name)")
        return values[index]
    }

    @Test func namesAreGeneratedUniqueAndMatchTheValues() throws {
        let set = try FeatureSets.make(name: "large", parameters: [:])
        let names = set.featureNames
        #expect(set.name == "large" && set.version == 1)
        #expect(set.canonicalParameters == "f0_max=1000,f0_min=55")
        #expect(Set(names).count == names.count)
        #expect(
            names.count == LargeFeatureSet.descriptors.count * 2 * LargeFeatureSet.functionals.count)
        #expect((4_000...6_500).contains(names.count))
        #expect(names.contains("mfcc3_sma_de_quartile2") && names.contains("pcm_loudness_sma_iqr1-3"))
        #expect(names.contains("F0semitone_sma_amean") && names.contains("logMelFreqBand25_sma_de_qregc1"))
        let values = set.extract(Synth.whiteNoise(sigma: 0.1, count: 8_000, seed: 3), sampleRate: Self.sampleRate)
        #expect(values.count == names.count)
        #expect(throws: FeatureSetError.self) { try FeatureSets.make(name: "large", parameters: ["hop": 0.01]) }
    }

    @Test func extractionIsDeterministicAcrossContexts() {
        let set = LargeFeatureSet()
        let signal = Synth.vowel(f0: 160, duration: 0.6, sampleRate: Self.sampleRate, jitter: 0.01, shimmerDB: 0.5)
        let fresh = set.extract(signal, sampleRate: Self.sampleRate)
        let context = AnalysisContext()
        _ = set.extract(
            Synth.whiteNoise(sigma: 0.3, count: 20_000, seed: 5), sampleRate: Self.sampleRate, context: context)
        let reused = set.extract(signal, sampleRate: Self.sampleRate, context: context)
        #expect(fresh.count == reused.count)
        #expect(zip(fresh, reused).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    @Test func higherToneMovesCentroidAndRollOff() throws {
        let set = LargeFeatureSet()
        let context = AnalysisContext()
        let low = set.extract(
            Synth.sine(frequency: 440, duration: 0.5, sampleRate: Self.sampleRate), sampleRate: Self.sampleRate,
            context: context)
        let high = set.extract(
            Synth.sine(frequency: 880, duration: 0.5, sampleRate: Self.sampleRate), sampleRate: Self.sampleRate,
            context: context)
        #expect(
            try Self.value(high, "pcm_fftMag_spectralCentroid_sma_amean")
                > Self.value(low, "pcm_fftMag_spectralCentroid_sma_amean") + 200)
        // Nearly all power of a steady tone lies in its main lobe: the 50 % roll-off is the tone's bin,
        // within one bin (16 kHz / 512 = 31.25 Hz).
        #expect(abs(try Self.value(low, "pcm_fftMag_spectralRollOff50.0_sma_amean") - 440) <= 31.25)
        #expect(abs(try Self.value(high, "pcm_fftMag_spectralRollOff50.0_sma_amean") - 880) <= 31.25)
        #expect(
            try Self.value(high, "pcm_fftMag_spectralRollOff90.0_sma_amean")
                > Self.value(low, "pcm_fftMag_spectralRollOff90.0_sma_amean"))
    }

    @Test func loudnessFollowsLevelByThePowerLaw() throws {
        let set = LargeFeatureSet()
        // Peak amplitudes 0.1 and 0.01: −20 and −40 dBFS.
        let loud = set.extract(
            Synth.sine(frequency: 1_000, amplitude: 0.1, duration: 0.5, sampleRate: Self.sampleRate),
            sampleRate: Self.sampleRate)
        let quiet = set.extract(
            Synth.sine(frequency: 1_000, amplitude: 0.01, duration: 0.5, sampleRate: Self.sampleRate),
            sampleRate: Self.sampleRate)
        let ratio =
            try Self.value(loud, "pcm_loudness_sma_amean") / Self.value(quiet, "pcm_loudness_sma_amean")
        // 20 dB of power is a loudness ratio of 100^0.33 (see AuditoryLoudness); 1 % allows Float rounding.
        #expect(abs(ratio / pow(100, AuditoryLoudness.compression) - 1) < 0.01)
        let rms = try Self.value(loud, "pcm_RMSenergy_sma_amean") / Self.value(quiet, "pcm_RMSenergy_sma_amean")
        #expect(abs(rms - 10) < 0.01 * 10)
    }

    @Test func deltaOfALinearContourIsItsSlope() throws {
        // A 1 kHz tone whose amplitude grows linearly: frame RMS grows linearly, so the regression delta
        // (per frame) equals the contour's slope per frame everywhere but the two frames at each end.
        let sr = Self.sampleRate
        let count = sr
        let signal = (0..<count).map { i -> Float in
            let amplitude = 0.05 + 0.5 * Double(i) / Double(count)
            return Float(amplitude * sin(2 * Double.pi * 1_000 * Double(i) / Double(sr)))
        }
        let values = LargeFeatureSet().extract(signal, sampleRate: sr)
        let slope = try Self.value(values, "pcm_RMSenergy_sma_linregc1")
        // 0.5 / √2 RMS over 1 s = 100 frames.
        #expect(abs(slope - 0.5 / 2.squareRoot() / 100) < 0.02 * slope)
        #expect(abs(try Self.value(values, "pcm_RMSenergy_sma_de_quartile2") - slope) < 0.01 * slope)
        #expect(try Self.value(values, "pcm_RMSenergy_sma_de_iqr1-3") < 0.01 * slope)
    }

    @Test func vowelF0MeanIsItsSemitoneValue() throws {
        let values = LargeFeatureSet().extract(
            Synth.vowel(f0: 200, duration: 1.0, sampleRate: Self.sampleRate), sampleRate: Self.sampleRate)
        let expected = 12 * log2(200 / 27.5)
        #expect(abs(try Self.value(values, "F0semitone_sma_amean") - expected) <= 0.01 * expected)
        #expect(try Self.value(values, "HNRdBACF_sma_amean") > 10)
        #expect(try Self.value(values, "jitterLocal_sma_amean").isFinite)
        #expect(try Self.value(values, "voicingProb_sma_amean") > 0.5)
    }

    @Test func voicedOnlyContoursIgnoreUnvoicedGaps() throws {
        // Two steady vowels around a silent gap: voiced-only smoothing and deltas stay within each voiced
        // run, so neither the gap's missing frames nor the jump across it shows up in the F0 contours.
        let sr = Self.sampleRate
        let vowel = Synth.vowel(f0: 200, duration: 0.4, sampleRate: sr)
        let signal = vowel + Synth.silence(duration: 0.3, sampleRate: sr) + vowel
        let values = LargeFeatureSet().extract(signal, sampleRate: sr)
        let expected = 12 * log2(200 / 27.5)
        #expect(abs(try Self.value(values, "F0semitone_sma_amean") - expected) <= 0.01 * expected)
        // One semitone is 6 % in frequency: far beyond the tracker's error on a steady vowel.
        #expect(try Self.value(values, "F0semitone_sma_range") < 1)
        #expect(try Self.value(values, "F0semitone_sma_de_range") < 1)
        #expect(try Self.value(values, "F0semitone_sma_de_amean").magnitude < 0.1)
    }

    @Test func awkwardSignalsAreMissingOnlyWhereDocumented() throws {
        let sr = Self.sampleRate
        var clicks = Synth.silence(duration: 0.5, sampleRate: sr)
        for i in stride(from: 400, to: clicks.count, by: 2_000) { clicks[i] = 0.9 }
        let signals: [(String, [Float])] = [
            ("silence", Synth.silence(duration: 0.5, sampleRate: sr)),
            ("50 ms vowel", Synth.vowel(f0: 200, duration: 0.05, sampleRate: sr)),
            ("clicks", clicks),
            ("DC", [Float](repeating: 0.5, count: 8_000)),
            ("vowel on DC", Synth.vowel(f0: 150, duration: 0.5, sampleRate: sr).map { $0 + 0.3 }),
            ("5 ms noise", Synth.whiteNoise(sigma: 0.1, count: 80, seed: 2)),
        ]
        let set = LargeFeatureSet()
        let context = AnalysisContext()
        let alwaysDefined = Set(LargeFeatureSet.alwaysDefinedNames)
        let voicedOnly = Set(LargeFeatureSet.descriptors.filter(\.voicedOnly).map(\.name))
        for (label, signal) in signals {
            let values = set.extract(signal, sampleRate: sr, context: context)
            #expect(values.count == LargeFeatureSet.names.count)
            // Shape functionals need 3 frames: 45 ms at the 25 ms / 10 ms framing.
            let long = signal.count >= Int(0.045 * Double(sr))
            for (name, value) in zip(LargeFeatureSet.names, values) {
                #expect(!value.isInfinite, "\(label): \(name) = \(value)")
                let descriptor = String(name.prefix { $0 != "_" }) + "_sma"
                if alwaysDefined.contains(name) || (long && !voicedOnly.contains(descriptor)) {
                    #expect(value.isFinite, "\(label): \(name) = \(value)")
                }
            }
            if label == "silence" {
                // Nothing is voiced: every F0 column is missing. (Not asserted for pure DC: the pitch
                // tracker finds a few "periodic" frames where the constant meets the zero padding.)
                for (name, value) in zip(LargeFeatureSet.names, values) where name.hasPrefix("F0semitone") {
                    #expect(value.isNaN, "\(label): \(name) = \(value)")
                }
            }
        }
    }
}
