import Foundation
import GRDB

/// What merging one shard's output did.
public enum ShardMergeOutcome: Sendable, Equatable {
    /// The shard's run, results and failures were added: counts of result and failure rows.
    case merged(results: Int, failures: Int)
    /// The catalog already held this shard's run: nothing changed.
    case alreadyMerged
}

/// Why a shard's output was not merged.
public enum ShardMergeError: Error, Sendable, CustomStringConvertible {
    /// The shard's run never recorded its end.
    case unfinished(directory: String, shard: String)
    /// The catalog no longer selects the rows the shard read.
    case snapshotChanged(directory: String, shard: String, recorded: String, current: SelectionSnapshot)

    public var description: String {
        switch self {
        case .unfinished(let directory, let shard):
            return "\(directory): shard \(shard) did not finish (killed, failed or still running)"
        case .snapshotChanged(let directory, let shard, let recorded, let current):
            return "\(directory): shard \(shard) was computed from another catalog snapshot "
                + "(\(recorded.prefix(12))); the catalog now selects \(current.count) samples with snapshot "
                + "\(current.hash.prefix(12)): run the shards again on this catalog"
        }
    }
}

extension Catalog {
    /// Folds a finished shard's run, results and failures into the catalog in one transaction, as
    /// if the run had written them here: results replace the sample's earlier ones for the spec,
    /// and a sample that succeeded loses its earlier failures for the spec.
    ///
    /// Idempotent: a shard whose run (same shard, spec, snapshot and start time) is already in the
    /// catalog changes nothing. The caller copies the shard's cache entries first, so a catalog row
    /// never names an entry the cache lacks.
    /// - Throws: ``ShardMergeError`` when the shard did not finish, or when the catalog no longer
    ///   selects the rows the shard read (checked inside the transaction).
    public func merge(shard: ShardStore) throws -> ShardMergeOutcome {
        guard let run = try shard.run(), let origin = try shard.selection(), let snapshot = run.snapshot else {
            throw ShardError.noOutput(directory: shard.directory)
        }
        guard run.finishedAt != nil else {
            throw ShardMergeError.unfinished(directory: shard.directory, shard: run.shard)
        }
        let filter = try origin.selection.filter()
        return try writer.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [shard.databasePath])
            defer { try? db.execute(sql: "DETACH DATABASE shard") }
            var outcome = ShardMergeOutcome.alreadyMerged
            // Immediate: the write lock is taken before anything is read, so two merges at once
            // queue instead of both finding the shard unmerged.
            try db.inTransaction(.immediate) {
                let current = SelectionSnapshot(sources: try Self.sampleSources(db, filter: filter))
                guard current.hash == snapshot else {
                    throw ShardMergeError.snapshotChanged(
                        directory: shard.directory, shard: run.shard, recorded: snapshot, current: current)
                }
                outcome = try Self.copyShardRows(db, specHash: run.specHash)
                return .commit
            }
            return outcome
        }
    }

    /// The rows of the attached `shard` database, copied into the catalog (see ``merge(shard:)``).
    private static func copyShardRows(_ db: Database, specHash: String) throws -> ShardMergeOutcome {
        let runColumns = """
            specName, specHash, specText, toolVersion, shard, selection, startedAt, finishedAt, selected,
            processed, cached, failed, snapshot
            """
        let merged = try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM main.pipelineRun m JOIN shard.pipelineRun s
                  ON m.snapshot = s.snapshot AND m.shard = s.shard AND m.specHash = s.specHash
                  AND m.startedAt = s.startedAt)
                """)
        if merged == true { return .alreadyMerged }
        try db.execute(
            sql: "INSERT INTO main.pipelineRun (\(runColumns)) SELECT \(runColumns) FROM shard.pipelineRun")
        let runId = db.lastInsertedRowID
        let processingColumns = """
            sampleId, specHash, audioKey, processedSampleRate, originalDuration, trimmedDuration,
            processedDuration, originalLoudness, loudnessMethod, appliedGain, gainCapped, voicedProportion
            """
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO main.featureSchema (namesHash, setName, setVersion, names)
                  SELECT namesHash, setName, setVersion, names FROM shard.featureSchema;
                INSERT OR REPLACE INTO main.sampleProcessing (\(processingColumns))
                  SELECT \(processingColumns) FROM shard.sampleProcessing;
                INSERT OR REPLACE INTO main.featureVector (sampleId, specHash, setName, namesHash, vector)
                  SELECT sampleId, specHash, setName, namesHash, vector FROM shard.featureVector;
                """)
        let results = try Int.fetchOne(db, sql: "SELECT count(*) FROM shard.sampleProcessing") ?? 0
        // As `record` does sample by sample: success clears the spec's earlier failures.
        try db.execute(
            sql: """
                DELETE FROM main.pipelineFailure
                  WHERE sampleId IN (SELECT sampleId FROM shard.sampleProcessing WHERE specHash = ?)
                  AND runId IN (SELECT id FROM main.pipelineRun WHERE specHash = ? AND id <> ?)
                """, arguments: [specHash, specHash, runId])
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO main.pipelineFailure (runId, sampleId, step, reason)
                  SELECT ?, sampleId, step, reason FROM shard.pipelineFailure ORDER BY sampleId
                """, arguments: [runId])
        return .merged(results: results, failures: db.changesCount)
    }

    /// The shards (`i/N`) of the run of `specHash` over `snapshot` that the catalog holds.
    public func mergedShards(specHash: String, snapshot: String) throws -> Set<String> {
        try writer.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT shard FROM pipelineRun WHERE specHash = ? AND snapshot = ?",
                    arguments: [specHash, snapshot]))
        }
    }
}
