import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source file's size and modification time. While both match what was recorded when its
/// checksum was last verified, the file's bytes are taken to be unchanged; otherwise it is hashed
/// again (a file replaced with `cp -p` or `touch -r` can defeat this gate, not the hash).
public struct SourceStamp: Sendable, Hashable {
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var modified: Int64

    public init(size: Int64, modified: Int64) {
        self.size = size
        self.modified = modified
    }

    /// The stamp of the file at `path` now; `nil` when it cannot be examined.
    public static func current(path: String) -> SourceStamp? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return SourceStamp(status)
    }

    init(_ status: stat) {
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }
}

/// How a run makes sure each source file still holds the bytes its checksum (which roots every
/// cache key of the sample) was computed from. Without this, a file replaced after import would be
/// processed and cached under the old content's keys, and stay wrong after it was restored.
public enum SourceVerification: Sendable, Equatable {
    /// No check: the caller computed the checksum from the file just now (`predict`).
    case none
    /// A file whose bytes changed is a per-sample failure that tells the user to re-import it.
    case failChanged
    /// A file whose bytes changed is processed under its new checksum, reported in
    /// ``SampleOutput/source`` so the caller can record it (an automatic re-import).
    case reimportChanged
}

/// A source file's checksum and stamp as a run found them.
public struct VerifiedSource: Sendable, Hashable {
    /// SHA-256 of the file's bytes, lower-case hex.
    public var checksum: String
    public var stamp: SourceStamp

    public init(checksum: String, stamp: SourceStamp) {
        self.checksum = checksum
        self.stamp = stamp
    }
}

/// Checks source files against their recorded checksums.
public enum SourceVerifier {
    /// The file's verified state: `input`'s own checksum when the file is unchanged (hashed only
    /// when its stamp differs from the recorded one), or its new checksum when it changed.
    /// - Throws: ``PipelineFailure`` (step `checksum`) when the file cannot be read.
    static func verify(_ input: PipelineInput) throws(PipelineFailure) -> VerifiedSource {
        guard let stamp = SourceStamp.current(path: input.path) else {
            throw PipelineFailure(
                path: input.path, step: step, reason: "cannot examine the file: \(String(cString: strerror(errno)))")
        }
        if let recorded = input.stamp, recorded == stamp {
            return VerifiedSource(checksum: input.checksum, stamp: stamp)
        }
        return try hash(path: input.path)
    }

    /// The step name failures of verification are recorded under.
    static let step = "checksum"

    /// SHA-256 of the file, with the stamp it had before and after reading (a file that changed
    /// while being read is an error, not a checksum of a mixture). The importer and `predict` hash
    /// with it too, so every checksum Emovox records is taken the same way.
    /// - Throws: ``PipelineFailure`` whose reason says why (no such file, permission denied, …).
    public static func hash(path: String) throws(PipelineFailure) -> VerifiedSource {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw PipelineFailure(
                path: path, step: step, reason: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0 else {
            throw PipelineFailure(
                path: path, step: step, reason: "cannot examine the file: \(String(cString: strerror(errno)))")
        }
        var hasher = SHA256()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw PipelineFailure(
                    path: path, step: step, reason: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
        }
        var after = stat()
        guard fstat(fd, &after) == 0, SourceStamp(after) == SourceStamp(before) else {
            throw PipelineFailure(path: path, step: step, reason: "the file changed while it was being read; run again")
        }
        return VerifiedSource(checksum: CacheKey.hex(hasher.finalize()), stamp: SourceStamp(before))
    }
}
