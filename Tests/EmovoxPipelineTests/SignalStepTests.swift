import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

/// The audio steps on real speech (espeak-ng), checked by re-measuring the processed audio.
@Suite(.enabled(if: Fixtures.hasEspeak, "espeak-ng is not installed"))
struct SignalStepTests {
    static let sentence = "The quick brown fox jumps over the lazy dog. Then it rests for a while."

    /// Runs `yaml` on one signal and returns the output and the processed audio from the cache.
    private func process(_ samples: [Float], sampleRate: Int, yaml: String) throws -> (SampleOutput, AudioBuffer) {
        let dir = try TemporaryDirectoryForCache()
        let input = try Fixtures.input(samples, sampleRate: sampleRate, id: 1, in: dir.url)
        let results = try Fixtures.run(try Fixtures.spec(yaml), [input], cache: dir.cache)
        let output = try #require(results[1]?.success, "\(String(describing: results[1]))")
        let audio = try #require(dir.cache.audio(for: output.audioKey))
        return (output, audio)
    }

    @Test(arguments: [(-23.0, 1.0), (-28.0, 1.0), (-30.0, 0.02)])
    func loudnessNormalizationLandsOnTarget(target: Double, inputScale: Float) throws {
        let dir = try TemporaryDirectory()
        let speech = try Fixtures.speech(Self.sentence, in: dir.url)
        let (output, audio) = try process(
            speech.samples.map { $0 * inputScale }, sampleRate: speech.sampleRate,
            yaml: "steps:\n  - decode\n  - resample: {rate: 16000}\n  - normalize: {target: \(target)}\n")
        let measured = try #require(try LoudnessMeter.measure(audio.samples, sampleRate: 16_000).integratedLUFS)
        #expect(abs(measured - target) <= 0.2, "re-measured \(measured) LUFS for target \(target)")
        #expect(!output.metadata.gainCapped)
        #expect(output.metadata.loudnessMethod == .integrated)
        let original = try #require(output.metadata.originalLoudnessLUFS)
        #expect(abs(original + output.metadata.appliedGainDB - measured) <= 0.2)
    }

    @Test func gainIsCappedSoTheTruePeakStaysBelowTheCeiling() throws {
        let dir = try TemporaryDirectory()
        let speech = try Fixtures.speech(Self.sentence, in: dir.url)
        let (output, audio) = try process(
            speech.samples, sampleRate: speech.sampleRate,
            yaml: "steps:\n  - decode\n  - normalize: {target: -3, ceiling_dbfs: -1}\n")
        #expect(output.metadata.gainCapped)
        let after = try LoudnessMeter.measure(audio.samples, sampleRate: audio.sampleRate)
        #expect(
            20 * log10(after.truePeak ?? .infinity) <= -1 + 0.05,
            "true peak \(20 * log10(after.truePeak ?? .infinity)) dBFS")
        #expect(20 * log10(after.truePeak ?? .infinity) >= -1.5, "cap should land near the ceiling")
    }

    @Test func shortClipsAreMeasuredLoopedOrByRMS() throws {
        let vowel = Synth.vowel(f0: 140, duration: 0.25, sampleRate: 16_000, amplitude: 0.3)
        let (looped, audio) = try process(
            vowel, sampleRate: 16_000, yaml: "steps:\n  - decode\n  - normalize: {target: -20}\n")
        #expect(looped.metadata.loudnessMethod == .looped)
        // Re-measure the normalized clip the same way: looped until it spans gating blocks.
        let repeated = Array(repeating: audio.samples, count: 8).flatMap { $0 }
        let measured = try #require(try LoudnessMeter.measure(repeated, sampleRate: 16_000).integratedLUFS)
        #expect(abs(measured + 20) <= 0.2, "\(measured)")
        let (rms, _) = try process(
            vowel, sampleRate: 16_000, yaml: "steps:\n  - decode\n  - normalize: {target: -20, short_clips: rms}\n")
        #expect(rms.metadata.loudnessMethod == .rmsFallback)
    }

    @Test func trimRemovesLeadingSilenceBeforeSpeech() throws {
        let dir = try TemporaryDirectory()
        let speech = try Fixtures.speech(Self.sentence, in: dir.url)
        let rate = speech.sampleRate
        let padded = Synth.silence(duration: 1, sampleRate: rate) + speech.samples
        let (output, audio) = try process(
            padded, sampleRate: rate, yaml: "steps:\n  - decode\n  - trim: {threshold_db: -40, margin_ms: 0}\n")
        // Where the kept audio starts in the padded input (trim only cuts, so it is an exact match).
        let head = Array(audio.samples.prefix(64))
        let start = try #require(
            (0..<(padded.count - 64)).first { Array(padded[$0..<($0 + 64)]) == head })
        // Independent onset of the speech itself: first sample within 40 dB of its peak.
        let peak = speech.samples.map(abs).max()!
        let onset = speech.samples.firstIndex { abs($0) >= peak * 0.01 }!
        let removed = Double(start) / Double(rate)
        let expected = 1 + Double(onset) / Double(rate)
        #expect(abs(removed - expected) <= 0.02, "removed \(removed) s, speech starts at \(expected) s")
        #expect(abs((output.metadata.trimmedDuration ?? 0) - audio.duration) < 1e-9)
        #expect(output.metadata.originalDuration > audio.duration + 0.99)
    }

    @Test func spectralGatingRaisesSNRByFiveDB() throws {
        let dir = try TemporaryDirectory()
        let speech = try Fixtures.speech(Self.sentence, in: dir.url)
        // At the pipeline's working rate, where the defaults were tuned.
        let clean = try Resampler(converter: .sincMedium).resample(speech.samples, from: speech.sampleRate, to: 16_000)
        let signalPower = clean.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(clean.count)
        let sigma = (signalPower / pow(10, 5.0 / 10)).squareRoot()  // 5 dB SNR
        let noise = Synth.whiteNoise(sigma: sigma, count: clean.count, seed: 42)
        let noisy = zip(clean, noise).map { $0 + $1 }
        let before = Fixtures.snr(clean: clean, estimate: noisy)
        #expect(abs(before - 5) < 0.3)
        let (_, audio) = try process(noisy, sampleRate: 16_000, yaml: "steps:\n  - decode\n  - denoise\n")
        #expect(audio.frameCount == clean.count)
        let after = Fixtures.snr(clean: clean, estimate: audio.samples)
        #expect(after - before >= 5, "SNR \(before) dB → \(after) dB")
    }

    @Test func metadataDescribesTheSpeech() throws {
        let dir = try TemporaryDirectory()
        let speech = try Fixtures.speech(Self.sentence, in: dir.url)
        let (output, _) = try process(
            speech.samples, sampleRate: speech.sampleRate,
            yaml:
                "steps:\n  - decode\n  - resample: {rate: 16000}\n  - trim\n  - normalize\n  - features: {sets: [level]}\n"
        )
        let m = output.metadata
        #expect(m.sourceSampleRate == speech.sampleRate && m.processedSampleRate == 16_000)
        #expect(abs(m.originalDuration - speech.duration) < 1e-9)
        // Running speech is mostly voiced but not entirely (pauses, fricatives).
        #expect(m.voicedProportion > 0.3 && m.voicedProportion < 0.95, "\(m.voicedProportion)")
        let level = try #require(output.features.first)
        #expect(level.names == ["rms_dbfs", "duration_s"])
        #expect(abs(level.values[1] - m.processedDuration) < 1e-9)
    }
}
