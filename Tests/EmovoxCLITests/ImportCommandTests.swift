import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct ImportCommandTests {
    func corpus() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for (index, name) in ["Actor_01/03-01-05-01-01-01-01.wav", "Actor_02/03-01-03-02-02-01-02.wav"].enumerated() {
            let url = dir.url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AudioWriter.write(
                AudioBuffer(
                    mono: Synth.sine(frequency: 220 * Double(index + 1), duration: 0.2, sampleRate: 16_000),
                    sampleRate: 16_000),
                to: url.path)
        }
        return dir
    }

    @Test func importPrintsTheJSONCountsAndIsIdempotent() throws {
        let corpus = try corpus()
        let db = try TemporaryDirectory()
        let first = try EmovoxProcess.run(["import", "ravdess", corpus.path, "--db", db.path + "/c.sqlite", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try first.json()
        #expect(json["imported"] as? Int == 2)
        #expect(json["unchanged"] as? Int == 0)
        #expect(json["failed"] as? Int == 0)
        let second = try EmovoxProcess.run(["import", "ravdess", corpus.path, "--db", db.path + "/c.sqlite", "--json"])
        #expect(try second.json()["imported"] as? Int == 0)
        #expect(try second.json()["unchanged"] as? Int == 2)
    }

    @Test func failuresNameTheFileAndSetTheExitStatus() throws {
        let corpus = try corpus()
        try Data("garbage".utf8).write(to: corpus.url.appendingPathComponent("Actor_01/03-01-02-01-01-01-01.wav"))
        let db = try TemporaryDirectory()
        let result = try EmovoxProcess.run(["import", "ravdess", corpus.path, "--db", db.path + "/c.sqlite", "--json"])
        #expect(result.status == 1)
        #expect(try result.json()["failed"] as? Int == 1)
        #expect(try result.json()["imported"] as? Int == 2)
        #expect(result.stderr.contains("Actor_01/03-01-02-01-01-01-01.wav: unsupported or corrupt audio"))
        let errors = try EmovoxProcess.run(["import", "errors", "--db", db.path + "/c.sqlite"])
        #expect(errors.stdout.contains("03-01-02-01-01-01-01.wav: unsupported or corrupt audio"))
    }

    @Test func malformedManifestIsRejectedWithItsLineBeforeAnythingIsWritten() throws {
        let corpus = try corpus()
        let manifest = corpus.url.appendingPathComponent("bad.yaml").path
        try "name: bad\nfiles: {include: ['*.wav']}\nlabels:\n  - from: stem\n    patern: 'x'\n".write(
            toFile: manifest, atomically: false, encoding: .utf8)
        let db = try TemporaryDirectory()
        let result = try EmovoxProcess.run(["import", manifest, corpus.path, "--db", db.path + "/c.sqlite"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad.yaml:5: unknown key 'patern'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db.path + "/c.sqlite"))
    }

    @Test func statsReportsJSONAndCSVAndRejectsUnknownColumns() throws {
        let corpus = try corpus()
        let db = try TemporaryDirectory()
        _ = try EmovoxProcess.run(["import", "ravdess", corpus.path, "--db", db.path + "/c.sqlite"])
        let json = try EmovoxProcess.run(["stats", "--db", db.path + "/c.sqlite", "--by", "gender,speaker", "--json"])
        #expect(json.status == 0)
        let report = try json.json()
        #expect(report["samples"] as? Int == 2)
        #expect(report["imbalance_ratio"] as? Double == 1)
        #expect((report["tables"] as? [[String: Any]])?.map { $0["by"] as? String } == ["gender", "speaker"])
        let csv = try EmovoxProcess.run(["stats", "--db", db.path + "/c.sqlite", "--format", "csv", "--by", "gender"])
        #expect(csv.stdout.contains("gender,angry,male,1,"))
        #expect(csv.stdout.contains("gender,happy,female,1,"))
        let bad = try EmovoxProcess.run(["stats", "--db", db.path + "/c.sqlite", "--by", "colour"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown column 'colour'"))
        let badWhere = try EmovoxProcess.run(["stats", "--db", db.path + "/c.sqlite", "--where", "emotion ~ x"])
        #expect(badWhere.status == 64)
    }

    @Test func csvImportFromTheCommandLine() throws {
        let corpus = try corpus()
        try "path,speaker,emotion\nActor_01/03-01-05-01-01-01-01.wav,a,angry\nActor_02/03-01-03-02-02-01-02.wav,b,joy\n"
            .write(toFile: corpus.path + "/list.csv", atomically: false, encoding: .utf8)
        let db = try TemporaryDirectory()
        let result = try EmovoxProcess.run([
            "import", "csv", corpus.path + "/list.csv", "--corpus", "mine", "--emotion-map", "joy=happy",
            "--db", db.path + "/c.sqlite", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["imported"] as? Int == 2)
    }
}

@Suite(.enabled(if: EmovoxProcess.hasEspeak, "needs espeak-ng (scripts/setup.sh installs it)"))
struct DemoCommandTests {
    @Test func demoGeneratesImportsAndReports() throws {
        let dir = try TemporaryDirectory()
        let result = try EmovoxProcess.run(
            ["demo", "--actors", "2", "--out", dir.path + "/corpus", "--db", dir.path + "/c.sqlite", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["generated"] as? Int == 120)
        let report = json["import"] as? [String: Any]
        #expect(report?["imported"] as? Int == 120)
        #expect(report?["failed"] as? Int == 0)
        let balance = json["balance"] as? [String: Any]
        #expect(balance?["speakers"] as? Int == 2)
        #expect((balance?["emotions"] as? [String: Any])?.count == 8)
        // The whole job: preprocessing, a speaker-independent split, training, evaluation, prediction.
        #expect((json["pipeline"] as? [String: Any])?["failed"] as? Int == 0)
        let evaluation = try #require(json["evaluation"] as? [String: Any])
        #expect((evaluation["samples"] as? Int ?? 0) > 0)
        #expect((evaluation["uar"] as? Double).map { (0...1).contains($0) } == true)
        let prediction = try #require(json["prediction"] as? [String: Any])
        #expect(prediction["error"] == nil)
        #expect((prediction["probabilities"] as? [String: Double])?.values.reduce(0, +) ?? 0 > 0.99)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/corpus/report.html"))
        // predict from the command line, with the model the demo wrote.
        let file = try #require(prediction["file"] as? String)
        let predicted = try EmovoxProcess.run(["predict", file, "--model", dir.path + "/corpus/model.json", "--json"])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(predicted.stdout.contains("\"label\""))
        let unreadable = try EmovoxProcess.run([
            "predict", dir.path + "/nothing.wav", "--model", dir.path + "/corpus/model.json",
        ])
        #expect(unreadable.status == 1)
        // A second run generates nothing and imports nothing new.
        let again = try EmovoxProcess.run(
            ["demo", "--actors", "2", "--out", dir.path + "/corpus", "--db", dir.path + "/c.sqlite", "--json"])
        #expect(try again.json()["generated"] as? Int == 0)
        #expect((try again.json()["import"] as? [String: Any])?["unchanged"] as? Int == 120)
    }
}
