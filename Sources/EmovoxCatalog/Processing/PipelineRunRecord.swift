import Foundation
import GRDB

/// One execution of a pipeline spec over a selection of samples.
public struct PipelineRunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "pipelineRun"
    public var id: Int64?
    public var specName: String
    /// SHA-256 of the spec's canonical form: runs of the same spec share it.
    public var specHash: String
    public var specText: String
    public var toolVersion: String
    /// `i/N` for a shard of a distributed run, `0/1` for the whole selection.
    public var shard: String
    /// The `--where`/`--corpus` selection as given.
    public var selection: String
    public var startedAt: Date
    /// Nil while running, or when the run was killed.
    public var finishedAt: Date?
    public var selected = 0
    public var processed = 0
    public var cached = 0
    public var failed = 0
    /// For a shard run with private outputs (`emovox run --shard-out`): the hash of the catalog rows
    /// its selection read (``SelectionSnapshot``); `nil` for a run that wrote to the catalog.
    public var snapshot: String?

    public init(
        specName: String, specHash: String, specText: String, toolVersion: String, shard: String,
        selection: String, startedAt: Date
    ) {
        self.specName = specName
        self.specHash = specHash
        self.specText = specText
        self.toolVersion = toolVersion
        self.shard = shard
        self.selection = selection
        self.startedAt = startedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
