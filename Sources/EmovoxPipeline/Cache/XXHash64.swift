/// XXH64 (Yann Collet's xxHash, 64-bit, seed 0): the checksum that guards cache entry payloads.
///
/// Entries need protection against torn or corrupted files, not against an adversary (their keys
/// are SHA-256 digests already), and hashing every payload with SHA-256 cost about as much CPU as
/// writing it. XXH64 runs at several GB/s and detects any such damage with overwhelming probability.
/// Verified against the reference implementation's outputs in the tests.
enum XXHash64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        (accumulator &+ input &* prime2).rotatedLeft(31) &* prime1
    }

    @inline(__always)
    private static func merge(_ hash: UInt64, _ accumulator: UInt64) -> UInt64 {
        (hash ^ round(0, accumulator)) &* prime1 &+ prime4
    }

    /// The digest of `bytes`.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = Streaming()
        state.update(bytes)
        return state.digest()
    }

    /// XXH64 over data that arrives in pieces (a cache entry's header fields, then its samples
    /// straight from their array): the same digest as hashing the concatenation at once.
    struct Streaming {
        private var v1 = XXHash64.prime1 &+ XXHash64.prime2
        private var v2 = XXHash64.prime2
        private var v3: UInt64 = 0
        private var v4 = 0 &- XXHash64.prime1
        private var total = 0
        /// Bytes of an incomplete 32-byte stripe, waiting for the next piece.
        private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var pendingCount = 0

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            total += bytes.count
            var offset = 0
            if pendingCount > 0 {
                let take = min(32 - pendingCount, bytes.count)
                withUnsafeMutableBytes(of: &pending) { stripe in
                    stripe.baseAddress!.advanced(by: pendingCount).copyMemory(
                        from: bytes.baseAddress!, byteCount: take)
                }
                pendingCount += take
                offset = take
                if pendingCount < 32 { return }
                withUnsafeBytes(of: pending) { consume(stripe: $0, at: 0) }
                pendingCount = 0
            }
            while offset + 32 <= bytes.count {
                consume(stripe: bytes, at: offset)
                offset += 32
            }
            if offset < bytes.count {
                pendingCount = bytes.count - offset
                withUnsafeMutableBytes(of: &pending) { stripe in
                    stripe.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: pendingCount)
                }
            }
        }

        @inline(__always)
        private mutating func consume(stripe bytes: UnsafeRawBufferPointer, at offset: Int) {
            func load64(_ at: Int) -> UInt64 {
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            }
            v1 = XXHash64.round(v1, load64(offset))
            v2 = XXHash64.round(v2, load64(offset + 8))
            v3 = XXHash64.round(v3, load64(offset + 16))
            v4 = XXHash64.round(v4, load64(offset + 24))
        }

        func digest() -> UInt64 {
            var hash: UInt64
            if total >= 32 {
                hash = v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
                hash = XXHash64.merge(XXHash64.merge(XXHash64.merge(XXHash64.merge(hash, v1), v2), v3), v4)
            } else {
                hash = XXHash64.prime5
            }
            hash &+= UInt64(total)
            return withUnsafeBytes(of: pending) { tail in
                let count = pendingCount
                var offset = 0
                while offset + 8 <= count {
                    let word = UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    hash = (hash ^ XXHash64.round(0, word)).rotatedLeft(27) &* XXHash64.prime1 &+ XXHash64.prime4
                    offset += 8
                }
                if offset + 4 <= count {
                    let word = UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                    hash =
                        (hash ^ UInt64(word) &* XXHash64.prime1).rotatedLeft(23) &* XXHash64.prime2 &+ XXHash64.prime3
                    offset += 4
                }
                while offset < count {
                    hash = (hash ^ UInt64(tail[offset]) &* XXHash64.prime5).rotatedLeft(11) &* XXHash64.prime1
                    offset += 1
                }
                hash ^= hash >> 33
                hash &*= XXHash64.prime2
                hash ^= hash >> 29
                hash &*= XXHash64.prime3
                hash ^= hash >> 32
                return hash
            }
        }
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
