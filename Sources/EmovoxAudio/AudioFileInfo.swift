import CSndFile

/// What a file's header says about its audio, read with libsndfile without decoding samples.
public struct AudioFileInfo: Sendable, Equatable, Codable {
    /// Container name as libsndfile reports it, lower-cased (`wav`, `flac`, `ogg`, `mp3`, `aiff`, …).
    public var container: String
    /// Sample encoding (`pcm16`, `pcm24`, `float32`, `vorbis`, `mpeg-layer-iii`, …).
    public var encoding: String
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int64

    /// Duration in seconds (frames / sample rate).
    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }

    public init(container: String, encoding: String, sampleRate: Int, channels: Int, frames: Int64) {
        self.container = container
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
    }

    /// Reads the header of the file at `path`.
    /// - Throws: ``AudioError`` naming the file and libsndfile's reason when it cannot be opened.
    public static func read(path: String) throws(AudioError) -> AudioFileInfo {
        let file = try SoundFile(readingFrom: path)
        return file.info
    }
}

extension AudioFileInfo {
    init(_ info: SF_INFO) {
        let major = Int(info.format) & SF_FORMAT_TYPEMASK
        let minor = Int(info.format) & SF_FORMAT_SUBMASK
        self.init(
            container: Self.containerNames[major] ?? "0x" + String(major, radix: 16),
            encoding: Self.encodingNames[minor] ?? "0x" + String(minor, radix: 16),
            sampleRate: Int(info.samplerate),
            channels: Int(info.channels),
            frames: Int64(info.frames))
    }

    private static let containerNames: [Int: String] = [
        SF_FORMAT_WAV: "wav", SF_FORMAT_AIFF: "aiff",
        SF_FORMAT_AU: "au", SF_FORMAT_RAW: "raw",
        SF_FORMAT_W64: "w64", SF_FORMAT_RF64: "rf64",
        SF_FORMAT_FLAC: "flac", SF_FORMAT_OGG: "ogg",
        SF_FORMAT_CAF: "caf", SF_FORMAT_WAVEX: "wavex",
        SF_FORMAT_MPEG: "mp3", SF_FORMAT_NIST: "nist",
        SF_FORMAT_VOC: "voc", SF_FORMAT_IRCAM: "ircam",
    ]

    private static let encodingNames: [Int: String] = [
        SF_FORMAT_PCM_S8: "pcm8", SF_FORMAT_PCM_U8: "pcmu8",
        SF_FORMAT_PCM_16: "pcm16", SF_FORMAT_PCM_24: "pcm24",
        SF_FORMAT_PCM_32: "pcm32", SF_FORMAT_FLOAT: "float32",
        SF_FORMAT_DOUBLE: "float64", SF_FORMAT_ULAW: "ulaw",
        SF_FORMAT_ALAW: "alaw", SF_FORMAT_IMA_ADPCM: "ima-adpcm",
        SF_FORMAT_MS_ADPCM: "ms-adpcm", SF_FORMAT_VORBIS: "vorbis",
        SF_FORMAT_OPUS: "opus", SF_FORMAT_MPEG_LAYER_III: "mpeg-layer-iii",
    ]
}
