import EmovoxTestSupport
import Foundation
import GRDB
import Testing

extension EmovoxProcess.Output {
    /// Standard output parsed as a JSON array of objects.
    func jsonArray() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]] ?? []
    }
}

/// `emovox corpus list|show|delete` and `emovox runs list|show`.
@Suite struct CorpusAndRunsCommandTests {
    /// Rows per table of the catalog, read directly.
    static func count(_ database: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: database).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    /// Imports a second, disjoint corpus into `fixture`'s catalog through a renamed RAVDESS manifest.
    static func importSecondCorpus(
        into fixture: PipelineFixture, name: String, count: Int, firstIndex: Int
    ) throws -> PipelineFixture {
        let second = try PipelineFixture(count: count, import: false, firstIndex: firstIndex)
        let manifest = try String(
            contentsOf: EmovoxProcess.packageRoot.appendingPathComponent("Manifests/ravdess.yaml"), encoding: .utf8
        ).replacingOccurrences(of: "\nname: ravdess\n", with: "\nname: \(name)\n")
        let manifestPath = second.directory.path + "/\(name).yaml"
        try manifest.write(toFile: manifestPath, atomically: false, encoding: .utf8)
        let imported = try fixture.emovox(["import", manifestPath, second.corpusPath])
        guard imported.status == 0 else { throw PipelineFixture.FixtureError("import failed: \(imported.stderr)") }
        return second
    }

    @Test func corpusListShowAndDeleteRemoveEverythingOfOneCorpusAndReimportWorks() throws {
        let fixture = try PipelineFixture(count: 16)
        let other = try Self.importSecondCorpus(into: fixture, name: "other", count: 4, firstIndex: 100)
        let spec = try fixture.spec()
        #expect(try fixture.run(spec).0.status == 0)

        let list = try fixture.emovox(["corpus", "list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let corpora = try list.jsonArray()
        #expect(corpora.map { $0["name"] as? String } == ["other", "ravdess"])
        #expect(corpora.map { $0["samples"] as? Int } == [4, 16])
        #expect(corpora.map { $0["speakers"] as? Int } == [4, 4])
        #expect(corpora[1]["license"] as? String == "CC BY-NC-SA 4.0")
        // 16 clips of 0.5 s.
        #expect(abs((corpora[1]["hours"] as? Double ?? 0) - 16 * 0.5 / 3600) < 1e-6)
        let text = try fixture.emovox(["corpus", "list"])
        #expect(text.stdout.contains("2 corpora"), "\(text.stdout)")

        let show = try fixture.emovox(["corpus", "show", "ravdess", "--json"]).json()
        #expect(show["version"] as? String == "1.0.0")
        #expect((show["citation"] as? String)?.contains("Livingstone") == true)
        #expect(show["languages"] as? [String] == ["en"])
        // Four actors × one clip of each of the first four emotions; odd actors male.
        #expect(show["emotions"] as? [String: Int] == ["neutral": 4, "calm": 4, "happy": 4, "sad": 4])
        #expect(show["genders"] as? [String: Int] == ["male": 8, "female": 8])
        #expect(show["speaker_genders"] as? [String: Int] == ["male": 2, "female": 2])
        #expect(show["splits"] as? [String] == [])

        // Unknown names: exit 64, naming the corpora there are.
        for command in [["corpus", "show", "nope"], ["corpus", "delete", "nope"]] {
            let unknown = try fixture.emovox(command)
            #expect(unknown.status == 64)
            #expect(unknown.stderr.contains("no corpus named 'nope' (corpora: other, ravdess)"), "\(unknown.stderr)")
            #expect(!unknown.stderr.contains("Usage:"))
        }

        // A split uses the corpus: refused, nothing touched.
        #expect(
            try fixture.emovox(["split", "create", "s", "--corpus", "ravdess", "--test-fraction", "0.25"]).status == 0)
        let before = try Self.tableCounts(fixture.database)
        let refused = try fixture.emovox(["corpus", "delete", "ravdess"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("corpus 'ravdess' is used by split s"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(try Self.tableCounts(fixture.database) == before)
        #expect(try fixture.emovox(["split", "show", "s"]).status == 0)

        // --force deletes the corpus, its derived rows and the split, and nothing of the other corpus.
        let deleted = try fixture.emovox(["corpus", "delete", "ravdess", "--force", "--json"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let report = try deleted.json()
        #expect(report["samples"] as? Int == 16)
        #expect(report["speakers"] as? Int == 4)
        #expect(report["processing_rows"] as? Int == 16)
        #expect(report["feature_vectors"] as? Int == 16)
        #expect(report["split_assignments"] as? Int == 16)
        #expect(report["deleted_splits"] as? [String] == ["s"])
        let after = try Self.tableCounts(fixture.database)
        #expect(after["corpus"] == 1)
        #expect(after["sample"] == 4)
        #expect(after["speaker"] == 4)
        #expect(after["sampleProcessing"] == 4)
        #expect(after["featureVector"] == 4)
        #expect(after["split"] == 0)
        #expect(after["splitAssignment"] == 0)
        #expect(after["pipelineRun"] == before["pipelineRun"])
        #expect(
            try fixture.emovox(["corpus", "list", "--json"]).jsonArray().map { $0["name"] as? String } == ["other"])

        // Importing it again starts from scratch; the step cache still serves every sample.
        let reimport = try fixture.emovox(["import", "ravdess", fixture.corpusPath, "--json"])
        #expect(try reimport.json()["imported"] as? Int == 16, "\(reimport.stderr)")
        let rerun = try fixture.run(spec, ["--corpus", "ravdess"]).1
        #expect(rerun["processed"] as? Int == 16)
        #expect(rerun["cached"] as? Int == 16)
        #expect(try Self.count(fixture.database, "SELECT count(*) FROM sampleProcessing") == 20)
        _ = other
    }

    @Test func corpusDeleteWithImportErrorsRemovesThem() throws {
        let fixture = try PipelineFixture(count: 4, import: false)
        try Data("not audio".utf8).write(
            to: URL(fileURLWithPath: fixture.corpusPath + "/Actor_01/03-01-02-01-01-01-01.wav"))
        #expect(try fixture.emovox(["import", "ravdess", fixture.corpusPath]).status == 1)
        #expect(try fixture.emovox(["corpus", "show", "ravdess", "--json"]).json()["import_errors"] as? Int == 1)
        let deleted = try fixture.emovox(["corpus", "delete", "ravdess", "--json"]).json()
        #expect(deleted["import_errors"] as? Int == 1)
        #expect(try Self.count(fixture.database, "SELECT count(*) FROM importError") == 0)
        #expect(try Self.count(fixture.database, "SELECT count(*) FROM pragma_foreign_key_check") == 0)
    }

    static func tableCounts(_ database: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in [
            "corpus", "sample", "speaker", "importError", "sampleProcessing", "featureVector", "pipelineFailure",
            "pipelineRun", "split", "splitAssignment",
        ] {
            counts[table] = try count(database, "SELECT count(*) FROM \(table)")
        }
        return counts
    }

    @Test func runsListAndShowGiveTheHistoryWithSpecCountsAndFailures() throws {
        let fixture = try PipelineFixture(count: 6)
        let spec = try fixture.spec()
        let first = try fixture.run(spec).1
        // A file removed after import fails the second run (a fresh cache, so it must be read).
        try FileManager.default.removeItem(atPath: fixture.corpusPath + "/" + fixture.files[5])
        let second = try fixture.run(try fixture.spec(target: -20), ["--cache", fixture.directory.path + "/cache2"]).1
        #expect(second["failed"] as? Int == 1)

        let list = try fixture.emovox(["runs", "list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let runs = try list.jsonArray()
        #expect(runs.map { $0["run_id"] as? Int } == [second["run_id"] as? Int, first["run_id"] as? Int])
        #expect(
            runs.map { $0["spec_hash"] as? String } == [second["spec_hash"] as? String, first["spec_hash"] as? String])
        #expect(runs.map { $0["spec"] as? String } == ["tiny", "tiny"])
        #expect(runs.map { $0["processed"] as? Int } == [6, 6])
        #expect(runs.map { $0["failed"] as? Int } == [1, 0])
        #expect(runs.allSatisfy { ($0["seconds"] as? Double ?? -1) >= 0 && $0["finished_at"] is String })
        let text = try fixture.emovox(["runs", "list"]).stdout
        #expect(text.contains("2 runs"), "\(text)")

        let id = try #require(second["run_id"] as? Int)
        let show = try fixture.emovox(["runs", "show", String(id), "--json"]).json()
        #expect((show["spec_text"] as? String)?.contains("target: -20") == true)
        let failures = try #require(show["failures"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect((failures.first?["path"] as? String)?.hasSuffix(fixture.files[5]) == true)
        #expect((failures.first?["step"] as? String)?.isEmpty == false)
        let shown = try fixture.emovox(["runs", "show", String(id)]).stdout
        #expect(shown.contains("1 failure:"), "\(shown)")
        #expect(shown.contains(fixture.files[5]))

        let unknown = try fixture.emovox(["runs", "show", "999"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no run with id 999"), "\(unknown.stderr)")
    }
}
