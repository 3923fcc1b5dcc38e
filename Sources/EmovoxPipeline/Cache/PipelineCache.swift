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
/// Layout: `<directory>/<first two hex digits>/<remaining 62>`, one name per key. A file holds one
/// or more entries written by one pass over a sample: the entry that holds a signal and the small
/// entries derived from it (trim range, normalization gain, features), each key's name being a hard
/// link to that one file. Inode creation, not writing, dominates the cost of small files on common
/// filesystems, so a pass over five steps creates two files instead of five.
///
/// File format: `"EMVXCACH"`, format version (UInt32 LE), entry count (UInt32 LE), then per entry
/// its key (64 ASCII hex digits), offset and length in the file (UInt64 LE each) and the XXH64 of
/// its payload (UInt64 LE); then the XXH64 of everything before it; then the payloads, small ones
/// first so that reading one costs a single short read. Files are written to a temporary name in
/// the shard, renamed into place and linked, so readers see a complete entry or none; a torn or
/// corrupted entry fails its length or checksum check, its name is removed and the caller
/// recomputes it. Safe for concurrent use by many threads and processes.
public struct PipelineCache: Sendable {
    public let directory: String

    static let magic = Array("EMVXCACH".utf8)
    /// Bytes of one table row: key, offset, length, checksum.
    static let tableRowSize = 64 + 3 * 8
    /// Bytes read first when looking an entry up: the header, the table and, usually, the entry.
    static let prefixSize = 16 * 1024

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

    /// Where `key`'s payload lies in its file, after checking the file's header and table; `nil`
    /// when the file is absent or its header is damaged.
    func payloadRange(for key: CacheKey) -> (range: Range<Int>, digest: UInt64)? {
        let fd = open(path(for: key), O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return Self.readTable(fd, key: key)?.entry
    }

    func read(_ key: CacheKey) -> CacheEntry? {
        let path = path(for: key)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        let entry = Self.readEntry(fd, key: key)
        close(fd)
        guard let entry else {
            unlink(path)
            return nil
        }
        return entry
    }

    /// The verified entry `key` of an open entry file; `nil` when it is damaged.
    private static func readEntry(_ fd: Int32, key: CacheKey) -> CacheEntry? {
        guard let (prefix, entry) = readTable(fd, key: key) else { return nil }
        if entry.range.count >= 4 * CacheEntry.streamedSignalLength {
            let signal = readFloatSignal(fd, range: entry.range, digest: entry.digest)
            if signal.applies { return signal.entry }
        }
        let payload =
            entry.range.upperBound <= prefix.count
            ? Array(prefix[entry.range]) : readBytes(fd, offset: entry.range.lowerBound, count: entry.range.count)
        guard let payload, payload.withUnsafeBytes({ XXHash64.hash($0) }) == entry.digest else { return nil }
        var reader = ByteReader(payload)
        return CacheEntry.decode(&reader)
    }

    /// A long float32 signal's entry, its samples read from the file straight into their array, so
    /// a one-hour recording is not held twice (as bytes, then as samples) while it loads.
    /// `applies` is false when the payload holds something else, to be read the general way.
    private static func readFloatSignal(_ fd: Int32, range: Range<Int>, digest: UInt64) -> (
        entry: CacheEntry?, applies: Bool
    ) {
        // The description (metadata, features) comes first and is small for a signal's entry.
        guard let head = readBytes(fd, offset: range.lowerBound, count: min(range.count, 1 << 16)) else {
            return (nil, true)
        }
        var reader = ByteReader(head)
        guard let signal = CacheEntry.decodeFloatSignalHead(&reader) else { return (nil, false) }
        let headLength = reader.offset
        guard headLength + 4 * signal.sampleCount == range.count else { return (nil, true) }
        var complete = false
        let samples = [Float](unsafeUninitializedCapacity: signal.sampleCount) { buffer, initialized in
            complete = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), offset: range.lowerBound + headLength)
            initialized = signal.sampleCount
        }
        var state = XXHash64.Streaming()
        head.withUnsafeBytes { state.update(UnsafeRawBufferPointer(rebasing: $0[..<headLength])) }
        samples.withUnsafeBytes { state.update($0) }
        guard complete, state.digest() == digest else { return (nil, true) }
        return (
            CacheEntry(
                metadata: signal.metadata, features: signal.features,
                audio: .inline(samples: samples, sampleRate: signal.sampleRate)), true
        )
    }

    /// The header, table and the row for `key` of an open entry file, plus the prefix bytes read.
    private static func readTable(_ fd: Int32, key: CacheKey) -> (
        prefix: [UInt8], entry: (range: Range<Int>, digest: UInt64)
    )? {
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        let prefix = readBytes(fd, offset: 0, count: min(size, prefixSize))
        guard let prefix else { return nil }
        var reader = ByteReader(prefix)
        guard let magic = reader.raw(count: 8), Array(magic) == Self.magic,
            reader.integer(UInt32.self) == CacheEntry.payloadVersion, let count = reader.integer(UInt32.self),
            count > 0, Int(count) * tableRowSize + 8 <= reader.remaining
        else { return nil }
        var found: (range: Range<Int>, digest: UInt64)?
        let wanted = Array(key.hex.utf8)
        for _ in 0..<count {
            guard let rowKey = reader.raw(count: 64), let offset = reader.integer(UInt64.self),
                let length = reader.integer(UInt64.self), let digest = reader.integer(UInt64.self)
            else { return nil }
            if rowKey.elementsEqual(wanted) {
                guard offset <= UInt64(size), length <= UInt64(size) - offset else { return nil }
                found = (Int(offset)..<Int(offset + length), digest)
            }
        }
        let tableEnd = reader.offset
        guard let tableDigest = reader.integer(UInt64.self),
            prefix.withUnsafeBytes({ XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[..<tableEnd])) }) == tableDigest,
            let found, found.range.lowerBound >= reader.offset
        else { return nil }
        return (prefix, found)
    }

    /// Exactly `count` bytes at `offset`, or `nil` on a short or failed read.
    private static func readBytes(_ fd: Int32, offset: Int, count: Int) -> [UInt8]? {
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            complete = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), offset: offset)
            initialized = count
        }
        return complete ? bytes : nil
    }

    /// Fills `buffer` from `offset`; false on a short or failed read.
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Writes one sample's entries from one pass as a single file, named by every key.
    func write(_ entries: [(key: CacheKey, entry: CacheEntry)]) throws(CacheWriteError) {
        try write(encoded: entries.map { ($0.key, $0.entry.encodedPayload()) })
    }

    /// Writes already encoded entries (``CacheEntry/encode()``) as a single file, named by every key.
    /// Encoding a signal's entry as soon as it exists lets the caller go on changing the signal in
    /// place instead of copying it while the entry waits for the small entries derived from it.
    func write(encoded entries: [(key: CacheKey, payload: EncodedPayload)]) throws(CacheWriteError) {
        guard let first = entries.first else { return }
        // Small payloads first, so that looking one of them up reads only the file's first block.
        let payloads = entries.map(\.payload)
        let order = payloads.indices.sorted { (payloads[$0].count, $0) < (payloads[$1].count, $1) }
        var header = ByteWriter()
        header.append(rawBytes: Self.magic)
        header.append(CacheEntry.payloadVersion)
        header.append(UInt32(entries.count))
        var offsets = [UInt64](repeating: 0, count: entries.count)
        var offset = UInt64(16 + entries.count * Self.tableRowSize + 8)
        for i in order {
            offsets[i] = offset
            offset += UInt64(payloads[i].count)
        }
        for i in entries.indices {
            header.append(rawBytes: entries[i].key.hex.utf8)
            header.append(offsets[i])
            header.append(UInt64(payloads[i].count))
            header.append(payloads[i].digest())
        }
        header.append(header.bytes.withUnsafeBytes { XXHash64.hash($0) })
        let path = path(for: first.key)
        let shard = try makeShard(of: path)
        let temporary = "\(shard)/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw CacheWriteError(path: temporary, reason: String(cString: strerror(errno))) }
        var ok = header.bytes.withUnsafeBytes { Self.writeAll(fd, $0) }
        for i in order where ok {
            ok = payloads[i].head.withUnsafeBytes { Self.writeAll(fd, $0) }
            if ok, let samples = payloads[i].samples { ok = samples.withUnsafeBytes { Self.writeAll(fd, $0) } }
        }
        let closed = close(fd) == 0
        guard ok, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CacheWriteError(path: path, reason: reason)
        }
        for (key, payload) in entries.dropFirst() {
            try link(path, as: key, fallback: payload)
        }
    }

    /// Names the file at `target` also as `key`'s entry, replacing an existing name; where the
    /// filesystem has no hard links, writes `fallback` (an encoded entry) as a file of its own.
    private func link(_ target: String, as key: CacheKey, fallback: EncodedPayload) throws(CacheWriteError) {
        let path = path(for: key)
        let shard = try makeShard(of: path)
        // Linked under a temporary name and renamed, so an existing (possibly damaged) name is
        // replaced atomically.
        let temporary = "\(shard)/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        if posixLink(target, temporary) == 0 {
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw CacheWriteError(path: path, reason: reason)
            }
            // When `path` already names the same file (an identical run linked it first), rename(2)
            // succeeds without doing anything and the temporary name stays: remove it. After a real
            // rename the name is gone and this fails harmlessly.
            unlink(temporary)
            return
        }
        guard [EPERM, EXDEV, EMLINK, ENOTSUP, EOPNOTSUPP].contains(errno) else {
            throw CacheWriteError(path: path, reason: String(cString: strerror(errno)))
        }
        try write(encoded: [(key, fallback)])
    }

    /// Creates the shard folder of an entry path if needed and returns it.
    func makeShard(of path: String) throws(CacheWriteError) -> String {
        let shard = String(path[..<path.lastIndex(of: "/")!])
        if mkdir(shard, 0o755) != 0 && errno != EEXIST {
            throw CacheWriteError(path: shard, reason: String(cString: strerror(errno)))
        }
        return shard
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
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

    /// Entries (names) and the size of the files holding them, each file counted once however
    /// many entries it holds (temporary files of interrupted writes are not counted).
    public func stats() -> CacheStats {
        var stats = CacheStats(entries: 0, bytes: 0)
        var files = Set<UInt64>()
        forEachEntry { key, _, status in
            guard key != nil else { return }
            stats.entries += 1
            if files.insert(UInt64(status.st_ino)).inserted { stats.bytes += Int64(status.st_size) }
        }
        return stats
    }

    /// Removes every entry whose key is not in `keep`, and leftover temporary files. A file's
    /// bytes are freed (and counted as removed) with its last entry; small entries that share a
    /// file with a kept one stay until it goes.
    ///
    /// Files changed less than `age` seconds ago are spared, and so are temporary files younger
    /// than ``activeRunGrace`` whatever `age` is: a run writes an entry under a temporary name and
    /// renames it, and deleting that name under it would fail the sample. Pass
    /// ``activeRunGrace`` when ``lockForCollection()`` found the cache in use.
    /// - Returns: what was removed.
    @discardableResult
    public func gc(keep: Set<CacheKey>, sparingFilesYoungerThan age: Double = 0) -> CacheStats {
        var removed = CacheStats(entries: 0, bytes: 0)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        func isYounger(_ status: stat, than seconds: Double) -> Bool {
            // Modification time is enough: a run only ever names (links) files it has just written.
            let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 - modified < seconds
        }
        forEachEntry { key, path, status in
            if let key, keep.contains(key) { return }
            if isYounger(status, than: key == nil ? max(age, Self.activeRunGrace) : age) { return }
            // Re-read the link count right before unlinking: earlier removals lowered it.
            var status = stat()
            guard stat(path, &status) == 0, unlink(path) == 0, key != nil else { return }
            removed.entries += 1
            if status.st_nlink == 1 { removed.bytes += Int64(status.st_size) }
        }
        return removed
    }

    /// Visits every file in the shards: its key (nil for a temporary or foreign file), path and status.
    func forEachEntry(_ body: (CacheKey?, String, stat) -> Void) {
        let fm = FileManager.default
        guard let shards = try? fm.contentsOfDirectory(atPath: directory) else { return }
        for shard in shards.sorted() where shard.utf8.count == 2 {
            guard let names = try? fm.contentsOfDirectory(atPath: "\(directory)/\(shard)") else { continue }
            for name in names.sorted() {
                let path = "\(directory)/\(shard)/\(name)"
                var status = stat()
                guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
                body(CacheKey(hex: shard + name), path, status)
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

/// `link(2)`, named apart from `PipelineCache.link(_:as:fallback:)`.
func posixLink(_ target: String, _ name: String) -> Int32 {
    #if canImport(Glibc)
        Glibc.link(target, name)
    #else
        Darwin.link(target, name)
    #endif
}

/// `write(2)`, named apart from `PipelineCache.write(_:)`.
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
            guard var source = read(parent).flatMap({ samples(of: $0, depth: depth + 1) }),
                range.upperBound <= source.count
            else { return nil }
            // In place (nothing else holds `source`): a long recording is never held twice. The
            // same one multiply per sample as the step made, so the result is bit-identical.
            if range.count != source.count {
                source.removeSubrange(range.upperBound...)
                source.removeSubrange(..<range.lowerBound)
            }
            if gain != 1 {
                source.withUnsafeMutableBufferPointer { samples in
                    for i in samples.indices { samples[i] *= gain }
                }
            }
            return source
        }
    }
}
