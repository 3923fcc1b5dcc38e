import EmovoxAudio
import Foundation

/// Processes one sample through the prepared steps, reusing the longest cached prefix.
struct SampleProcessor: Sendable {
    let steps: [PreparedStep]
    let cache: PipelineCache
    var verification: SourceVerification = .none

    /// The state of a sample between steps. `audio` is nil while it is only referenced by key
    /// (a cached features/write entry) and not yet needed.
    private struct State {
        var metadata: SampleMetadata
        var features: [FeatureVector]
        var audio: [Float]?
        var sampleRate: Int
        var audioKey: CacheKey
        /// Set (to `.derived`) by a step whose output is a slice and/or scaling of its input, so
        /// its entry stores that instead of a copy.
        var derivation: CacheEntry.Audio?
    }

    /// Every step's key for a source checksum, computed from the spec alone (no audio).
    func keys(checksum: String) -> [CacheKey] {
        var keys: [CacheKey] = []
        keys.reserveCapacity(steps.count)
        for step in steps {
            let key =
                keys.last.map { $0.next(step: step.step.name, identity: step.identity) }
                ?? CacheKey.root(sourceChecksum: checksum, step: step.step.name, identity: step.identity)
            keys.append(key)
        }
        return keys
    }

    func process(_ input: PipelineInput) -> Result<SampleOutput, PipelineFailure> {
        var input = input
        // The file must still hold the bytes its checksum was computed from before that checksum
        // may name anything in the cache: read or written.
        var verified: VerifiedSource?
        if verification != .none {
            do {
                verified = try SourceVerifier.verify(input)
            } catch {
                return .failure(error)
            }
            if verified!.checksum != input.checksum {
                guard verification == .reimportChanged else {
                    return .failure(
                        PipelineFailure(
                            path: input.path, step: SourceVerifier.step,
                            reason:
                                "the file changed since it was imported (SHA-256 now \(verified!.checksum.prefix(12))…, "
                                + "recorded \(input.checksum.prefix(12))…): re-import it with `emovox import`, "
                                + "or run with --reimport-changed"))
                }
                input.checksum = verified!.checksum
            }
        }
        let changedSource = verified.flatMap { $0.checksum != input.checksum || $0.stamp != input.stamp ? $0 : nil }
        let keys = keys(checksum: input.checksum)
        var (state, start) = resume(input, keys: keys)
        var hits = [Bool](repeating: false, count: steps.count)
        for i in 0..<start { hits[i] = true }
        var index = start
        // Entries of this pass not yet on disk: a signal-holding entry and the small ones derived
        // from it go into one file (see `PipelineCache`); a new signal starts the next file.
        // Encoded at once, so the pending entry of a signal shares no storage with the signal that
        // the next steps change in place (a long recording is never held twice for it).
        var pending: [(key: CacheKey, payload: EncodedPayload)] = []
        func flush() throws(CacheWriteError) {
            defer { pending = [] }
            try cache.write(encoded: pending)
        }
        while index < steps.count {
            let prepared = steps[index]
            do {
                if state != nil, state!.audio == nil {
                    guard let audio = loadAudio(state!.audioKey) else {
                        // The referenced audio entry vanished or is corrupt: start over from the source.
                        state = nil
                        pending = []
                        for i in hits.indices { hits[i] = false }
                        index = 0
                        continue
                    }
                    state!.audio = audio
                }
                if case .decode(let decode) = prepared.step, index + 1 < steps.count,
                    case .resample(let resample) = steps[index + 1].step
                {
                    // Decoded and resampled in one streamed pass, so the source-rate signal never
                    // exists whole; being cheap to recompute, it is not cached either.
                    state = try self.decode(
                        decode, resampling: resample, input: input, key: keys[index + 1],
                        measuresVoicing: index + 1 == lastAudioStep, verified: verified)
                    index += 1
                } else if case .decode(let decode) = prepared.step {
                    state = try self.decode(
                        decode, resampling: nil, input: input, key: keys[index],
                        measuresVoicing: index == lastAudioStep, verified: verified)
                } else {
                    try apply(
                        prepared, to: &state, input: input, key: keys[index], measuresVoicing: index == lastAudioStep)
                }
                let audio: CacheEntry.Audio =
                    if !prepared.step.changesAudio {
                        .reference(state!.audioKey)
                    } else if let derivation = state!.derivation {
                        derivation
                    } else {
                        .inline(samples: state!.audio!, sampleRate: state!.sampleRate)
                    }
                let entry = CacheEntry(metadata: state!.metadata, features: state!.features, audio: audio)
                let payload = entry.encodedPayload()
                if entry.holdsSamples { try flush() }
                pending.append((keys[index], payload))
                // A long signal goes to disk at once, alone and straight from its array: nothing
                // else then holds it, so the steps after it change it in place instead of copying.
                if payload.samples != nil { try flush() }
            } catch {
                // What was computed before the failure stays cached, so a re-run resumes after it.
                try? flush()
                return .failure(failure(error, input: input, step: failedStep(error, at: prepared)))
            }
            index += 1
        }
        do {
            try flush()
        } catch {
            return .failure(failure(error, input: input, step: steps.last?.step.name ?? "pipeline"))
        }
        guard var final = state else {
            return .failure(PipelineFailure(path: input.path, step: "pipeline", reason: "no steps"))
        }
        if final.metadata.voicedProportion.isNaN, let audio = final.audio ?? loadAudio(final.audioKey) {
            // Resumed from an entry another spec wrote as an intermediate state (see `lastAudioStep`).
            final.metadata.voicedProportion = VoicingEstimator.voicedProportion(audio, sampleRate: final.sampleRate)
        }
        return .success(
            SampleOutput(
                metadata: final.metadata, features: final.features, cacheHits: hits, audioKey: final.audioKey,
                stepKeys: keys, source: changedSource))
    }

    /// The step a failure is recorded under: a resampler error inside the fused decode pass
    /// belongs to the resample step.
    private func failedStep(_ error: any Error, at prepared: PreparedStep) -> String {
        if case .decode = prepared.step, let audio = error as? AudioError, audio.kind == .invalidArgument {
            return ResampleStep.name
        }
        return prepared.step.name
    }

    /// A step's error as the sample's recorded failure.
    private func failure(_ error: any Error, input: PipelineInput, step: String) -> PipelineFailure {
        switch error {
        case let failure as PipelineFailure:
            return failure
        case let error as AudioError:
            let reason = error.detail.isEmpty ? error.kind.rawValue : "\(error.kind.rawValue) (\(error.detail))"
            return PipelineFailure(path: input.path, step: step, reason: reason)
        default:
            return PipelineFailure(path: input.path, step: step, reason: "\(error)")
        }
    }

    /// Finds the last step whose entry is usable and returns the state after it and the next index.
    private func resume(_ input: PipelineInput, keys: [CacheKey]) -> (State?, Int) {
        for i in stride(from: steps.count - 1, through: 0, by: -1) where cache.contains(keys[i]) {
            let sideEffectMissing = steps[...i].contains { prepared in
                guard case .write(let write) = prepared.step else { return false }
                return !FileManager.default.fileExists(atPath: write.path(forSample: input.sampleID))
            }
            if sideEffectMissing { continue }  // a written file was deleted: resume before that write
            guard let entry = cache.read(keys[i]) else { continue }
            switch entry.audio {
            case .inline(let samples, let rate):
                return (
                    State(
                        metadata: entry.metadata, features: entry.features, audio: samples, sampleRate: rate,
                        audioKey: keys[i]), i + 1
                )
            case .reference, .derived:
                // A reference points at the entry holding the audio; a derived entry's audio is its
                // own (loaded through its parent when needed).
                let audioKey = if case .reference(let key) = entry.audio { key } else { keys[i] }
                return (
                    State(
                        metadata: entry.metadata, features: entry.features, audio: nil,
                        sampleRate: entry.metadata.processedSampleRate, audioKey: audioKey), i + 1
                )
            }
        }
        return (nil, 0)
    }

    private func loadAudio(_ key: CacheKey) -> [Float]? {
        cache.read(key).flatMap { cache.samples(of: $0, depth: 0) }
    }

    /// The index of the last step that changes the audio: the voiced proportion describes the
    /// final audio, so it is measured there only. Earlier entries record it as NaN ("not
    /// measured"); a run that ends on such an entry (a shorter spec sharing the prefix) measures it
    /// at the end.
    var lastAudioStep: Int? { steps.lastIndex { $0.step.changesAudio } }

    /// Runs one step, replacing `current` with the state after it.
    private func apply(
        _ prepared: PreparedStep, to current: inout State?, input: PipelineInput, key: CacheKey, measuresVoicing: Bool
    ) throws {
        guard var state = current, var audio = state.audio else {
            throw PipelineFailure(path: input.path, step: prepared.step.name, reason: "no audio before this step")
        }
        // Drop the other references so the steps below mutate `audio` in place instead of copying.
        current = nil
        state.audio = nil
        state.derivation = nil
        let inputKey = state.audioKey
        switch prepared.step {
        case .decode: break
        case .resample(let step):
            audio = try Resampler(converter: step.converter).resample(audio, from: state.sampleRate, to: step.rate)
            state.sampleRate = step.rate
        case .trim(let step):
            let kept = SilenceTrimmer.keptRange(audio, sampleRate: state.sampleRate, step: step)
            if kept.count != audio.count {
                // In place: a copy of a long recording would double its memory.
                audio.removeSubrange(kept.upperBound...)
                audio.removeSubrange(..<kept.lowerBound)
            }
            state.derivation = .derived(parent: inputKey, range: kept, gain: 1)
            state.metadata.trimmedDuration = Double(audio.count) / Double(state.sampleRate)
        case .denoise(let step):
            var noise: [Float]?
            if let clip = prepared.noiseClip {
                noise = try Resampler(converter: ResampleStep.defaultConverter).resample(
                    clip.samples, from: clip.sampleRate, to: state.sampleRate)
            }
            audio = SpectralGate(step: step).forRate(state.sampleRate).apply(audio, noise: noise)
        case .enhance(let step):
            audio = step.enhancer(sampleRate: state.sampleRate).enhance(audio)
        case .normalize(let step):
            let outcome = try LevelNormalizer.normalize(&audio, sampleRate: state.sampleRate, step: step)
            state.metadata.originalLoudnessLUFS = outcome.loudnessLUFS
            state.metadata.loudnessMethod = outcome.loudnessMethod
            state.metadata.appliedGainDB = outcome.gainDB
            state.metadata.gainCapped = outcome.capped
            state.derivation = .derived(parent: inputKey, range: 0..<audio.count, gain: outcome.linearGain)
        case .features:
            state.features = []
            for set in prepared.featureSets {
                let values = set.extract(audio, sampleRate: state.sampleRate)
                guard values.count == set.featureNames.count else {
                    throw PipelineFailure(
                        path: input.path, step: FeaturesStep.name,
                        reason:
                            "feature set '\(set.name)' returned \(values.count) values for \(set.featureNames.count) names"
                    )
                }
                state.features.append(
                    FeatureVector(setName: set.name, setVersion: set.version, names: set.featureNames, values: values))
            }
        case .write(let step):
            try FileManager.default.createDirectory(atPath: step.directory, withIntermediateDirectories: true)
            try AudioWriter.write(
                AudioBuffer(mono: audio, sampleRate: state.sampleRate), to: step.path(forSample: input.sampleID),
                format: step.format)
        }
        if prepared.step.changesAudio {
            state.audioKey = key
            updateAudioMetadata(
                &state.metadata, audio: audio, sampleRate: state.sampleRate, measuresVoicing: measuresVoicing)
        }
        state.audio = audio
        current = state
    }

    /// Decodes the source to mono (block by block, resampled on the way when `resampling` is set).
    private func decode(
        _ step: DecodeStep, resampling: ResampleStep?, input: PipelineInput, key: CacheKey, measuresVoicing: Bool,
        verified: VerifiedSource?
    ) throws -> State {
        let channel: MonoDecoder.Channel =
            switch step.channel {
            case .mix: .mix
            case .index(let c): .index(c)
            }
        let decoder = MonoDecoder(
            channel: channel, nonFinite: step.nonFinite,
            resampling: resampling.map { MonoDecoder.Resampling(rate: $0.rate, converter: $0.converter) })
        let decoded = try decoder.decode(path: input.path)
        if let verified, SourceStamp.current(path: input.path) != verified.stamp {
            // Replaced while it was decoded: its samples must not be cached under the verified checksum.
            throw PipelineFailure(
                path: input.path, step: DecodeStep.name, reason: "the file changed while it was being read; run again")
        }
        var metadata = SampleMetadata()
        metadata.sourceSampleRate = decoded.source.sampleRate
        metadata.sourceChannels = decoded.source.channels
        metadata.originalDuration = decoded.sourceDuration
        updateAudioMetadata(
            &metadata, audio: decoded.samples, sampleRate: decoded.sampleRate, measuresVoicing: measuresVoicing)
        return State(
            metadata: metadata, features: [], audio: decoded.samples, sampleRate: decoded.sampleRate, audioKey: key)
    }

    private func updateAudioMetadata(
        _ metadata: inout SampleMetadata, audio: [Float], sampleRate: Int, measuresVoicing: Bool
    ) {
        metadata.processedDuration = Double(audio.count) / Double(sampleRate)
        metadata.processedSampleRate = sampleRate
        metadata.voicedProportion =
            measuresVoicing ? VoicingEstimator.voicedProportion(audio, sampleRate: sampleRate) : .nan
    }
}
