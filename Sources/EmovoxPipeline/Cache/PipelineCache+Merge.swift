import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PipelineCache {
    /// Copies every entry of `other` that this cache lacks, byte for byte, keeping entries that
    /// share a file in `other` in one file here (hard links, or copies where the filesystem has
    /// none). Entries this cache already holds are left alone: keys name their content, so merging
    /// the same cache twice adds nothing the second time. Each file is written under a temporary
    /// name and renamed, so readers see a complete entry or none.
    ///
    /// Holds the run lock meanwhile, so `emovox cache gc` never collects what is being added.
    /// - Returns: the entries (names) added and the bytes of the files written.
    /// - Throws: `CacheWriteError` when an entry cannot be read or written.
    @discardableResult
    public func merge(from other: PipelineCache) throws(CacheWriteError) -> CacheStats {
        let lock = lockForRun()
        defer { withExtendedLifetime(lock) {} }
        var added = CacheStats(entries: 0, bytes: 0)
        // A file of `other` that was already copied here, by inode: later names link to the copy.
        var copies: [UInt64: String] = [:]
        var failure: CacheWriteError?
        other.forEachEntry { key, sourcePath, status in
            guard failure == nil, let key, !contains(key) else { return }
            let path = path(for: key)
            do throws(CacheWriteError) {
                let shard = try makeShard(of: path)
                let temporary = "\(shard)/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
                if let copy = copies[UInt64(status.st_ino)], posixLink(copy, temporary) == 0 {
                    // Linked: no new bytes.
                } else {
                    try Self.copyFile(sourcePath, to: temporary)
                    copies[UInt64(status.st_ino)] = path
                    added.bytes += Int64(status.st_size)
                }
                guard rename(temporary, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    unlink(temporary)
                    throw CacheWriteError(path: path, reason: reason)
                }
                added.entries += 1
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return added
    }

    private static func copyFile(_ source: String, to destination: String) throws(CacheWriteError) {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw CacheWriteError(path: source, reason: String(cString: strerror(errno))) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard output >= 0 else {
            throw CacheWriteError(path: destination, reason: String(cString: strerror(errno)))
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var ok = true
        var offset = 0
        while ok {
            let n = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress!, $0.count, off_t(offset)) }
            if n < 0, errno == EINTR { continue }
            if n < 0 {
                ok = false
                break
            }
            if n == 0 { break }
            offset += n
            ok = buffer.withUnsafeBytes { writeAll(output, UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        let reason = String(cString: strerror(errno))
        let closed = close(output) == 0
        guard ok, closed else {
            unlink(destination)
            throw CacheWriteError(path: destination, reason: reason)
        }
    }
}
