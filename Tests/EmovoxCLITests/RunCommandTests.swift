import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

@testable import EmovoxCLI

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct RunCommandTests {
    @Test func aSecondRunIsServedFromTheCacheAndAChangedStepRecomputes() throws {
        let fixture = try PipelineFixture(count: 6)
        let spec = try fixture.spec()
        let (first, one) = try fixture.run(spec)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(one["selected"] as? Int == 6)
        #expect(one["processed"] as? Int == 6)
        #expect(one["cached"] as? Int == 0)
        #expect(one["failed"] as? Int == 0)

        let (_, two) = try fixture.run(spec)
        #expect(two["processed"] as? Int == 6)
        #expect(two["cached"] as? Int == 6)
        #expect(two["spec_hash"] as? String == one["spec_hash"] as? String)

        // A different loudness target changes the normalize step, so no sample is fully cached.
        let (_, louder) = try fixture.run(try fixture.spec(target: -20))
        #expect(louder["processed"] as? Int == 6)
        #expect(louder["cached"] as? Int == 0)
        #expect(louder["spec_hash"] as? String != one["spec_hash"] as? String)
    }

    @Test func theExportIsByteIdenticalForOneAndTwoJobs() throws {
        let fixture = try PipelineFixture(count: 8)
        let spec = try fixture.spec()
        var exports: [Data] = []
        for jobs in [1, 2] {
            // A fresh cache per job count, so both runs really compute.
            let cache = fixture.directory.path + "/cache-\(jobs)"
            let (run, summary) = try fixture.run(spec, ["--jobs", "\(jobs)", "--cache", cache])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(summary["cached"] as? Int == 0)
            let out = fixture.directory.path + "/features-\(jobs).csv"
            let export = try fixture.emovox(["features", "export", "--set", "prosody,level", "--out", out])
            #expect(export.status == 0, "\(export.stderr)")
            exports.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(exports[0] == exports[1])
        #expect(!exports[0].isEmpty)
    }

    @Test func aCorruptFileIsRecordedAsAFailureAndTheRestSucceed() throws {
        let fixture = try PipelineFixture(count: 4)
        let broken = fixture.corpusPath + "/" + fixture.files[1]
        // Replaced after import: --reimport-changed takes its new bytes, which do not decode.
        try Data("not audio at all".utf8).write(to: URL(fileURLWithPath: broken))
        let spec = try fixture.spec()

        let (lenient, summary) = try fixture.run(spec, ["--reimport-changed"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(summary["processed"] as? Int == 4)
        #expect(summary["failed"] as? Int == 1)
        let failures = summary["failures"] as? [[String: Any]] ?? []
        #expect(failures.count == 1)
        #expect((failures.first?["path"] as? String)?.hasSuffix(fixture.files[1]) == true)
        #expect(failures.first?["step"] as? String == "decode")
        #expect((failures.first?["reason"] as? String)?.isEmpty == false)
        #expect(lenient.stderr.contains("\(fixture.files[1]): decode failed: "), "\(lenient.stderr)")

        let strict = try fixture.emovox(["run", spec, "--strict"])
        #expect(strict.status != 0)

        let export = try fixture.emovox([
            "features", "export", "--set", "prosody", "--out", fixture.directory.path + "/f.csv",
        ])
        #expect(export.status == 0, "\(export.stderr)")
        let lines = try String(contentsOfFile: fixture.directory.path + "/f.csv", encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 1 + 3)
        #expect(!lines.contains { $0.contains(fixture.files[1]) })
    }

    @Test func nothingSucceedingIsAnErrorEvenWithoutStrict() throws {
        let fixture = try PipelineFixture(count: 2)
        for file in fixture.files {
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: fixture.corpusPath + "/" + file))
        }
        let (run, summary) = try fixture.run(try fixture.spec())
        #expect(run.status != 0)
        #expect(summary["failed"] as? Int == 2)
    }

    @Test func aKilledRunResumesWithoutRecomputingFinishedSamples() throws {
        let fixture = try PipelineFixture(count: 40)
        let spec = try fixture.spec()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EmovoxProcess.binary)
        process.arguments = ["run", spec, "--jobs", "1", "--batch", "4", "--db", fixture.database]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait until the first batch is in the catalog, then kill without warning.
        let catalog = try Catalog(path: fixture.database)
        func recorded() throws -> Int {
            try catalog.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sampleProcessing") ?? 0 }
        }
        let deadline = Date().addingTimeInterval(120)
        while try recorded() < 4, process.isRunning, Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let afterKill = try recorded()
        #expect(afterKill >= 4)
        if process.terminationReason == .uncaughtSignal {
            // Killed mid-run: the run never recorded its end.
            #expect(try catalog.pipelineRuns().first?.finishedAt == nil)
        }

        let (resumed, summary) = try fixture.run(spec)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(summary["processed"] as? Int == 40)
        #expect(summary["failed"] as? Int == 0)
        #expect((summary["cached"] as? Int ?? 0) >= afterKill)
        #expect(try recorded() == 40)
        let matrix = try catalog.featureMatrix(sets: ["prosody"])
        #expect(matrix.rows.count == 40)
        #expect(matrix.missing == 0)
        #expect(try catalog.integrityCheck() == ["ok"])
    }

    @Test func twoShardsCoverEverySampleExactlyOnce() throws {
        let fixture = try PipelineFixture(count: 12)
        let spec = try fixture.spec()
        let (_, first) = try fixture.run(spec, ["--shard", "0/2"])
        let (_, second) = try fixture.run(spec, ["--shard", "1/2"])
        let a = first["processed"] as? Int ?? -1
        let b = second["processed"] as? Int ?? -1
        #expect(a + b == 12)
        #expect(first["skipped"] as? Int == b)
        #expect(second["skipped"] as? Int == a)
        #expect(second["cached"] as? Int == 0)  // nothing the first shard did was redone
        // Together they did everything: the whole selection is now cached.
        let (_, whole) = try fixture.run(spec)
        #expect(whole["cached"] as? Int == 12)
        let catalog = try Catalog(path: fixture.database)
        #expect(try catalog.featureMatrix(sets: ["prosody"]).rows.count == 12)

        let bad = try fixture.emovox(["run", spec, "--shard", "2/2"])
        #expect(bad.status == 64)
    }

    @Test func aNonNumericFeatureSetParameterIsASpecErrorOnItsLine() throws {
        let fixture = try PipelineFixture(count: 1, import: false)
        let spec = fixture.directory.path + "/words.yaml"
        try "steps:\n  - decode\n  - features:\n      sets:\n        - mfcc: {n_mfcc: many}\n".write(
            toFile: spec, atomically: false, encoding: .utf8)
        let result = try fixture.emovox(["run", spec])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("words.yaml:5: feature set 'mfcc': parameter 'n_mfcc' must be a number, not 'many'"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
    }

    @Test func theDemoEntryPointRunsInProcess() throws {
        let fixture = try PipelineFixture(count: 3)
        let spec = try LoadedSpec.load(try fixture.spec())
        let catalog = try Catalog(path: fixture.database)
        var reported: [Int] = []
        let summary = try PipelineExecution.run(
            spec: spec, catalog: catalog, jobs: 2, progress: { done, total in reported.append(total - done) })
        #expect(summary.processed == 3)
        #expect(summary.failed == 0)
        #expect(summary.spec == "tiny")
        #expect(reported.last == 0)
        // The default cache is beside the catalog, and the run is recorded as finished.
        #expect(FileManager.default.fileExists(atPath: fixture.directory.path + "/emovox-cache"))
        let run = try catalog.pipelineRuns().first
        #expect(run?.id == summary.runId)
        #expect(run?.processed == 3)
        #expect(run?.finishedAt != nil)
        #expect(run?.specHash == summary.specHash)
    }

    @Test func aBadSpecNamesItsLineAndWritesNothing() throws {
        let fixture = try PipelineFixture(count: 1, import: false)
        let spec = fixture.directory.path + "/bad.yaml"
        try "name: bad\nsteps:\n  - decode: {channel: mix}\n  - normalize: {target: loud}\n".write(
            toFile: spec, atomically: false, encoding: .utf8)
        let result = try fixture.emovox(["run", spec])
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad.yaml:4:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path + "/emovox-cache"))

        let unknownSet = fixture.directory.path + "/unknown.yaml"
        try "steps:\n  - decode\n  - features: {sets: [prosody, chroma]}\n".write(
            toFile: unknownSet, atomically: false, encoding: .utf8)
        let unknown = try fixture.emovox(["run", unknownSet])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown.yaml:3:"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.database))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path + "/emovox-cache"))
    }
}
