/// Little-endian byte writer for cache entries.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func append(_ value: Double) { append(value.bitPattern) }
    mutating func append(_ value: Bool) { append(UInt8(value ? 1 : 0)) }
    mutating func append(_ value: Double?) {
        append(value != nil)
        append(value ?? 0)
    }
    mutating func append(_ value: String) {
        let utf8 = Array(value.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    /// Raw float32 samples (the platform is little-endian; see `ByteReader.floats`).
    mutating func append(floats: [Float]) {
        append(UInt64(floats.count))
        floats.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    /// Samples as 16-bit integers (`value × 32768`), when every one of them is exactly such a value
    /// — as decoded 16-bit PCM is — so the encoding is lossless. Returns false, appending nothing,
    /// otherwise.
    mutating func append(exactPCM16 samples: [Float]) -> Bool {
        append(UInt64(samples.count))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 2 * samples.count))
        let exact = samples.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBytes { raw in
                let target = raw.baseAddress! + start
                var rejected: UInt32 = 0
                for i in source.indices {
                    let (code, exact) = Self.pcm16(source[i])
                    rejected |= exact ? 0 : 1
                    target.storeBytes(of: code.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                }
                return rejected == 0
            }
        }
        if !exact { bytes.removeLast(bytes.count - start + 8) }
        return exact
    }
    /// True when every sample is exactly a 16-bit code (what `append(exactPCM16:)` stores losslessly).
    static func isExactPCM16(_ samples: [Float]) -> Bool {
        var rejected: UInt32 = 0
        for sample in samples { rejected |= pcm16(sample).exact ? 0 : 1 }
        return rejected == 0
    }

    /// A sample's 16-bit code, and whether the sample is exactly that code / 32768.
    ///
    /// Branch-free so loops over it vectorize. Adding 1.5 · 2^23 rounds a float below 2^22 in
    /// magnitude to an integer held in the low mantissa bits (two's complement in the low 16 for
    /// |k| ≤ 2^15); subtracting it back gives that integer as a float. Scaling by 32768 is exact, so
    /// the sample is k/32768 iff the two agree. The range test also rejects NaN and infinities, and
    /// -0 is excluded so decoding is exact.
    @inline(__always)
    static func pcm16(_ sample: Float) -> (code: UInt16, exact: Bool) {
        let magic: Float = 12_582_912
        let scaled = sample * 32_768
        let shifted = scaled + magic
        let exact =
            shifted - magic == scaled && scaled >= -32_768 && scaled <= 32_767 && sample.bitPattern != 0x8000_0000
        return (UInt16(truncatingIfNeeded: shifted.bitPattern), exact)
    }

    mutating func append(rawBytes: some Collection<UInt8>) { bytes.append(contentsOf: rawBytes) }
    mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }
    /// Drops everything written after the first `count` bytes.
    mutating func truncate(to count: Int) { bytes.removeLast(bytes.count - count) }
}

/// Reader matching ``ByteWriter``; every accessor fails (returns nil) rather than trapping on short input.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { return nil }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + size)]))
            }
        }
        offset += size
        return T(littleEndian: value)
    }
    mutating func double() -> Double? { integer(UInt64.self).map(Double.init(bitPattern:)) }
    mutating func bool() -> Bool? {
        guard let byte = integer(UInt8.self), byte <= 1 else { return nil }
        return byte == 1
    }
    mutating func optionalDouble() -> Double?? {
        guard let present = bool(), let value = double() else { return nil }
        return .some(present ? value : nil)
    }
    mutating func string() -> String? {
        guard let count = integer(UInt32.self), remaining >= Int(count) else { return nil }
        defer { offset += Int(count) }
        return String(decoding: bytes[offset..<(offset + Int(count))], as: UTF8.self)
    }
    mutating func floats() -> [Float]? {
        guard let count = integer(UInt64.self), count <= UInt64(remaining / 4) else { return nil }
        let n = Int(count)
        var values = [Float](repeating: 0, count: n)
        values.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n * 4)]))
            }
        }
        offset += n * 4
        return values
    }
    /// Samples written by `ByteWriter.append(exactPCM16:)`.
    mutating func pcm16Floats() -> [Float]? {
        guard let count = integer(UInt64.self), count <= UInt64(remaining / 2) else { return nil }
        let n = Int(count)
        var values = [Float](repeating: 0, count: n)
        bytes.withUnsafeBytes { source in
            let start = source.baseAddress! + offset
            values.withUnsafeMutableBufferPointer { target in
                for i in 0..<n {
                    target[i] = Float(start.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)) / 32_768
                }
            }
        }
        offset += n * 2
        return values
    }
    mutating func raw(count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, remaining >= count else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}
