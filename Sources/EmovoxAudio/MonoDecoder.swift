/// Decodes a file to one channel block by block, resampling on the way when asked, so neither the
/// file's multichannel signal nor (with resampling) its full-rate mono signal is ever in memory
/// whole: a one-hour 48 kHz stereo file needs the 16 kHz mono result plus a few blocks.
///
/// Decoding, downmixing and resampling block by block gives samples bit-identical to decoding the
/// whole file with ``AudioBuffer/decode(path:nonFinite:)``, mixing with ``AudioBuffer/downmixed()``
/// and resampling with ``Resampler`` (tested).
public struct MonoDecoder: Sendable, Hashable {
    /// How a multichannel file becomes mono.
    public enum Channel: Sendable, Hashable {
        /// Equal-weight average of all channels.
        case mix
        /// One channel by 0-based index; a file with fewer channels is an error.
        case index(Int)
    }

    /// A rate to convert to while decoding.
    public struct Resampling: Sendable, Hashable {
        public var rate: Int
        public var converter: Resampler.Converter

        public init(rate: Int, converter: Resampler.Converter) {
            self.rate = rate
            self.converter = converter
        }
    }

    /// Frames read per libsndfile call: 64 Ki frames are 512 KiB of 48 kHz stereo float.
    public static let defaultBlockFrames = 1 << 16

    public var channel: Channel
    public var nonFinite: NonFinitePolicy
    public var resampling: Resampling?
    public var blockFrames: Int

    public init(
        channel: Channel = .mix, nonFinite: NonFinitePolicy = .fail, resampling: Resampling? = nil,
        blockFrames: Int = MonoDecoder.defaultBlockFrames
    ) {
        self.channel = channel
        self.nonFinite = nonFinite
        self.resampling = resampling
        self.blockFrames = max(1, blockFrames)
    }

    /// Decodes the file at `path`.
    /// - Throws: ``AudioError`` naming the file: unreadable or corrupt audio, a truncated file
    ///   (less than half its declared frames), a missing channel, or non-finite samples under
    ///   ``NonFinitePolicy/fail`` (with their count and the time of the first).
    public func decode(path: String) throws(AudioError) -> DecodedAudio {
        let file = try SoundFile(readingFrom: path)
        let info = file.info
        let channels = info.channels
        if case .index(let c) = channel, c >= channels {
            throw AudioError(
                path: path, kind: .missingChannel, detail: "channel \(c) requested but the file has \(channels)")
        }
        let outputRate = resampling?.rate ?? info.sampleRate
        let resampler: StreamingResampler?
        do {
            resampler =
                try resampling.map { r throws(AudioError) in
                    try StreamingResampler(converter: r.converter, from: info.sampleRate, to: r.rate)
                }
        } catch {
            throw AudioError(path: path, kind: error.kind, detail: error.detail)
        }
        var output: [Float] = []
        // Reserved once (with headroom for the resampler's rounding) so appending never doubles the
        // buffer, which would briefly hold the signal twice. A header may lie, so the reservation is
        // bounded; a longer file simply grows.
        let expected = Double(info.frames) * Double(outputRate) / Double(info.sampleRate)
        if expected < Double(1 << 31) { output.reserveCapacity(Int(expected.rounded(.up)) + 256) }

        // Fixed blocks, allocated once: the pointers outlive no closure and the loop copies nothing.
        let interleaved = UnsafeMutableBufferPointer<Float>.allocate(capacity: blockFrames * channels)
        let mono = UnsafeMutableBufferPointer<Float>.allocate(capacity: blockFrames)
        defer {
            interleaved.deallocate()
            mono.deallocate()
        }
        var decoded = 0
        var nonFiniteCount = 0
        var firstNonFiniteFrame = 0
        let scale = 1 / Float(channels)
        while true {
            let got = file.readFrames(into: interleaved.baseAddress!, frames: blockFrames)
            if got == 0 { break }
            if let found = Self.screenNonFinite(interleaved, count: got * channels, replacing: nonFinite == .zero) {
                if nonFiniteCount == 0 { firstNonFiniteFrame = decoded + found.first / channels }
                nonFiniteCount += found.count
            }
            decoded += got
            // A rejected file is still read to the end, only to count what it holds.
            if nonFiniteCount > 0 && nonFinite == .fail { continue }
            let block: UnsafeBufferPointer<Float>
            if channels == 1 {
                block = UnsafeBufferPointer(rebasing: interleaved[..<got])
            } else {
                switch channel {
                case .mix:
                    // The same operations in the same order as `AudioBuffer.downmixed()`.
                    for i in 0..<got {
                        var sum: Float = 0
                        for c in 0..<channels { sum += interleaved[i * channels + c] }
                        mono[i] = sum * scale
                    }
                case .index(let c):
                    for i in 0..<got { mono[i] = interleaved[i * channels + c] }
                }
                block = UnsafeBufferPointer(rebasing: mono[..<got])
            }
            do {
                if let resampler {
                    try resampler.process(block, into: &output)
                } else {
                    output.append(contentsOf: block)
                }
            } catch {
                throw AudioError(path: path, kind: error.kind, detail: error.detail)
            }
        }
        let expectedFrames = Int(info.frames)
        if decoded < expectedFrames {
            // A truncated data chunk: keep what decoded only if most of it did; a file that yields
            // less than half its declared frames is treated as corrupt rather than silently short.
            guard decoded > 0, decoded * 2 >= expectedFrames else {
                throw AudioError(path: path, kind: .truncated, detail: "decoded \(decoded) of \(expectedFrames) frames")
            }
        }
        if nonFiniteCount > 0 && nonFinite == .fail {
            throw AudioError(
                path: path, kind: .nonFinite,
                detail: Self.nonFiniteDetail(
                    count: nonFiniteCount, firstFrame: firstNonFiniteFrame, sampleRate: info.sampleRate))
        }
        do {
            try resampler?.finish(into: &output)
        } catch {
            throw AudioError(path: path, kind: error.kind, detail: error.detail)
        }
        return DecodedAudio(
            samples: output, sampleRate: outputRate, source: info, decodedFrames: decoded,
            repairedSamples: nonFiniteCount)
    }

    /// Counts the non-finite values among the first `count` of `block` (zeroing them when asked);
    /// `nil` when there are none, else the count and the index of the first.
    static func screenNonFinite(_ block: UnsafeMutableBufferPointer<Float>, count: Int, replacing: Bool) -> (
        count: Int, first: Int
    )? {
        var found = 0
        var first = 0
        for i in 0..<count where !block[i].isFinite {
            if found == 0 { first = i }
            found += 1
            if replacing { block[i] = 0 }
        }
        return found == 0 ? nil : (found, first)
    }

    /// The reason given for a file rejected for non-finite samples.
    static func nonFiniteDetail(count: Int, firstFrame: Int, sampleRate: Int) -> String {
        let seconds = Double(firstFrame) / Double(sampleRate)
        return "\(count) NaN or ±Inf sample\(count == 1 ? "" : "s"), the first at "
            + String(format: "%.3f", seconds) + " s; decode: {non_finite: zero} replaces them by silence"
    }
}

/// A decoded (and possibly resampled) mono signal and what its file's header said.
public struct DecodedAudio: Sendable {
    public var samples: [Float]
    /// The rate of `samples` (the target rate when the decoder resampled).
    public var sampleRate: Int
    /// The file's header.
    public var source: AudioFileInfo
    /// Frames actually decoded (fewer than the header's for a truncated file).
    public var decodedFrames: Int
    /// Non-finite samples replaced by 0 under ``NonFinitePolicy/zero``.
    public var repairedSamples: Int

    /// Seconds of audio decoded from the file.
    public var sourceDuration: Double { Double(decodedFrames) / Double(source.sampleRate) }
}
