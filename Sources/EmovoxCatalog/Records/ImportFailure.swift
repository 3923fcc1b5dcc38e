import Foundation
import GRDB

/// A file that could not be imported, and why. One row per file and corpus: the latest reason.
public struct ImportFailure: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "importError"
    public var id: Int64?
    public var corpusId: Int64
    public var root: String
    public var path: String
    public var reason: String
    public var recordedAt: Date

    public init(corpusId: Int64, root: String, path: String, reason: String, recordedAt: Date) {
        self.corpusId = corpusId
        self.root = root
        self.path = path
        self.reason = reason
        self.recordedAt = recordedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Records (or refreshes) the failure of `path`; a file has at most one row per corpus.
    static func record(
        _ db: Database, corpusId: Int64, root: String, path: String, reason: String, at time: Date
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO importError (corpusId, root, path, reason, recordedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(corpusId, path) DO UPDATE SET
                  root = excluded.root, reason = excluded.reason, recordedAt = excluded.recordedAt
                """,
            arguments: [corpusId, root, path, reason, time])
    }

    /// Forgets an earlier failure of `path` once it imports.
    static func clear(_ db: Database, corpusId: Int64, path: String) throws {
        try db.execute(
            sql: "DELETE FROM importError WHERE corpusId = ? AND path = ?", arguments: [corpusId, path])
    }
}
