/// What the cache stores for one step of one sample: the state of the sample after that step.
///
/// Steps that do not change the audio (features, write) store a reference to the entry that holds
/// it instead of a copy, and steps whose output is a slice or a scaled copy of their input (trim,
/// normalize) store just the range and gain, so the cache holds each distinct signal once and a
/// fully-cached run reads only the small final entry.
struct CacheEntry: Equatable {
    enum Audio: Equatable {
        case inline(samples: [Float], sampleRate: Int)
        case reference(CacheKey)
        /// `parent`'s audio restricted to `range` and multiplied by `gain`: how trimming (a range,
        /// gain 1) and gain normalization (the whole range) are stored without a copy. Reading it
        /// repeats the one Float multiply the step made, so it is bit-identical to the step's output.
        case derived(parent: CacheKey, range: Range<Int>, gain: Float)
    }

    var metadata: SampleMetadata
    var features: [FeatureVector]
    var audio: Audio

    /// Payload layout version, also the cache file format's (``PipelineCache``); bump on any
    /// change to `encode` or to the file format.
    static let payloadVersion: UInt32 = 5

    /// True when the entry stores samples itself (rather than a reference or a derivation).
    var holdsSamples: Bool {
        if case .inline = audio { true } else { false }
    }

    /// Signals of at least this many samples (16 MiB as float32, 4.4 minutes at 16 kHz) are written
    /// straight from their array, each alone in its file, as soon as they exist (see
    /// ``encodedPayload()``): a long recording is then never held twice.
    static let streamedSignalLength = 1 << 22

    /// The entry ready to write. A long signal that is not exactly 16-bit keeps its samples in their
    /// array, to be written from there; anything else is encoded into bytes at once.
    func encodedPayload() -> EncodedPayload {
        guard case .inline(let samples, let sampleRate) = audio, samples.count >= Self.streamedSignalLength,
            !ByteWriter.isExactPCM16(samples)
        else { return EncodedPayload(head: encode(), samples: nil) }
        var w = ByteWriter()
        encodeDescription(into: &w)
        w.append(UInt8(0))
        w.append(Int64(sampleRate))
        w.append(UInt64(samples.count))
        return EncodedPayload(head: w.bytes, samples: samples)
    }

    func encode() -> [UInt8] {
        var w = ByteWriter()
        encodeDescription(into: &w)
        encodeAudio(into: &w)
        return w.bytes
    }

    /// Metadata and features: everything before the audio.
    private func encodeDescription(into w: inout ByteWriter) {
        w.append(Int64(metadata.sourceSampleRate))
        w.append(Int64(metadata.sourceChannels))
        w.append(metadata.originalDuration)
        w.append(metadata.trimmedDuration)
        w.append(metadata.processedDuration)
        w.append(Int64(metadata.processedSampleRate))
        w.append(metadata.originalLoudnessLUFS)
        w.append(metadata.loudnessMethod.rawValue)
        w.append(metadata.appliedGainDB)
        w.append(metadata.gainCapped)
        w.append(metadata.voicedProportion)
        w.append(UInt32(features.count))
        for vector in features {
            w.append(vector.setName)
            w.append(Int64(vector.setVersion))
            w.append(UInt32(vector.names.count))
            for name in vector.names { w.append(name) }
            w.append(UInt32(vector.values.count))
            for value in vector.values { w.append(value) }
        }
    }

    private func encodeAudio(into w: inout ByteWriter) {
        switch audio {
        case .inline(let samples, let sampleRate):
            // Decoded 16-bit sources are stored at half the size, losslessly; anything else as float32.
            w.reserveCapacity(w.bytes.count + 17 + 4 * samples.count)
            let mark = w.bytes.count
            w.append(UInt8(2))
            w.append(Int64(sampleRate))
            if !w.append(exactPCM16: samples) {
                w.truncate(to: mark)
                w.append(UInt8(0))
                w.append(Int64(sampleRate))
                w.append(floats: samples)
            }
        case .reference(let key):
            w.append(UInt8(1))
            w.append(key.hex)
        case .derived(let parent, let range, let gain):
            w.append(UInt8(3))
            w.append(parent.hex)
            w.append(Int64(range.lowerBound))
            w.append(Int64(range.upperBound))
            w.append(gain.bitPattern)
        }
    }

    static func decode(_ reader: inout ByteReader) -> CacheEntry? {
        guard let (metadata, features) = decodeDescription(&reader) else { return nil }
        let audio: Audio
        switch reader.integer(UInt8.self) {
        case 0:
            guard let rate = reader.integer(Int64.self), let samples = reader.floats() else { return nil }
            audio = .inline(samples: samples, sampleRate: Int(rate))
        case 1:
            guard let text = reader.string(), let key = CacheKey(hex: text) else { return nil }
            audio = .reference(key)
        case 2:
            guard let rate = reader.integer(Int64.self), let samples = reader.pcm16Floats() else { return nil }
            audio = .inline(samples: samples, sampleRate: Int(rate))
        case 3:
            guard let text = reader.string(), let parent = CacheKey(hex: text),
                let lower = reader.integer(Int64.self), let upper = reader.integer(Int64.self), lower >= 0,
                upper >= lower, let gainBits = reader.integer(UInt32.self)
            else { return nil }
            audio = .derived(parent: parent, range: Int(lower)..<Int(upper), gain: Float(bitPattern: gainBits))
        default: return nil
        }
        guard reader.remaining == 0 else { return nil }
        return CacheEntry(metadata: metadata, features: features, audio: audio)
    }

    /// The metadata and features that start every payload (written by `encodeDescription`).
    static func decodeDescription(_ reader: inout ByteReader) -> (SampleMetadata, [FeatureVector])? {
        var m = SampleMetadata()
        guard let sourceRate = reader.integer(Int64.self), let channels = reader.integer(Int64.self),
            let original = reader.double(), let trimmed = reader.optionalDouble(),
            let processed = reader.double(), let processedRate = reader.integer(Int64.self),
            let loudness = reader.optionalDouble(), let methodByte = reader.integer(UInt8.self),
            let method = LoudnessMethod(rawValue: methodByte), let gain = reader.double(),
            let capped = reader.bool(), let voiced = reader.double(), let featureCount = reader.integer(UInt32.self)
        else { return nil }
        m.sourceSampleRate = Int(sourceRate)
        m.sourceChannels = Int(channels)
        m.originalDuration = original
        m.trimmedDuration = trimmed
        m.processedDuration = processed
        m.processedSampleRate = Int(processedRate)
        m.originalLoudnessLUFS = loudness
        m.loudnessMethod = method
        m.appliedGainDB = gain
        m.gainCapped = capped
        m.voicedProportion = voiced
        var features: [FeatureVector] = []
        for _ in 0..<featureCount {
            guard let name = reader.string(), let version = reader.integer(Int64.self),
                let nameCount = reader.integer(UInt32.self), Int(nameCount) <= reader.remaining
            else { return nil }
            var names: [String] = []
            for _ in 0..<nameCount {
                guard let n = reader.string() else { return nil }
                names.append(n)
            }
            guard let valueCount = reader.integer(UInt32.self), Int(valueCount) <= reader.remaining / 8 else {
                return nil
            }
            var values: [Double] = []
            values.reserveCapacity(Int(valueCount))
            for _ in 0..<valueCount {
                guard let v = reader.double() else { return nil }
                values.append(v)
            }
            features.append(FeatureVector(setName: name, setVersion: Int(version), names: names, values: values))
        }
        return (m, features)
    }

    /// The head of a payload holding float32 samples (tag 0): description, rate, and the byte
    /// offset and count of the samples that follow. `nil` for any other payload.
    static func decodeFloatSignalHead(_ reader: inout ByteReader) -> (
        metadata: SampleMetadata, features: [FeatureVector], sampleRate: Int, sampleCount: Int
    )? {
        guard let (metadata, features) = decodeDescription(&reader), reader.integer(UInt8.self) == 0,
            let rate = reader.integer(Int64.self), let count = reader.integer(UInt64.self), count <= UInt64(Int.max / 4)
        else { return nil }
        return (metadata, features, Int(rate), Int(count))
    }
}

/// A cache entry's payload ready to write: bytes, possibly followed by float32 samples still in
/// their array (written from there, never copied; the platform is little-endian).
struct EncodedPayload {
    var head: [UInt8]
    var samples: [Float]?

    /// Bytes on disk.
    var count: Int { head.count + 4 * (samples?.count ?? 0) }

    /// XXH64 of the bytes on disk.
    func digest() -> UInt64 {
        var state = XXHash64.Streaming()
        head.withUnsafeBytes { state.update($0) }
        samples?.withUnsafeBytes { state.update($0) }
        return state.digest()
    }
}
