import EmovoxCatalog
import EmovoxSpeakers
import Foundation

/// Catalogued recordings with their corpus-qualified speakers (`ravdess/01`), in sample-id order.
struct CatalogRecording: Sendable {
    var sampleID: Int64
    var checksum: String
    var path: String
    var speaker: String
}

extension Catalog {
    /// The recordings `filter` selects.
    func speakerRecordings(_ filter: SampleFilter) throws -> [CatalogRecording] {
        let items = try splitItems(filter: filter, target: .speaker).items
        return try recordings(ids: items.map(\.sampleID), checksums: items.map(\.checksum))
    }

    /// The recordings with these sample ids, in the given order.
    func recordings(ids: [Int64], checksums: [String]) throws -> [CatalogRecording] {
        let info = try sampleInfo(ids: ids)
        return zip(ids, checksums).compactMap { id, checksum in
            info[id].map { CatalogRecording(sampleID: id, checksum: checksum, path: $0.path, speaker: $0.speaker) }
        }
    }
}
