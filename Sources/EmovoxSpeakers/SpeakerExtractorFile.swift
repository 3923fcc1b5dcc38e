import Foundation

/// Why an extractor file cannot be read.
public struct ExtractorFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The extractor file: a magic line, a JSON header (format version, dimensions, settings,
/// provenance, calibration, payload size and checksum) and the model's numbers as little-endian
/// IEEE 754 doubles in a fixed order. Nothing in it depends on when or how fast it was made, so the
/// same training gives the same bytes.
public enum SpeakerExtractorFile {
    public static let magic = "EMOVOX-SPEAKER-EXTRACTOR\n"
    public static let version = 1

    struct Header: Codable {
        var format: String
        var version: Int
        var features: SpeakerFeatureConfiguration
        var components: Int
        var dimension: Int
        var rank: Int
        var embeddingDimension: Int
        var calibration: ScoreCalibration
        var provenance: ExtractorProvenance
        var payloadValues: Int
        /// FNV-1a 64 of the payload bytes, hex.
        var payloadChecksum: String
    }

    public static func encode(_ model: SpeakerExtractor) throws -> Data {
        var payload: [Double] = []
        payload += model.ubm.weights
        payload += model.ubm.means
        payload += model.ubm.variances
        payload += model.ivectors.matrix
        payload += model.transform.mean
        payload += model.transform.projection
        payload += model.plda.mean
        payload += model.plda.transform
        payload += model.plda.psi
        var bytes = Data(capacity: payload.count * 8)
        for value in payload { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        let header = Header(
            format: "emovox-speaker-extractor", version: version, features: model.features,
            components: model.ubm.components, dimension: model.ubm.dimension, rank: model.ivectors.rank,
            embeddingDimension: model.transform.dimension, calibration: model.calibration,
            provenance: model.provenance, payloadValues: payload.count, payloadChecksum: checksum(bytes))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data(magic.utf8)
        data.append(try encoder.encode(header))
        data.append(Data("\n".utf8))
        data.append(bytes)
        return data
    }

    public static func decode(_ data: Data) throws(ExtractorFileError) -> SpeakerExtractor {
        let magicBytes = Data(magic.utf8)
        guard data.count > magicBytes.count, data.prefix(magicBytes.count) == magicBytes else {
            throw ExtractorFileError("not an emovox speaker extractor (no header)")
        }
        let rest = data.dropFirst(magicBytes.count)
        guard let newline = rest.firstIndex(of: 0x0A) else { throw ExtractorFileError("truncated header") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(rest[rest.startIndex..<newline]))
        } catch {
            throw ExtractorFileError("unreadable header")
        }
        guard header.format == "emovox-speaker-extractor" else { throw ExtractorFileError("unknown format") }
        guard header.version == version else {
            throw ExtractorFileError("format version \(header.version); this emovox reads version \(version)")
        }
        let c = header.components
        let d = header.dimension
        let r = header.rank
        let e = header.embeddingDimension
        guard c > 0, d > 0, r > 0, e > 0, d == header.features.dimension, e <= r else {
            throw ExtractorFileError("inconsistent dimensions")
        }
        let sizes = [c, c * d, c * d, c * d * r, r, e * r, e, e * e, e]
        let expected = sizes.reduce(0, +)
        let payload = Data(rest[(newline + 1)...])
        guard header.payloadValues == expected, payload.count == expected * 8 else {
            throw ExtractorFileError("truncated or padded: \(payload.count) payload bytes, expected \(expected * 8)")
        }
        guard checksum(payload) == header.payloadChecksum else {
            throw ExtractorFileError("checksum mismatch (the file is corrupt)")
        }
        var values = [Double](repeating: 0, count: expected)
        payload.withUnsafeBytes { raw in
            for i in 0..<expected {
                values[i] = Double(
                    bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
        }
        guard values.allSatisfy(\.isFinite) else { throw ExtractorFileError("non-finite model values") }
        var offset = 0
        func take(_ n: Int) -> [Double] {
            defer { offset += n }
            return Array(values[offset..<(offset + n)])
        }
        let ubm = DiagonalGMM(weights: take(c), means: take(c * d), variances: take(c * d))
        guard ubm.variances.allSatisfy({ $0 > 0 }) else { throw ExtractorFileError("non-positive UBM variance") }
        let ivectors = IVectorExtractor(matrix: take(c * d * r), variances: ubm.variances, components: c, dimension: d)
        let transform = EmbeddingTransform(inputDimension: r, dimension: e, mean: take(r), projection: take(e * r))
        let plda = TwoCovariancePLDA(dimension: e, mean: take(e), transform: take(e * e), psi: take(e))
        return SpeakerExtractor(
            features: header.features, ubm: ubm, ivectors: ivectors, transform: transform, plda: plda,
            calibration: header.calibration, provenance: header.provenance)
    }

    /// FNV-1a, 64-bit, as 16 hex digits: the payload checksum, and the fingerprint that ties an
    /// enrolled embedding to the extractor file that made it.
    public static func checksum(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(format: "%016llx", hash)
    }
}
