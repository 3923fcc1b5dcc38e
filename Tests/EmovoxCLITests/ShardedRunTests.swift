import EmovoxAudio
import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `emovox run --shard-out` and `emovox merge`: shards as separate processes with private outputs,
/// folded into the catalog.
@Suite struct ShardedRunTests {
    @Test func fourShardsMergedEqualOneProcessByteForByte() throws {
        let fixture = try ShardedRunFixture(count: 24, broken: 2)
        let spec = try fixture.base.spec()
        let catalogBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.database))

        let shards = fixture.runShardsAtOnce(spec, [0, 1, 2, 3], of: 4)
        var processed = 0
        for (index, shard) in shards.enumerated() {
            let shard = try #require(shard)
            #expect(shard.status == 0, "shard \(index): \(shard.stderr)")
            processed += try shard.json()["processed"] as? Int ?? 0
        }
        #expect(processed == 24)
        // The shards only read the catalog: not a byte of it changed, and no log was started.
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.database)) == catalogBefore)
        let log = try? FileManager.default.attributesOfItem(atPath: fixture.database + "-wal")
        #expect(log?[.size] as? Int ?? 0 == 0)
        #expect(try ShardedRunFixture.results(in: fixture.database)["sampleProcessing"] == [])

        let merge = try fixture.merge([0, 1, 2, 3])
        #expect(merge.status == 0, "\(merge.stderr)")
        let report = try merge.json()
        #expect(report["complete"] as? Bool == true)
        #expect((report["merged"] as? [Any])?.count == 4)
        #expect(report["missing"] as? [String] == [])

        let reference = try fixture.runReference(spec)
        #expect(reference.status == 0, "\(reference.stderr)")
        let merged = try ShardedRunFixture.results(in: fixture.database)
        let single = try ShardedRunFixture.results(in: fixture.referenceDatabase)
        #expect(merged["sampleProcessing"]?.count == 22)
        #expect(merged["pipelineFailure"]?.count == 2)
        #expect(merged["pipelineFailure"]?.allSatisfy { $0.contains("checksum") } == true)
        for table in single.keys.sorted() {
            #expect(merged[table] == single[table], "\(table)")
        }
        let mergedCache = try ShardedRunFixture.cacheEntries(in: fixture.mergedCache)
        let singleCache = try ShardedRunFixture.cacheEntries(in: fixture.referenceCache)
        #expect(mergedCache.count == singleCache.count)
        #expect(mergedCache.count >= 22)
        #expect(mergedCache == singleCache)

        // Exports of the two catalogs are the same bytes.
        var exports: [Data] = []
        for database in [fixture.database, fixture.referenceDatabase] {
            let out = fixture.base.directory.path + "/export-\(exports.count).csv"
            let export = try EmovoxProcess.run(
                ["features", "export", "--set", "prosody,level", "--out", out, "--db", database])
            #expect(export.status == 0, "\(export.stderr)")
            exports.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(exports[0] == exports[1])
    }

    @Test func mergingTwiceChangesNothing() throws {
        let fixture = try ShardedRunFixture(count: 12, broken: 1)
        let spec = try fixture.base.spec()
        for index in 0..<2 {
            let shard = try fixture.runShard(spec, index, of: 2)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let first = try fixture.merge([0, 1])
        #expect(first.status == 0, "\(first.stderr)")
        let rows = try ShardedRunFixture.allRows(in: fixture.database)
        let cache = try ShardedRunFixture.cacheEntries(in: fixture.mergedCache)
        #expect(rows["pipelineRun"]?.count == 2)
        #expect(rows["sampleProcessing"]?.count == 11)

        let second = try fixture.merge([1, 0])
        #expect(second.status == 0, "\(second.stderr)")
        let report = try second.json()
        #expect((report["merged"] as? [Any])?.count == 0)
        #expect((report["already_merged"] as? [Any])?.count == 2)
        #expect(report["complete"] as? Bool == true)
        #expect(try ShardedRunFixture.allRows(in: fixture.database) == rows)
        #expect(try ShardedRunFixture.cacheEntries(in: fixture.mergedCache) == cache)
    }

    @Test func twoMergesAtOnceMergeEachShardOnce() throws {
        let fixture = try ShardedRunFixture(count: 12, broken: 1)
        let spec = try fixture.base.spec()
        for index in 0..<3 {
            #expect(try fixture.runShard(spec, index, of: 3).status == 0)
        }
        let merges = Locked([EmovoxProcess.Output?](repeating: nil, count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let output = try? fixture.merge(i == 0 ? [0, 1, 2] : [2, 1, 0])
            merges.update { $0[i] = output }
        }
        var merged = 0
        for merge in merges.value {
            let merge = try #require(merge)
            #expect(merge.status == 0, "\(merge.stderr)")
            merged += (try merge.json()["merged"] as? [Any])?.count ?? 0
        }
        #expect(merged == 3)
        let rows = try ShardedRunFixture.allRows(in: fixture.database)
        #expect(rows["pipelineRun"]?.count == 3)
        #expect(try fixture.runReference(spec).status == 0)
        #expect(
            try ShardedRunFixture.results(in: fixture.database)
                == ShardedRunFixture.results(in: fixture.referenceDatabase))
        #expect(
            try ShardedRunFixture.cacheEntries(in: fixture.mergedCache)
                == ShardedRunFixture.cacheEntries(in: fixture.referenceCache))
    }

    @Test func aMissingShardIsReportedAndMergingItLaterCompletesTheRun() throws {
        let fixture = try ShardedRunFixture(count: 16)
        let spec = try fixture.base.spec()
        for index in 0..<3 {
            #expect(try fixture.runShard(spec, index, of: 4).status == 0)
        }
        let partial = try fixture.merge([0, 1, 2])
        #expect(partial.status == 1)
        let report = try partial.json()
        #expect(report["missing"] as? [String] == ["3/4"])
        #expect(report["complete"] as? Bool == false)
        #expect((report["merged"] as? [Any])?.count == 3)
        // The text report names the folder without output and the shard the catalog lacks.
        let text = try EmovoxProcess.run(
            ["merge", "--db", fixture.database] + (0..<4).map(fixture.shardDirectory))
        #expect(text.status == 1)
        #expect(text.stderr.contains("\(fixture.shardDirectory(3)): no shard output"), "\(text.stderr)")
        #expect(text.stdout.contains("3 of 4 shards merged; missing 3/4"), "\(text.stdout)")
        #expect(text.stdout.contains("shard 0/4 (\(fixture.shardDirectory(0))): already merged"), "\(text.stdout)")

        #expect(try fixture.runShard(spec, 3, of: 4).status == 0)
        let last = try fixture.merge([3])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try last.json()["missing"] as? [String] == [])
        #expect(try ShardedRunFixture.results(in: fixture.database)["sampleProcessing"]?.count == 16)
    }

    @Test func aShardKilledWithSIGKILLAndRunAgainCompletesTheRun() throws {
        let fixture = try ShardedRunFixture(count: 40)
        let spec = try fixture.base.spec()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EmovoxProcess.binary)
        process.arguments = [
            "run", spec, "--db", fixture.database, "--shard", "0/2", "--shard-out", fixture.shardDirectory(0),
            "--jobs", "1", "--batch", "2",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the shard recorded a first batch, then kill it without warning.
        let shardDatabase = fixture.shardDirectory(0) + "/" + ShardStore.databaseName
        func recorded() -> Int {
            guard FileManager.default.fileExists(atPath: shardDatabase),
                let store = try? ShardStore(readingFrom: fixture.shardDirectory(0))
            else { return 0 }
            return (try? store.runDatabase.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sampleProcessing") })
                ?? 0
        }
        let deadline = Date().addingTimeInterval(120)
        while recorded() < 2, process.isRunning, Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let afterKill = recorded()
        #expect(afterKill >= 2)
        #expect(try fixture.runShard(spec, 1, of: 2).status == 0)

        if process.terminationReason == .uncaughtSignal {
            // The killed shard never recorded its end: merge takes the other and names this one.
            let merge = try fixture.merge([0, 1])
            #expect(merge.status == 1)
            let report = try merge.json()
            #expect(report["missing"] as? [String] == ["0/2"])
            #expect((report["unfinished"] as? [[String: Any]])?.first?["shard"] as? String == "0/2")
            #expect(merge.stderr.isEmpty || !merge.stderr.contains("Error"))
        }

        let again = try fixture.runShard(spec, 0, of: 2)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try again.json()["cached"] as? Int ?? 0 >= afterKill)
        let merge = try fixture.merge([0, 1])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try merge.json()["complete"] as? Bool == true)

        #expect(try fixture.runReference(spec).status == 0)
        let merged = try ShardedRunFixture.results(in: fixture.database)
        #expect(merged["sampleProcessing"]?.count == 40)
        #expect(merged == (try ShardedRunFixture.results(in: fixture.referenceDatabase)))
        #expect(
            try ShardedRunFixture.cacheEntries(in: fixture.mergedCache)
                == ShardedRunFixture.cacheEntries(in: fixture.referenceCache))
    }

    @Test func aShardOfAnotherSpecIsRefusedAndNothingIsMerged() throws {
        let fixture = try ShardedRunFixture(count: 12)
        #expect(try fixture.runShard(try fixture.base.spec(target: -23), 0, of: 2).status == 0)
        #expect(try fixture.runShard(try fixture.base.spec(target: -20), 1, of: 2).status == 0)
        let merge = try fixture.merge([0, 1])
        #expect(merge.status != 0)
        #expect(merge.stderr.contains(fixture.shardDirectory(1)), "\(merge.stderr)")
        #expect(merge.stderr.contains("refusing to merge shards of different specs"), "\(merge.stderr)")
        let rows = try ShardedRunFixture.allRows(in: fixture.database)
        #expect(rows["pipelineRun"] == [])
        #expect(rows["sampleProcessing"] == [])
        #expect((try? ShardedRunFixture.cacheEntries(in: fixture.mergedCache))?.isEmpty ?? true)
    }

    @Test func aShardOfAnotherCatalogSnapshotIsRefused() throws {
        let fixture = try ShardedRunFixture(count: 12)
        let spec = try fixture.base.spec()
        #expect(try fixture.runShard(spec, 0, of: 2).status == 0)
        // The catalog changes: one more file is imported.
        let extra = fixture.base.corpusPath + "/Actor_01/03-01-08-02-02-02-01.wav"
        try AudioWriter.write(
            AudioBuffer(mono: Synth.vowel(f0: 300, duration: 0.4, sampleRate: 16_000, seed: 99), sampleRate: 16_000),
            to: extra)
        #expect(try fixture.base.emovox(["import", "ravdess", fixture.base.corpusPath]).status == 0)
        #expect(try fixture.runShard(spec, 1, of: 2).status == 0)

        let mixed = try fixture.merge([0, 1])
        #expect(mixed.status != 0)
        #expect(mixed.stderr.contains("refusing to merge shards of different snapshots"), "\(mixed.stderr)")
        let stale = try fixture.merge([0])
        #expect(stale.status != 0)
        #expect(stale.stderr.contains("another catalog snapshot"), "\(stale.stderr)")
        #expect(stale.stderr.contains("run the shards again"), "\(stale.stderr)")
        #expect(try ShardedRunFixture.allRows(in: fixture.database)["pipelineRun"] == [])
    }

    @Test func aShardFolderHoldsOneShardAndBadFoldersAreNamed() throws {
        let fixture = try ShardedRunFixture(count: 6)
        let spec = try fixture.base.spec()
        #expect(try fixture.runShard(spec, 0, of: 2).status == 0)
        let reused = try EmovoxProcess.run([
            "run", spec, "--db", fixture.database, "--shard", "1/2", "--shard-out", fixture.shardDirectory(0),
        ])
        #expect(reused.status != 0)
        #expect(reused.stderr.contains("already holds shard 0/2"), "\(reused.stderr)")
        // A missing catalog is named, and no shard folder is left behind.
        let missing = try EmovoxProcess.run([
            "run", spec, "--db", fixture.base.directory.path + "/none.sqlite", "--shard", "0/2", "--shard-out",
            fixture.shardDirectory(5),
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("none.sqlite"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.shardDirectory(5) + "/" + ShardStore.databaseName))
        // A file where the folder should be, and a folder whose database is not one.
        let file = fixture.base.directory.path + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let onFile = try EmovoxProcess.run([
            "run", spec, "--db", fixture.database, "--shard", "1/2", "--shard-out", file,
        ])
        #expect(onFile.status != 0)
        #expect(onFile.stderr.contains("--shard-out \(file) is a file, not a folder"), "\(onFile.stderr)")
        let garbage = fixture.shardDirectory(6)
        try FileManager.default.createDirectory(atPath: garbage, withIntermediateDirectories: true)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: garbage + "/" + ShardStore.databaseName))
        let merge = try fixture.merge([0, 6])
        #expect(merge.status != 0)
        #expect(
            merge.stderr.contains("\(garbage)/\(ShardStore.databaseName): not an SQLite database"), "\(merge.stderr)")
        #expect(try ShardedRunFixture.allRows(in: fixture.database)["pipelineRun"] == [])
    }

    @Test(arguments: [
        (["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"], [String](), "1/3"),
        (["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_MAX": "6"], [], "1/3"),
        (["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1", "EMOVOX_SHARDS": "3"], [], "2/3"),
        (["JOB_COMPLETION_INDEX": "2", "EMOVOX_SHARDS": "3"], [], "2/3"),
        (["JOB_COMPLETION_INDEX": "0"], ["--shards", "3"], "0/3"),
    ])
    func theClusterEngineNamesTheShard(environment: [String: String], extra: [String], shard: String) throws {
        let fixture = try ShardedRunFixture(count: 3)
        let output = try EmovoxProcess.run(
            ["run", try fixture.base.spec(), "--db", fixture.database, "--shard-out", fixture.shardDirectory(0)]
                + extra, environment: environment)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try ShardStore(readingFrom: fixture.shardDirectory(0)).run()?.shard == shard)
    }

    @Test(arguments: [
        (["JOB_COMPLETION_INDEX": "1"], "pass --shards N or set EMOVOX_SHARDS"),
        (["JOB_COMPLETION_INDEX": "3", "EMOVOX_SHARDS": "3"], "JOB_COMPLETION_INDEX 3 is not a shard of 3"),
        (["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"], "$SLURM_ARRAY_TASK_ID is 'x'"),
        ([:], "pass --shard I/N, or run as a Slurm array task"),
    ])
    func aShardTheEngineDoesNotNameIsRefused(environment: [String: String], message: String) throws {
        let fixture = try ShardedRunFixture(count: 1)
        let output = try EmovoxProcess.run(
            ["run", try fixture.base.spec(), "--db", fixture.database, "--shard-out", fixture.shardDirectory(0)],
            environment: environment)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }
}
