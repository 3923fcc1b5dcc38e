import CSndFile

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open libsndfile handle for reading. Closed when the value is released.
///
/// Not `Sendable`: a handle belongs to the task that opened it.
final class SoundFile {
    let path: String
    let info: AudioFileInfo
    private let handle: OpaquePointer

    init(readingFrom path: String) throws(AudioError) {
        // Distinguish the causes libsndfile folds into one "cannot open" so users get the real one.
        var status = stat()
        if stat(path, &status) != 0 {
            throw AudioError(path: path, kind: errno == EACCES ? .unreadable : .notFound)
        }
        if access(path, R_OK) != 0 {
            throw AudioError(path: path, kind: .unreadable, detail: "permission denied")
        }
        if status.st_size == 0 {
            throw AudioError(path: path, kind: .empty, detail: "zero-byte file")
        }
        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            let reason = String(cString: sf_strerror(nil))
            throw AudioError(path: path, kind: .unsupported, detail: reason)
        }
        self.path = path
        self.handle = handle
        self.info = AudioFileInfo(sfInfo)
        guard sfInfo.frames > 0, sfInfo.channels > 0, sfInfo.samplerate > 0 else {
            sf_close(handle)
            throw AudioError(path: path, kind: .empty, detail: "header reports \(sfInfo.frames) frames")
        }
    }

    deinit { sf_close(handle) }

    /// Reads up to `frames` interleaved float32 frames into `buffer` (room for `frames × channels`
    /// samples) and returns how many it read; 0 at the end of the file or on a read error.
    func readFrames(into buffer: UnsafeMutablePointer<Float>, frames: Int) -> Int {
        max(0, Int(sf_readf_float(handle, buffer, sf_count_t(frames))))
    }

    /// Reads every frame as interleaved float32 in [-1, 1].
    func readAllInterleaved() throws(AudioError) -> [Float] {
        let channels = info.channels
        let expected = Int(info.frames)
        // Uninitialized: libsndfile writes every frame it reports, and only those are kept.
        var got = 0
        let samples = [Float](unsafeUninitializedCapacity: expected * channels) { buffer, initialized in
            got = max(0, Int(sf_readf_float(handle, buffer.baseAddress, sf_count_t(expected))))
            initialized = got * channels
        }
        if got < expected {
            // A truncated data chunk: keep what decoded only if most of it did; a file that yields
            // less than half its declared frames is treated as corrupt rather than silently short.
            guard got > 0, got * 2 >= expected else {
                throw AudioError(
                    path: path, kind: .truncated, detail: "decoded \(got) of \(expected) frames")
            }
        }
        return samples
    }
}
