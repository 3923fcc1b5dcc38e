import CSndFile

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes audio files with libsndfile.
public enum AudioWriter {
    /// Output container and encoding.
    public enum Format: String, Sendable, CaseIterable, Codable {
        case wav16 = "wav"
        case wavFloat = "wav-float"
        case flac = "flac"

        var sndfileFormat: Int32 {
            switch self {
            case .wav16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .wavFloat: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            }
        }
    }

    /// Writes `buffer` to `path` atomically: the audio goes to a temporary file in the same
    /// directory that is renamed over `path` only once complete, so readers never see a torn file.
    public static func write(_ buffer: AudioBuffer, to path: String, format: Format = .wav16)
        throws(AudioError)
    {
        guard buffer.channelCount > 0, buffer.sampleRate > 0 else {
            throw AudioError(path: path, kind: .invalidArgument, detail: "empty buffer")
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        var info = SF_INFO()
        info.samplerate = Int32(buffer.sampleRate)
        info.channels = Int32(buffer.channelCount)
        info.format = format.sndfileFormat
        guard let handle = sf_open(temporary, Int32(SFM_WRITE), &info) else {
            throw AudioError(
                path: path, kind: .writeFailed, detail: String(cString: sf_strerror(nil)))
        }
        // Clip on conversion to integer formats instead of wrapping around.
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        let frames = buffer.frameCount
        let channelCount = buffer.channelCount
        var interleaved = [Float](repeating: 0, count: frames * channelCount)
        for c in 0..<channelCount {
            let channel = buffer.channels[c]
            for i in 0..<frames { interleaved[i * channelCount + c] = channel[i] }
        }
        let written = interleaved.withUnsafeBufferPointer {
            sf_writef_float(handle, $0.baseAddress, sf_count_t(frames))
        }
        let closeStatus = sf_close(handle)
        guard written == frames, closeStatus == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw AudioError(path: path, kind: .writeFailed, detail: "wrote \(written) of \(frames) frames")
        }
    }
}
