import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written piece by piece that appears under its name only when complete, like
/// ``AtomicFile`` but without holding the whole content: text is buffered up to `bufferSize` bytes
/// and written to a temporary file beside the target, which ``commit()`` renames into place. A
/// stream dropped without `commit()` (an error, an interruption) removes its temporary file.
final class AtomicFileStream {
    let path: String
    private let temporary: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let bufferSize: Int
    private var committed = false

    /// Creates the folder if needed and opens the temporary file.
    /// - Throws: `CommandError` naming `path` and the reason.
    init(path: String, bufferSize: Int = 1 << 20) throws {
        self.path = path
        self.bufferSize = bufferSize
        temporary = try AtomicFile.temporaryPath(for: path)
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(bufferSize + 4096)
    }

    deinit {
        if !committed { unlink(temporary) }
        close(fd)
    }

    /// Appends `text` (UTF-8).
    func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Writes what is buffered and renames the file into place.
    func commit() throws {
        try flush()
        guard rename(temporary, path) == 0 else {
            throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    private func flush() throws {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
