import EmovoxAudio
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Size of a cache, or of what a garbage collection removed.
public struct CacheStats: Sendable, Equatable {
    public var entries: Int
    public var bytes: Int64

    public init(entries: Int, bytes: Int64) {
        self.entries = entries
        self.bytes = bytes
    }
}

/// A content-addressed store of per-step results on disk.
///
/// Layout: `<directory>/<first two hex digits>/<remaining 62>`. Each file is
/// `"EMVXCACH"`, format version (UInt32 LE), payload length (UInt64 LE), XXH64 of the payload
/// (UInt64 LE), payload. Files are written to a temporary name in the shard and renamed into place, so readers
/// see a complete entry or none; a torn or corrupted entry fails its length or checksum check, is
/// deleted and is recomputed by the caller. Safe for concurrent use by many threads and processes.
public struct PipelineCache: Sendable {
    public let directory: String

    static let magic = Array("EMVXCACH".utf8)

    /// Opens (creating if needed) the cache at `directory`.
    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The file an entry lives in.
    public func path(for key: CacheKey) -> String {
        let hex = key.hex
        let split = hex.index(hex.startIndex, offsetBy: 2)
        return "\(directory)/\(hex[..<split])/\(hex[split...])"
    }

    /// True when an entry file exists (it may still turn out corrupt when read).
    public func contains(_ key: CacheKey) -> Bool {
        access(path(for: key), F_OK) == 0
    }

    func read(_ key: CacheKey) -> CacheEntry? {
        let path = path(for: key)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        var reader = ByteReader(bytes)
        guard let magic = reader.raw(count: 8), Array(magic) == Self.magic,
            reader.integer(UInt32.self) == CacheEntry.payloadVersion,
            let length = reader.integer(UInt64.self), let digest = reader.integer(UInt64.self),
            UInt64(reader.remaining) == length
        else {
            unlink(path)
            return nil
        }
        let payloadStart = reader.offset
        let actual = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[payloadStart...])) }
        guard actual == digest else {
            unlink(path)
            return nil
        }
        guard let entry = CacheEntry.decode(&reader) else {
            unlink(path)
            return nil
        }
        return entry
    }

    func write(_ entry: CacheEntry, for key: CacheKey) throws(CacheWriteError) {
        let payload = entry.encode()
        var header = ByteWriter()
        header.append(rawBytes: Self.magic)
        header.append(CacheEntry.payloadVersion)
        header.append(UInt64(payload.count))
        header.append(payload.withUnsafeBytes { XXHash64.hash($0) })
        let path = path(for: key)
        let shard = String(path[..<path.lastIndex(of: "/")!])
        if mkdir(shard, 0o755) != 0 && errno != EEXIST {
            throw CacheWriteError(path: shard, reason: String(cString: strerror(errno)))
        }
        let temporary = "\(shard)/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw CacheWriteError(path: temporary, reason: String(cString: strerror(errno))) }
        let ok = Self.writeAll(fd, header.bytes) && Self.writeAll(fd, payload)
        let closed = close(fd) == 0
        guard ok, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CacheWriteError(path: path, reason: reason)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// Entry files and their total size (temporary files of interrupted writes are not counted).
    public func stats() -> CacheStats {
        var stats = CacheStats(entries: 0, bytes: 0)
        forEachEntry { _, _, size in
            stats.entries += 1
            stats.bytes += size
        }
        return stats
    }

    /// Removes every entry whose key is not in `keep`, and leftover temporary files.
    /// - Returns: what was removed.
    @discardableResult
    public func gc(keep: Set<CacheKey>) -> CacheStats {
        var removed = CacheStats(entries: 0, bytes: 0)
        forEachEntry { key, path, size in
            if let key, keep.contains(key) { return }
            if unlink(path) == 0, key != nil {
                removed.entries += 1
                removed.bytes += size
            }
        }
        return removed
    }

    /// Visits every file in the shards: its key (nil for a temporary or foreign file), path and size.
    private func forEachEntry(_ body: (CacheKey?, String, Int64) -> Void) {
        let fm = FileManager.default
        guard let shards = try? fm.contentsOfDirectory(atPath: directory) else { return }
        for shard in shards.sorted() where shard.utf8.count == 2 {
            guard let names = try? fm.contentsOfDirectory(atPath: "\(directory)/\(shard)") else { continue }
            for name in names.sorted() {
                let path = "\(directory)/\(shard)/\(name)"
                var status = stat()
                guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
                body(CacheKey(hex: shard + name), path, Int64(status.st_size))
            }
        }
    }
}

/// A cache entry could not be written (disk full, permissions).
public struct CacheWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write cache entry \(path): \(reason)" }
}

/// `write(2)`, named apart from ``PipelineCache/write(_:for:)``.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}

extension PipelineCache {
    /// The processed audio stored under `key` (e.g. ``SampleOutput/audioKey``), following
    /// references and derivations; `nil` when an entry on the way is absent or corrupt.
    public func audio(for key: CacheKey) -> AudioBuffer? {
        guard let entry = read(key) else { return nil }
        guard let samples = samples(of: entry, depth: 0) else { return nil }
        let rate =
            if case .inline(_, let sampleRate) = entry.audio { sampleRate } else { entry.metadata.processedSampleRate }
        return AudioBuffer(mono: samples, sampleRate: rate)
    }

    /// The samples an entry stands for. `depth` bounds the chain so a corrupt cycle cannot recurse
    /// forever (a pipeline has far fewer steps).
    func samples(of entry: CacheEntry, depth: Int) -> [Float]? {
        guard depth < 64 else { return nil }
        switch entry.audio {
        case .inline(let samples, _):
            return samples
        case .reference(let target):
            return read(target).flatMap { samples(of: $0, depth: depth + 1) }
        case .derived(let parent, let range, let gain):
            guard let source = read(parent).flatMap({ samples(of: $0, depth: depth + 1) }),
                range.upperBound <= source.count
            else { return nil }
            if gain == 1 { return Array(source[range]) }
            return source[range].map { $0 * gain }
        }
    }
}
