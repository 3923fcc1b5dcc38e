import EmovoxCatalog
import Foundation
import GRDB

/// A ``PipelineFixture`` whose catalog is also copied for a single-process reference run, and the
/// ways to compare what a sharded run and the reference left in the catalog and cache.
struct ShardedRunFixture {
    let base: PipelineFixture
    /// A copy of the imported catalog, for the single-process run.
    let referenceDatabase: String
    let referenceCache: String

    /// Generates and imports `count` clips; the `broken` first ones are then overwritten with
    /// garbage, so both runs record the same failures (their checksum no longer matches).
    init(count: Int, broken: Int = 0) throws {
        base = try PipelineFixture(count: count)
        for file in base.files.prefix(broken) {
            try Data("not audio".utf8).write(to: URL(fileURLWithPath: base.corpusPath + "/" + file))
        }
        referenceDatabase = base.directory.path + "/reference.sqlite"
        referenceCache = base.directory.path + "/reference-cache"
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: base.database + suffix) {
            try FileManager.default.copyItem(atPath: base.database + suffix, toPath: referenceDatabase + suffix)
        }
    }

    var database: String { base.database }
    /// The cache `emovox merge` folds shards into by default: beside the catalog.
    var mergedCache: String { base.directory.path + "/emovox-cache" }

    func shardDirectory(_ index: Int) -> String { base.directory.path + "/shards/shard-\(index)" }

    /// `emovox run SPEC --shard I/N --shard-out DIR --json` on the fixture's catalog.
    func runShard(
        _ spec: String, _ index: Int, of count: Int, extra: [String] = [], environment: [String: String] = [:]
    ) throws -> EmovoxProcess.Output {
        try EmovoxProcess.run(
            [
                "run", spec, "--json", "--db", database, "--shard", "\(index)/\(count)", "--shard-out",
                shardDirectory(index),
            ]
                + extra, environment: environment)
    }

    /// Runs shards `indices` of `count` as separate processes at the same time.
    func runShardsAtOnce(_ spec: String, _ indices: [Int], of count: Int) -> [EmovoxProcess.Output?] {
        let results = Locked([EmovoxProcess.Output?](repeating: nil, count: indices.count))
        DispatchQueue.concurrentPerform(iterations: indices.count) { i in
            let output = try? runShard(spec, indices[i], of: count)
            results.update { $0[i] = output }
        }
        return results.value
    }

    /// `emovox merge DIR… --json` into the fixture's catalog.
    func merge(_ indices: [Int]) throws -> EmovoxProcess.Output {
        try EmovoxProcess.run(["merge", "--json", "--db", database] + indices.map(shardDirectory))
    }

    /// The single-process reference run.
    func runReference(_ spec: String) throws -> EmovoxProcess.Output {
        try EmovoxProcess.run(["run", spec, "--json", "--db", referenceDatabase, "--cache", referenceCache])
    }

    /// What a run leaves in a catalog, as text: results, feature vectors (hex), feature schemas
    /// and failures (sample, step, reason), each in key order.
    static func results(in database: String) throws -> [String: [String]] {
        let catalog = try Catalog(path: database, access: .readOnly)
        let queries = [
            "sampleProcessing": "SELECT * FROM sampleProcessing ORDER BY sampleId, specHash",
            "featureVector":
                "SELECT sampleId, specHash, setName, namesHash, hex(vector) FROM featureVector ORDER BY sampleId, specHash, setName",
            "featureSchema": "SELECT * FROM featureSchema ORDER BY namesHash",
            "pipelineFailure": "SELECT sampleId, step, reason FROM pipelineFailure ORDER BY sampleId, step",
        ]
        return try catalog.writer.read { db in
            try queries.mapValues { sql in try Row.fetchAll(db, sql: sql).map(\.description) }
        }
    }

    /// Every row of the tables runs and merges write, including run records.
    static func allRows(in database: String) throws -> [String: [String]] {
        var rows = try results(in: database)
        let catalog = try Catalog(path: database, access: .readOnly)
        rows["pipelineRun"] = try catalog.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pipelineRun ORDER BY id").map(\.description)
        }
        rows["pipelineFailureWithRun"] = try catalog.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pipelineFailure ORDER BY id").map(\.description)
        }
        return rows
    }

    /// Every cache entry: key (shard folder + file name) to the bytes of its file.
    static func cacheEntries(in directory: String) throws -> [String: Data] {
        var entries: [String: Data] = [:]
        let fm = FileManager.default
        for shard in try fm.contentsOfDirectory(atPath: directory) where shard.count == 2 {
            for name in try fm.contentsOfDirectory(atPath: directory + "/" + shard) where !name.hasPrefix(".") {
                entries[shard + name] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(shard)/\(name)"))
            }
        }
        return entries
    }
}

/// A value shared between threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
