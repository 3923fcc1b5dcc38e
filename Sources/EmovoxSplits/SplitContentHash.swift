import Crypto
import Foundation

/// The identity of a split's assignment, independent of sample IDs: SHA-256 (lower-case hex) over
/// the lines `checksum \t side \t fold \n`, sorted by checksum (bytewise), then side name
/// (bytewise), then fold (numerically). Two catalogs holding the same files split the same way
/// therefore get the same hash.
public enum SplitContentHash {
    /// Computes the hash of `assignments` (in any order).
    public static func compute(_ assignments: [SplitAssignment]) -> String {
        // Sorting SplitAssignment values directly costs a retain/release and a generic string
        // comparison per step; instead the checksums are packed into one byte buffer once and the
        // index permutation is sorted with memcmp.
        var checksumBytes: [UInt8] = []
        checksumBytes.reserveCapacity(assignments.count * 64)
        var checksumStart = [Int](repeating: 0, count: assignments.count + 1)
        var sideRank = [UInt8](repeating: 0, count: assignments.count)
        var folds = [Int](repeating: 0, count: assignments.count)
        for (index, assignment) in assignments.enumerated() {
            checksumBytes.append(contentsOf: assignment.checksum.utf8)
            checksumStart[index + 1] = checksumBytes.count
            sideRank[index] = sideNameRank(assignment.side)
            folds[index] = assignment.fold
        }
        var order = Array(0..<assignments.count)
        checksumBytes.withUnsafeBufferPointer { bytes in
            checksumStart.withUnsafeBufferPointer { start in
                order.sort { a, b in
                    let lengthA = start[a + 1] - start[a]
                    let lengthB = start[b + 1] - start[b]
                    let common = min(lengthA, lengthB)
                    if common > 0 {
                        let comparison = memcmp(
                            bytes.baseAddress! + start[a], bytes.baseAddress! + start[b], common)
                        if comparison != 0 { return comparison < 0 }
                    }
                    if lengthA != lengthB { return lengthA < lengthB }
                    if sideRank[a] != sideRank[b] { return sideRank[a] < sideRank[b] }
                    return folds[a] < folds[b]
                }
            }
        }
        var hasher = SHA256()
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        for index in order {
            chunk.append(contentsOf: checksumBytes[checksumStart[index]..<checksumStart[index + 1]])
            chunk.append(UInt8(ascii: "\t"))
            chunk.append(contentsOf: assignments[index].side.rawValue.utf8)
            chunk.append(UInt8(ascii: "\t"))
            chunk.append(contentsOf: String(folds[index]).utf8)
            chunk.append(UInt8(ascii: "\n"))
            if chunk.count >= (1 << 16) - 256 {
                hasher.update(data: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(data: chunk)
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Position of the side's name in bytewise order: "test" < "train" < "validation".
    private static func sideNameRank(_ side: SplitSide) -> UInt8 {
        switch side {
        case .test: 0
        case .train: 1
        case .validation: 2
        }
    }
}
