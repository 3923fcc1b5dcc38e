import Crypto
import Foundation
import GRDB

/// What a sharded run read from the catalog: a hash of every selected sample's id, file and
/// checksum, in id order, and how many there were.
///
/// Shards read the catalog without writing it, as an immutable snapshot. Their results refer to
/// samples by id and their cache keys derive from checksums, so `emovox merge` accepts a shard
/// only while the catalog still selects exactly these rows: a sample added, removed, moved or
/// re-imported in between changes the hash.
public struct SelectionSnapshot: Sendable, Equatable {
    /// SHA-256, 64 hex digits.
    public var hash: String
    public var count: Int

    /// The snapshot of `sources` (as ``Catalog/sampleSources(filter:)`` returns them, in id order).
    public init(sources: [SampleSource]) {
        var hasher = SHA256()
        for source in sources {
            hasher.update(data: Array("\(source.id)\t\(source.absolutePath)\t\(source.checksum)\n".utf8))
        }
        hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        count = sources.count
    }
}

extension Catalog {
    /// The snapshot of the samples `filter` selects now.
    public func selectionSnapshot(filter: SampleFilter) throws -> SelectionSnapshot {
        SelectionSnapshot(sources: try sampleSources(filter: filter))
    }
}
