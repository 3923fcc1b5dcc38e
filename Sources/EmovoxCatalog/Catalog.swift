import Foundation
import GRDB

/// The SQLite catalog: corpora, speakers, samples and everything derived from them.
///
/// Opens (creating if needed) a WAL-mode database with foreign keys on and migrates it to the
/// current schema.
public final class Catalog: Sendable {
    /// The database connection pool. Exposed for the layers above; prefer the typed methods.
    public let writer: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        writer = try DatabasePool(path: path, configuration: configuration)
        try CatalogMigrations.migrator.migrate(writer)
    }

    /// Runs SQLite's integrity check; returns its messages (`["ok"]` when sound).
    public func integrityCheck() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The corpus named `name`, if imported.
    public func corpus(named name: String) throws -> Corpus? {
        try writer.read { db in try Corpus.filter(Column("name") == name).fetchOne(db) }
    }

    /// All corpora, by name.
    public func corpora() throws -> [Corpus] {
        try writer.read { db in try Corpus.order(Column("name")).fetchAll(db) }
    }

    /// The number of samples `filter` selects.
    public func sampleCount(filter: SampleFilter = .all) throws -> Int {
        let (whereClause, arguments) = filter.sql
        return try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sample \(whereClause)", arguments: arguments) ?? 0
        }
    }

    /// Import failures recorded for a corpus (or all), by path.
    public func importFailures(corpus: String? = nil) throws -> [ImportFailure] {
        try writer.read { db in
            var request = ImportFailure.all()
            if let corpus, let id = try Corpus.filter(Column("name") == corpus).fetchOne(db)?.id {
                request = request.filter(Column("corpusId") == id)
            }
            return try request.order(Column("path")).fetchAll(db)
        }
    }
}
