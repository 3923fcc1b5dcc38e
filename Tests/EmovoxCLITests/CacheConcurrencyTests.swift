import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs and garbage collections sharing one cache folder at the same time.
@Suite struct CacheConcurrencyTests {
    /// A started `emovox run … --json` whose output goes to files.
    struct Background {
        let process: Process
        let stdout: String
        let stderr: String

        init(_ fixture: PipelineFixture, _ arguments: [String], name: String) throws {
            stdout = fixture.directory.path + "/\(name).out"
            stderr = fixture.directory.path + "/\(name).err"
            _ = FileManager.default.createFile(atPath: stdout, contents: nil)
            _ = FileManager.default.createFile(atPath: stderr, contents: nil)
            process = Process()
            process.executableURL = URL(fileURLWithPath: EmovoxProcess.binary)
            process.arguments = arguments + ["--db", fixture.database]
            process.standardOutput = FileHandle(forWritingAtPath: stdout)
            process.standardError = FileHandle(forWritingAtPath: stderr)
            try process.run()
        }

        /// Waits for the end and returns the exit status, the JSON summary and standard error.
        func finish() throws -> (Int32, [String: Any], String) {
            process.waitUntilExit()
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stdout)))
            return (
                process.terminationStatus, json as? [String: Any] ?? [:],
                try String(contentsOfFile: stderr, encoding: .utf8)
            )
        }
    }

    func temporaryNames(in cache: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: cache).filter { $0.contains(".tmp-") }
    }

    @Test func gcWhileARunWritesTheCacheCostsNoSample() throws {
        let fixture = try PipelineFixture(count: 32)
        let spec = try fixture.spec()
        let run = try Background(fixture, ["run", spec, "--jobs", "2", "--json"], name: "run")
        var collections = 0
        var sawRun = false
        while run.process.isRunning {
            let gc = try fixture.emovox(["cache", "gc", "--json"])
            #expect(gc.status == 0, "\(gc.stderr)")
            if (try? gc.json())?["runs_in_progress"] as? Bool == true { sawRun = true }
            collections += 1
        }
        let (status, summary, stderr) = try run.finish()
        #expect(status == 0, "\(stderr)")
        #expect(summary["processed"] as? Int == 32)
        #expect(summary["failed"] as? Int == 0, "\(stderr)")
        #expect(collections > 0)
        #expect(sawRun || collections == 1)
        // Every entry the run wrote survived: a second run computes nothing.
        let (_, again) = try fixture.run(spec)
        #expect(again["cached"] as? Int == 32)
    }

    @Test func gcSparesWhatARunMayBeWritingAndRemovesOldUnreferencedEntries() throws {
        let fixture = try PipelineFixture(count: 2)
        let (first, _) = try fixture.run(try fixture.spec())
        #expect(first.status == 0, "\(first.stderr)")
        let cacheDirectory = fixture.directory.path + "/emovox-cache"
        let entries = try fixture.emovox(["cache", "stats", "--json"]).json()["entries"] as? Int ?? 0
        #expect(entries > 0)

        // Entries no catalogued sample needs, and temporary files, young and two hours old.
        let shard = cacheDirectory + "/ab"
        try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true)
        let oldDate = Date().addingTimeInterval(-7_200)
        let planted = [
            "oldEntry": (shard + "/" + String(repeating: "1", count: 62), oldDate),
            "youngEntry": (shard + "/" + String(repeating: "2", count: 62), Date()),
            "oldTemporary": (shard + "/.tmp-1-1", oldDate),
            "youngTemporary": (shard + "/.tmp-1-2", Date()),
        ]
        for (path, date) in planted.values {
            try Data("leftover".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: planted[name]!.0) }

        // A run holds the cache: only old files go.
        var lock = try PipelineCache(directory: cacheDirectory).lockForRun()
        #expect(lock != nil)
        let busy = try fixture.emovox(["cache", "gc", "--json"])
        #expect(busy.status == 0, "\(busy.stderr)")
        let busyReport = try busy.json()
        #expect(busyReport["runs_in_progress"] as? Bool == true)
        #expect(busyReport["removed_entries"] as? Int == 1)
        #expect(!exists("oldEntry") && !exists("oldTemporary"))
        #expect(exists("youngEntry") && exists("youngTemporary"))
        #expect(busyReport["kept_entries"] as? Int == entries + 1)

        // No run: every unreferenced entry goes; a young temporary file may still be mid-write.
        lock = nil
        let idle = try fixture.emovox(["cache", "gc", "--json"]).json()
        #expect(idle["runs_in_progress"] as? Bool == false)
        #expect(idle["removed_entries"] as? Int == 1)
        #expect(!exists("youngEntry") && exists("youngTemporary"))
        #expect(idle["kept_entries"] as? Int == entries)
    }

    @Test func twoIdenticalRunsAtOnceLeaveNoTemporaryFilesAndAgree() throws {
        let fixture = try PipelineFixture(count: 24)
        let spec = try fixture.spec()
        let runs = try (0..<2).map {
            try Background(fixture, ["run", spec, "--jobs", "1", "--json"], name: "run\($0)")
        }
        for run in runs {
            let (status, summary, stderr) = try run.finish()
            #expect(status == 0, "\(stderr)")
            #expect(summary["failed"] as? Int == 0, "\(stderr)")
            #expect(summary["processed"] as? Int == 24)
        }
        let cacheDirectory = fixture.directory.path + "/emovox-cache"
        let leftovers = try temporaryNames(in: cacheDirectory)
        #expect(leftovers.isEmpty, "\(leftovers)")
        let shared = fixture.directory.path + "/shared.csv"
        #expect(try fixture.emovox(["features", "export", "--set", "prosody,level", "--out", shared]).status == 0)
        let (alone, _) = try fixture.run(spec, ["--cache", fixture.directory.path + "/alone-cache"])
        #expect(alone.status == 0, "\(alone.stderr)")
        let single = fixture.directory.path + "/single.csv"
        #expect(try fixture.emovox(["features", "export", "--set", "prosody,level", "--out", single]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: shared)) == Data(contentsOf: URL(fileURLWithPath: single)))
    }
}
