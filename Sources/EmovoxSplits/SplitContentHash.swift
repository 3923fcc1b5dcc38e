import Crypto

/// The identity of a split's assignment, independent of sample IDs: SHA-256 (lower-case hex) over
/// the lines `checksum \t side \t fold \n`, sorted by checksum (bytewise), then side name
/// (bytewise), then fold (numerically). Two catalogs holding the same files split the same way
/// therefore get the same hash.
public enum SplitContentHash {
    /// Computes the hash of `assignments` (in any order).
    public static func compute(_ assignments: [SplitAssignment]) -> String {
        let order = assignments.indices.sorted { a, b in
            let left = assignments[a]
            let right = assignments[b]
            if left.checksum != right.checksum {
                return left.checksum.utf8.lexicographicallyPrecedes(right.checksum.utf8)
            }
            if left.side != right.side {
                return left.side.rawValue.utf8.lexicographicallyPrecedes(right.side.rawValue.utf8)
            }
            return left.fold < right.fold
        }
        var hasher = SHA256()
        var line: [UInt8] = []
        line.reserveCapacity(128)
        for index in order {
            let assignment = assignments[index]
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: assignment.checksum.utf8)
            line.append(UInt8(ascii: "\t"))
            line.append(contentsOf: assignment.side.rawValue.utf8)
            line.append(UInt8(ascii: "\t"))
            line.append(contentsOf: String(assignment.fold).utf8)
            line.append(UInt8(ascii: "\n"))
            hasher.update(data: line)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
