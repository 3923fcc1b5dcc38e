import Crypto

/// A content address: SHA-256 (hex) of a step's input key, canonical parameters and version.
public struct CacheKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 64 lowercase hex digits.
    public let hex: String

    /// Wraps an existing key; `nil` unless `hex` is 64 lowercase hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        self.hex = hex
    }

    private init(digest: SHA256.Digest) {
        hex = Self.hex(digest)
    }

    /// A SHA-256 digest as 64 lower-case hex digits.
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The key of the first step: rooted in the source file's checksum.
    static func root(sourceChecksum: String, step: String, identity: String) -> CacheKey {
        derive("source:" + sourceChecksum, step: step, identity: identity)
    }

    /// The key of a later step: rooted in the previous step's key.
    func next(step: String, identity: String) -> CacheKey {
        Self.derive("key:" + hex, step: step, identity: identity)
    }

    private static func derive(_ parent: String, step: String, identity: String) -> CacheKey {
        // Newline-separated fields; none may contain a newline except `identity`, which comes last.
        let text = "emovox-step-key-v1\n\(parent)\n\(step)\n\(identity)"
        return CacheKey(digest: SHA256.hash(data: Array(text.utf8)))
    }

    public var description: String { hex }
    public static func < (a: CacheKey, b: CacheKey) -> Bool { a.hex < b.hex }
}
