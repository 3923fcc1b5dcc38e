import GRDB

/// What the catalog holds of a sample's last successful run under one spec: enough to tell
/// whether a re-run may skip it.
public struct RecordedResult: Sendable, Equatable {
    /// The key of the audio entry the result was computed from (it is rooted in the checksum the
    /// file had then).
    public var audioKey: String
    /// Duration of the source recording, seconds.
    public var originalDuration: Double
}

extension Catalog {
    /// The samples with a recorded result under `specHash` and no failure recorded since, keyed by
    /// sample id: all of them in one query, so a re-run over a million samples needs no query per
    /// sample. (A sample's failure rows for a spec are removed when it later succeeds, so any
    /// failure row means its last attempt failed.)
    public func recordedResults(specHash: String) throws -> [Int64: RecordedResult] {
        try writer.read { db in
            let failing = try Set(
                Int64.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT f.sampleId FROM pipelineFailure f JOIN pipelineRun r ON r.id = f.runId
                        WHERE r.specHash = ?
                        """, arguments: [specHash]))
            var results: [Int64: RecordedResult] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT sampleId, audioKey, originalDuration FROM sampleProcessing WHERE specHash = ?",
                arguments: [specHash])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                if failing.contains(id) { continue }
                results[id] = RecordedResult(audioKey: row[1], originalDuration: row[2])
            }
            return results
        }
    }
}
