import Crypto

/// One of `count` disjoint parts of a work list, assigned by a stable hash of each sample's checksum,
/// so a sample's shard never depends on which other samples are in the run or their order.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based index, `0..<count`.
    public let index: Int
    public let count: Int

    /// The whole work list.
    public static let all = Shard(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex: Int, count: Int) {
        self.index = uncheckedIndex
        self.count = count
    }

    /// `nil` unless `count >= 1` and `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `"i/N"` (0-based `i`, as in `--shard 0/4` … `--shard 3/4`).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// True when the sample with this source checksum belongs to this shard.
    public func contains(checksum: String) -> Bool {
        guard count > 1 else { return true }
        let digest = Array(SHA256.hash(data: Array(checksum.utf8)))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int(value % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }
}
