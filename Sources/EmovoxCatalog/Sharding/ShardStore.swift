import EmovoxAudio
import EmovoxPipeline
import Foundation
import GRDB

/// The private output of one shard of a sharded run (`emovox run --shard-out DIR`): its own SQLite
/// file with the catalog's pipeline tables, and its own cache folder, both under `DIR`.
///
/// A shard never writes the catalog, so any number of them can run at once on any machines that
/// can read it, and nothing depends on SQLite locking over a network file system. `emovox merge`
/// folds the outputs into the catalog and its cache (see ``Catalog/merge(shard:)``).
///
/// The file uses SQLite's rollback journal, not WAL, so between transactions it is one
/// self-contained file that can be copied off a node as it is.
public final class ShardStore: PipelineRunStore {
    /// The database's name in the shard's folder.
    public static let databaseName = "emovox-shard.sqlite"
    /// The cache folder's name in the shard's folder.
    public static let cacheName = "emovox-cache"

    public let directory: String
    private let queue: DatabaseQueue
    /// Written with the run's record by ``startRun(_:)`` (nil when opened for reading).
    private let origin: (selection: SampleSelection, catalog: String)?

    public var runDatabase: any DatabaseWriter { queue }
    public var databasePath: String { Self.databasePath(in: directory) }
    public var cacheDirectory: String { directory + "/" + Self.cacheName }

    static func databasePath(in directory: String) -> String { directory + "/" + databaseName }

    /// Opens (creating the folder and database if needed) the output folder of a shard about to run
    /// `selection` of the catalog at `catalog`.
    public init(creatingIn directory: String, selection: SampleSelection, catalog: String) throws {
        self.directory = directory
        origin = (selection, catalog)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ShardError.unusable(path: directory, reason: error.localizedDescription)
        }
        queue = try Self.open(Self.databasePath(in: directory), readonly: false)
        do {
            try Self.migrator.migrate(queue)
        } catch {
            throw ShardError.unusable(path: Self.databasePath(in: directory), reason: "\(error)")
        }
    }

    /// Opens the output a shard left in `directory`, for reading.
    /// - Throws: ``ShardError/noOutput(directory:)`` when there is none.
    public init(readingFrom directory: String) throws {
        self.directory = directory
        origin = nil
        let path = Self.databasePath(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { throw ShardError.noOutput(directory: directory) }
        // Opened for writing where allowed (nothing is written) so that SQLite can roll back the
        // journal of a shard killed mid-transaction; a read-only opening would fail on it.
        queue = try Self.open(path, readonly: !FileManager.default.isWritableFile(atPath: path))
        let current = try? queue.read { try Self.migrator.hasCompletedMigrations($0) }
        guard current == true else {
            throw ShardError.unusable(path: path, reason: "not a shard output of this version of emovox")
        }
    }

    private static func open(_ path: String, readonly: Bool) throws -> DatabaseQueue {
        var configuration = Configuration()
        // The shard holds no sample rows: sample ids refer to the catalog the shard read.
        configuration.foreignKeysEnabled = false
        configuration.busyMode = .timeout(30)
        configuration.readonly = readonly
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw ShardError.unusable(path: path, reason: "not an SQLite database, so not a shard's output")
        } catch {
            throw ShardError.unusable(path: path, reason: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("shard v1") { db in
            // Only so the pipeline tables' references resolve; never filled.
            try db.create(table: "sample") { t in t.autoIncrementedPrimaryKey("id") }
            try CatalogMigrations.createPipelineTables(db)
            try db.alter(table: "pipelineRun") { t in t.add(column: "snapshot", .text) }
            try db.create(table: "shardOrigin") { t in
                t.column("corpus", .text)
                t.column("condition", .text)
                // The catalog path as the shard was given it, for messages.
                t.column("catalog", .text).notNull()
            }
        }
        return migrator
    }

    /// The shard's run record; `nil` before its first run started.
    public func run() throws -> PipelineRunRecord? {
        try queue.read { db in try PipelineRunRecord.order(Column("id").desc).fetchOne(db) }
    }

    /// The selection the shard ran and the catalog it read.
    public func selection() throws -> (selection: SampleSelection, catalog: String)? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT corpus, condition, catalog FROM shardOrigin").map {
                (SampleSelection(corpus: $0["corpus"], condition: $0["condition"]), $0["catalog"])
            }
        }
    }

    /// Records the start of the shard's run. A folder holds one shard of one run: running the same
    /// shard again (after it was killed, say) replaces the run record and its failures and keeps
    /// the results, which the new run overwrites; anything else is refused.
    /// - Throws: ``ShardError/otherRun(directory:holds:)`` when the folder holds another shard, spec
    ///   or catalog snapshot.
    public func startRun(_ run: PipelineRunRecord) throws -> PipelineRunRecord {
        guard let origin else { throw ShardError.unusable(path: databasePath, reason: "opened for reading") }
        return try queue.write { db in
            if let existing = try PipelineRunRecord.order(Column("id").desc).fetchOne(db),
                existing.specHash != run.specHash || existing.snapshot != run.snapshot || existing.shard != run.shard
            {
                throw ShardError.otherRun(directory: directory, holds: existing)
            }
            try db.execute(sql: "DELETE FROM pipelineFailure")
            try db.execute(sql: "DELETE FROM pipelineRun")
            try db.execute(sql: "DELETE FROM shardOrigin")
            try db.execute(
                sql: "INSERT INTO shardOrigin (corpus, condition, catalog) VALUES (?, ?, ?)",
                arguments: [origin.selection.corpus, origin.selection.condition, origin.catalog])
            var row = run
            try row.insert(db)
            return row
        }
    }

    /// A shard reads the catalog and never writes it, so the stamps a run would refresh stay as
    /// they are (files whose stamp changed are hashed again by the next run).
    public func recordVerifiedSources(_ sources: [(sampleId: Int64, source: VerifiedSource, header: AudioFileInfo?)]) {
    }
}

/// Why a shard's output folder cannot be used.
public enum ShardError: Error, Sendable, CustomStringConvertible {
    /// The folder has no shard database: the shard never started, or it is another folder.
    case noOutput(directory: String)
    /// The folder already holds the output of another shard, spec or catalog snapshot.
    case otherRun(directory: String, holds: PipelineRunRecord)
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .noOutput(let directory):
            return "\(directory): no shard output (\(ShardStore.databaseName)): the shard never started, "
                + "or this is not a --shard-out folder"
        case .otherRun(let directory, let run):
            return "\(directory) already holds shard \(run.shard) of spec '\(run.specName)' "
                + "(\(run.specHash.prefix(12))) over catalog snapshot \(run.snapshot?.prefix(12) ?? "?"); "
                + "give this shard a folder of its own"
        case .unusable(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
