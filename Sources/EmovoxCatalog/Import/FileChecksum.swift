import Crypto
import Foundation

/// SHA-256 of a file's bytes, streamed in fixed-size chunks.
public enum FileChecksum {
    public struct Result: Sendable {
        public var hex: String
        public var size: Int64
    }

    public static func sha256(path: String) throws -> Result {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return Result(hex: hexString(hasher.finalize()), size: size)
    }
}
