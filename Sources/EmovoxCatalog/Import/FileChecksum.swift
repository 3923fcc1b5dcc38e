import Crypto
import Foundation

/// SHA-256 of a file's bytes, streamed in fixed-size chunks.
public enum FileChecksum {
    public struct Result: Sendable {
        public var hex: String
        public var size: Int64
        /// Modification time (nanoseconds since 1970) before the file was read.
        public var modified: Int64?
    }

    public static func sha256(path: String) throws -> Result {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission)
        }
        defer { try? handle.close() }
        var status = stat()
        let modified =
            fstat(handle.fileDescriptor, &status) == 0
            ? Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec) : nil
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return Result(hex: hexString(hasher.finalize()), size: size, modified: modified)
    }
}
