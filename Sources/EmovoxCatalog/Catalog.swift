import Foundation
import GRDB

/// The SQLite catalog: corpora, speakers, samples and everything derived from them.
///
/// Opened for writing, it creates the file if needed, switches it to WAL mode with foreign keys on
/// and migrates it to the current schema. Opened for reading, it never creates, migrates or
/// writes anything, so a catalog on a read-only mount or in a mode-444 file can be queried. Either
/// way a database that holds tables but not Emovox's schema is refused before anything touches it.
public final class Catalog: Sendable {
    /// How a command uses the catalog.
    public enum Access: Sendable {
        /// Create and migrate as needed; write.
        case readWrite
        /// The catalog must exist and be current; nothing is created or written.
        case readOnly
        /// As `readOnly`, for a reader that treats the catalog as an immutable snapshot (a shard of a
        /// sharded run): when no write-ahead log holds changes, SQLite reads the file without locks
        /// or shared-memory index, which network file systems do not provide reliably.
        case snapshot
    }

    /// The database connection pool. Exposed for the layers above; prefer the typed methods.
    public let writer: DatabasePool
    public let path: String
    public let access: Access

    /// Opens the catalog at `path`.
    /// - Throws: `CatalogError` when there is no catalog to read, the file is not an SQLite
    ///   database, holds another application's tables, or (read-only) needs a schema upgrade;
    ///   GRDB's `DatabaseError` for other SQLite failures.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        self.access = access
        switch access {
        case .readOnly, .snapshot:
            var status = stat()
            guard stat(path, &status) == 0 else { throw CatalogError.missing(path: path) }
            guard status.st_mode & S_IFMT == S_IFREG else { throw CatalogError.notADatabase(path: path) }
            writer = try Self.recognizingDatabase(path) {
                try access == .snapshot && !Self.hasWriteAheadLog(path)
                    ? Self.openImmutable(path) : Self.openForReading(path)
            }
            try Self.recognizingDatabase(path) {
                try writer.read { db in
                    switch try CatalogSchema.inspect(db) {
                    case .empty: throw CatalogError.missing(path: path)
                    case .foreign(let tables): throw CatalogError.foreign(path: path, tables: tables)
                    case .emovox:
                        guard try CatalogMigrations.migrator.hasCompletedMigrations(db) else {
                            throw CatalogError.needsUpgrade(path: path)
                        }
                    }
                }
            }
        case .readWrite:
            // Someone else's database is recognized through a read-only connection first: opening
            // it for writing would already switch it to WAL mode.
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 {
                let state = try Self.recognizingDatabase(path) {
                    try DatabaseQueue(path: path, configuration: Self.configuration(readonly: true))
                        .read { try CatalogSchema.inspect($0) }
                }
                if case .foreign(let tables) = state { throw CatalogError.foreign(path: path, tables: tables) }
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            writer = try DatabasePool(path: path, configuration: Self.configuration(readonly: false))
            try Self.migrate(writer)
        }
    }

    /// A read-only pool on `path`. A WAL-mode database needs its `-shm` index: where the folder is
    /// writable SQLite creates it, and readers see concurrent writers' commits. Where it cannot
    /// (a read-only mount, a folder the user may not write), no writer can be working on the file
    /// either, and it is opened as immutable (SQLite reads it without locks or index).
    private static func openForReading(_ path: String) throws -> DatabasePool {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration(readonly: true))
            _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY
        {
            return try openImmutable(path)
        }
    }

    /// A pool that reads `path` as an immutable file: no locks, no `-shm`, and a `-wal` is ignored.
    private static func openImmutable(_ path: String) throws -> DatabasePool {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
        return try DatabasePool(path: "file:\(encoded)?immutable=1", configuration: configuration(readonly: true))
    }

    /// True when a write-ahead log beside `path` holds changes not yet in the file itself.
    private static func hasWriteAheadLog(_ path: String) -> Bool {
        var status = stat()
        return stat(path + "-wal", &status) == 0 && status.st_size > 0
    }

    private static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.readonly = readonly
        return configuration
    }

    /// Runs `body`, reporting a file that is not an SQLite database as such.
    private static func recognizingDatabase<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CatalogError.notADatabase(path: path)
        }
    }

    /// Migrates to the current schema. GRDB reads which migrations are applied outside the
    /// transaction that applies one, so two processes opening a new catalog at once can both try
    /// the same migration; the loser's attempt fails (and rolls back) once the winner committed,
    /// and the next attempt finds it applied.
    private static func migrate(_ writer: DatabasePool) throws {
        let migrator = CatalogMigrations.migrator
        var attempts = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch let error as DatabaseError {
                if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
                attempts += 1
                if attempts == 10 { throw error }
            }
        }
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

/// Why a catalog cannot be opened.
public enum CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A read-only command found no catalog (no file, or an empty one).
    case missing(path: String)
    /// The file is not an SQLite database.
    case notADatabase(path: String)
    /// The database holds tables, but not Emovox's: another application's file.
    case foreign(path: String, tables: [String])
    /// The catalog was written by an older Emovox and a read-only command cannot migrate it.
    case needsUpgrade(path: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "no catalog at \(path) (import a corpus first, or pass --db)"
        case .notADatabase(let path):
            return "\(path) is not an SQLite database"
        case .foreign(let path, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "\(path) is an SQLite database without Emovox's schema (tables: \(shown)); "
                + "refusing to add the catalog's tables to it: pass --db with a new file"
        case .needsUpgrade(let path):
            return
                "the catalog at \(path) has an older schema; run a writing command (e.g. emovox import) to upgrade it"
        }
    }
}

/// What a database holds, as far as the catalog is concerned.
enum CatalogSchema {
    enum State: Equatable {
        /// No tables at all: a new catalog.
        case empty
        /// Emovox's migrations table with Emovox's first migration.
        case emovox
        /// Tables of some other application.
        case foreign([String])
    }

    static func inspect(_ db: Database) throws -> State {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if tables.isEmpty { return .empty }
        // GRDB creates its migrations table before the first migration's transaction commits, so a
        // catalog another process is creating right now shows that table alone, still empty.
        if tables == ["grdb_migrations"],
            try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0
        {
            return .empty
        }
        if tables.contains("grdb_migrations"),
            let first = CatalogMigrations.migrator.migrations.first,
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = ?)", arguments: [first])
                == true
        {
            return .emovox
        }
        return .foreign(tables)
    }
}
