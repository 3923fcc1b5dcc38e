import EmovoxAudio
import EmovoxPipeline
import Foundation
import GRDB

/// Where a pipeline run records itself, its results and its failures: the catalog, or a shard's
/// private database (``ShardStore``) that `emovox merge` later folds into the catalog. Both hold
/// the same pipeline tables, so the rows a run writes are the same either way.
public protocol PipelineRunStore: Sendable {
    /// The database holding the `pipelineRun`, `pipelineFailure`, `sampleProcessing`,
    /// `featureSchema` and `featureVector` tables.
    var runDatabase: any DatabaseWriter { get }

    /// Records the start of a run and returns it with its id.
    func startRun(_ run: PipelineRunRecord) throws -> PipelineRunRecord

    /// Records what a run found when it verified source files (new stamps, re-imported checksums).
    func recordVerifiedSources(_ sources: [(sampleId: Int64, source: VerifiedSource, header: AudioFileInfo?)])
        throws
}

extension PipelineRunStore {
    public func startRun(_ run: PipelineRunRecord) throws -> PipelineRunRecord {
        try runDatabase.write { db in
            var row = run
            try row.insert(db)
            return row
        }
    }

    /// Updates a run's counts (and its end time when `finished`).
    public func updateRun(_ run: PipelineRunRecord) throws {
        try runDatabase.write { db in try run.update(db) }
    }

    /// Writes one batch of results and failures of run `runId` in a single transaction.
    ///
    /// Re-running a spec replaces a sample's rows for that spec, so the store always holds the
    /// latest values, and a sample that succeeds loses its earlier failure rows for the same spec.
    public func record(
        runId: Int64, specHash: String, results: [ProcessingResult],
        failures: [(sampleId: Int64, step: String, reason: String)]
    ) throws {
        try runDatabase.write { db in
            // Every sample of a run has the same column lists: hash and store each list once per
            // batch, not once per sample (hashing and JSON-encoding ~400 names dominated recording).
            var schemas: [String: (names: [String], version: Int, hash: String)] = [:]
            for result in results {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO sampleProcessing (sampleId, specHash, audioKey, processedSampleRate,
                          originalDuration, trimmedDuration, processedDuration, originalLoudness, loudnessMethod,
                          appliedGain, gainCapped, voicedProportion)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        result.sampleId, specHash, result.audioKey, result.processedSampleRate,
                        result.originalDuration, result.trimmedDuration, result.processedDuration,
                        result.originalLoudness, result.loudnessMethod, result.appliedGain, result.gainCapped,
                        result.voicedProportion,
                    ])
                for features in result.features {
                    let namesHash: String
                    if let known = schemas[features.setName], known.version == features.setVersion,
                        known.names == features.names
                    {
                        namesHash = known.hash
                    } else {
                        namesHash = FeatureEncoding.namesHash(
                            setName: features.setName, setVersion: features.setVersion, names: features.names)
                        let names = String(decoding: try JSONEncoder().encode(features.names), as: UTF8.self)
                        try db.execute(
                            sql: """
                                INSERT OR IGNORE INTO featureSchema (namesHash, setName, setVersion, names)
                                VALUES (?, ?, ?, ?)
                                """, arguments: [namesHash, features.setName, features.setVersion, names])
                        schemas[features.setName] = (features.names, features.setVersion, namesHash)
                    }
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO featureVector (sampleId, specHash, setName, namesHash, vector)
                            VALUES (?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            result.sampleId, specHash, features.setName, namesHash,
                            FeatureEncoding.encode(features.values),
                        ])
                }
                try db.execute(
                    sql: """
                        DELETE FROM pipelineFailure WHERE sampleId = ?
                          AND runId IN (SELECT id FROM pipelineRun WHERE specHash = ?)
                        """, arguments: [result.sampleId, specHash])
            }
            for failure in failures {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO pipelineFailure (runId, sampleId, step, reason) VALUES (?, ?, ?, ?)
                        """, arguments: [runId, failure.sampleId, failure.step, failure.reason])
            }
        }
    }
}
