import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so readers see the old content or the whole new content, never a part.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let temporary = try temporaryPath(for: path)
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw CommandError("cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandError("cannot write \(path): \(reason)")
        }
    }

    /// Creates the folder of `path` and returns the name the file is written under before it is
    /// renamed to `path` (hidden, beside it, unique to this process).
    /// - Throws: `CommandError` naming `path` when the folder cannot be created.
    static func temporaryPath(for path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create the folder of \(path): \(error.localizedDescription)")
        }
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            .path
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }
}
