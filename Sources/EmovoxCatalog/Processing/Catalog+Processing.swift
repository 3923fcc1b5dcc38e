import EmovoxAudio
import EmovoxPipeline
import Foundation
import GRDB

/// A catalogued sample ready for the pipeline: its id, where its file is, and its checksum.
public struct SampleSource: Sendable, Equatable {
    public var id: Int64
    public var absolutePath: String
    public var checksum: String
    /// Size and modification time recorded with the checksum (`nil` when the time is unknown).
    public var stamp: SourceStamp?
}

extension Catalog: PipelineRunStore {
    public var runDatabase: any DatabaseWriter { writer }

    /// The samples selected by `filter`, in id order.
    public func sampleSources(filter: SampleFilter = .all) throws -> [SampleSource] {
        try writer.read { db in try Self.sampleSources(db, filter: filter) }
    }

    /// ``sampleSources(filter:)`` inside a transaction the caller holds.
    static func sampleSources(_ db: Database, filter: SampleFilter) throws -> [SampleSource] {
        let (whereClause, arguments) = filter.sql
        // A cursor, not fetchAll: a million rows are never held twice (as rows and as sources).
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT id, root, path, checksum, fileSize, fileModified FROM sample \(whereClause) ORDER BY id",
            arguments: arguments)
        var sources: [SampleSource] = []
        while let row = try rows.next() {
            let root: String = row[1]
            let path: String = row[2]
            sources.append(
                SampleSource(
                    id: row[0], absolutePath: root.hasSuffix("/") ? root + path : root + "/" + path,
                    checksum: row[3], stamp: (row[5] as Int64?).map { SourceStamp(size: row[4], modified: $0) }))
        }
        return sources
    }

    /// Records what a run found when it verified source files: a new stamp for unchanged bytes, or
    /// (re-imported by `run --reimport-changed`) a new checksum, size and header.
    public func recordVerifiedSources(_ sources: [(sampleId: Int64, source: VerifiedSource, header: AudioFileInfo?)])
        throws
    {
        guard !sources.isEmpty else { return }
        try writer.write { db in
            for (sampleId, source, header) in sources {
                try db.execute(
                    sql: "UPDATE sample SET checksum = ?, fileSize = ?, fileModified = ? WHERE id = ?",
                    arguments: [source.checksum, source.stamp.size, source.stamp.modified, sampleId])
                if let header {
                    try db.execute(
                        sql: """
                            UPDATE sample SET container = ?, encoding = ?, sampleRate = ?, channels = ?, frames = ?,
                              duration = ? WHERE id = ?
                            """,
                        arguments: [
                            header.container, header.encoding, header.sampleRate, header.channels, header.frames,
                            header.duration, sampleId,
                        ])
                }
            }
        }
    }

    /// Runs, newest first.
    public func pipelineRuns() throws -> [PipelineRunRecord] {
        try writer.read { db in try PipelineRunRecord.order(Column("id").desc).fetchAll(db) }
    }

    /// The distinct specs that runs used, newest first: `(hash, text)`.
    public func runSpecs() throws -> [(hash: String, text: String)] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT specHash, specText, max(id) AS latest FROM pipelineRun GROUP BY specHash ORDER BY latest DESC"
            ).map { ($0["specHash"], $0["specText"]) }
        }
    }

    /// The text of the spec a run recorded under `hash`, if any.
    public func specText(hash: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT specText FROM pipelineRun WHERE specHash = ? ORDER BY id DESC LIMIT 1",
                arguments: [hash])
        }
    }

    /// Checksums of every catalogued sample, for computing which cache entries are still reachable.
    public func sampleChecksums() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT checksum FROM sample ORDER BY checksum") }
    }

    /// Failures recorded by run `runId`: sample path, step and reason.
    public func runFailures(runId: Int64) throws -> [(path: String, step: String, reason: String)] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.root || '/' || s.path AS p, f.step, f.reason FROM pipelineFailure f
                    JOIN sample s ON s.id = f.sampleId WHERE f.runId = ? ORDER BY s.path
                    """, arguments: [runId]
            ).map { ($0["p"], $0["step"], $0["reason"]) }
        }
    }
}
