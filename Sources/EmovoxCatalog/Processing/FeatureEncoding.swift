import Crypto
import Foundation

/// Byte-exact storage of feature values and their names.
enum FeatureEncoding {
    /// Float64 little-endian; NaN is kept bit for bit.
    static func encode(_ values: [Double]) -> Data {
        var data = Data(capacity: values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data) -> [Double] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { index in
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
            }
        }
    }

    /// Identifies a set's column list: set, version and names.
    static func namesHash(setName: String, setVersion: Int, names: [String]) -> String {
        let text = ([setName, String(setVersion)] + names).joined(separator: "\n")
        return hexString(SHA256.hash(data: Data(text.utf8)))
    }
}

/// Lower-case hex of a digest's bytes (checksums, selection and schema hashes).
func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
