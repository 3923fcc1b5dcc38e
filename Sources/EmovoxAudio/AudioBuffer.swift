/// Decoded mono or multichannel audio held as float32 samples in [-1, 1].
public struct AudioBuffer: Sendable, Equatable {
    /// Channel-separated samples: `channels[c][i]` is frame `i` of channel `c`.
    public var channels: [[Float]]
    public var sampleRate: Int

    public init(channels: [[Float]], sampleRate: Int) {
        self.channels = channels
        self.sampleRate = sampleRate
    }

    /// A mono buffer.
    public init(mono: [Float], sampleRate: Int) {
        self.init(channels: [mono], sampleRate: sampleRate)
    }

    public var channelCount: Int { channels.count }
    public var frameCount: Int { channels.first?.count ?? 0 }
    public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }

    /// The first channel; the signal of a mono buffer.
    public var samples: [Float] { channels.first ?? [] }

    /// Decodes the whole file at `path` with libsndfile. ``MonoDecoder`` decodes a long file to
    /// one channel without holding all of its channels.
    /// - Throws: ``AudioError`` naming the file; kind `.nonFinite` for NaN or ±Inf samples unless
    ///   `nonFinite` is ``NonFinitePolicy/zero``, which replaces them by 0.
    public static func decode(path: String, nonFinite: NonFinitePolicy = .fail) throws(AudioError) -> AudioBuffer {
        let file = try SoundFile(readingFrom: path)
        var interleaved = try file.readAllInterleaved()
        let channelCount = file.info.channels
        let found = interleaved.withUnsafeMutableBufferPointer { samples in
            MonoDecoder.screenNonFinite(samples, count: samples.count, replacing: nonFinite == .zero)
        }
        if let found, nonFinite == .fail {
            throw AudioError(
                path: path, kind: .nonFinite,
                detail: MonoDecoder.nonFiniteDetail(
                    count: found.count, firstFrame: found.first / channelCount, sampleRate: file.info.sampleRate))
        }
        let frames = interleaved.count / channelCount
        if channelCount == 1 {
            return AudioBuffer(mono: interleaved, sampleRate: file.info.sampleRate)
        }
        var channels = [[Float]](repeating: [Float](repeating: 0, count: frames), count: channelCount)
        for c in 0..<channelCount {
            channels[c].withUnsafeMutableBufferPointer { out in
                for i in 0..<frames { out[i] = interleaved[i * channelCount + c] }
            }
        }
        return AudioBuffer(channels: channels, sampleRate: file.info.sampleRate)
    }

    /// The average of all channels (equal weights), as a mono buffer.
    public func downmixed() -> AudioBuffer {
        guard channelCount > 1 else { return self }
        let n = frameCount
        var mono = [Float](repeating: 0, count: n)
        let scale = 1 / Float(channelCount)
        for channel in channels {
            for i in 0..<n { mono[i] += channel[i] }
        }
        for i in 0..<n { mono[i] *= scale }
        return AudioBuffer(mono: mono, sampleRate: sampleRate)
    }

    /// One channel as a mono buffer.
    public func channel(_ index: Int) -> AudioBuffer {
        AudioBuffer(mono: channels[index], sampleRate: sampleRate)
    }
}
