import EmovoxTestSupport
import Foundation
import Testing

/// `emovox speakers …` end to end on espeak-ng voices: a tiny extractor trained on four voices,
/// two other voices enrolled and identified.
@Suite(.enabled(if: EmovoxProcess.hasEspeak, "needs espeak-ng (scripts/setup.sh installs it)"))
struct SpeakersCommandTests {
    static let voices = ["en-us+m3", "en-us+f2", "en-gb-x-rp+m1", "en-gb-scotland+f3", "en-029+m2", "en-us+f4"]
    static let sentences = [
        "Kids are talking by the door", "Dogs are sitting by the door", "The quick brown fox jumps over the lazy dog",
        "Please call me back tomorrow morning",
    ]

    /// Clips of every voice and sentence, imported as two corpora: `train` (voices 0–3) and `eval`
    /// (voices 4–5, statement = sentence index).
    final class Fixture: @unchecked Sendable {
        let dir: TemporaryDirectory
        var db: String { dir.path + "/c.sqlite" }
        var extractor: String { dir.path + "/x.extractor" }

        init() throws {
            dir = try TemporaryDirectory()
            var train = "path,speaker,emotion,statement\n"
            var eval = "path,speaker,emotion,statement\n"
            for (v, voice) in SpeakersCommandTests.voices.enumerated() {
                for (s, text) in SpeakersCommandTests.sentences.enumerated() {
                    let name = "v\(v)-s\(s).wav"
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["espeak-ng", "-v", voice, "-w", dir.path + "/" + name, text]
                    try process.run()
                    process.waitUntilExit()
                    if v < 4 { train += "\(name),v\(v),neutral,\(s)\n" } else { eval += "\(name),v\(v),neutral,\(s)\n" }
                }
            }
            try train.write(toFile: dir.path + "/train.csv", atomically: true, encoding: .utf8)
            try eval.write(toFile: dir.path + "/eval.csv", atomically: true, encoding: .utf8)
            for corpus in ["train", "eval"] {
                let imported = try EmovoxProcess.run([
                    "import", "csv", dir.path + "/\(corpus).csv", "--corpus", corpus, "--statement-column", "statement",
                    "--db", db,
                ])
                #expect(imported.status == 0, "\(imported.stderr)")
            }
        }

        func clip(_ voice: Int, _ sentence: Int) -> String { dir.path + "/v\(voice)-s\(sentence).wav" }

        func train(out: String, jobs: Int) throws -> EmovoxProcess.Output {
            try EmovoxProcess.run([
                "speakers", "train-extractor", "--corpus", "train", "--out", out, "--components", "8",
                "--ubm-iterations", "3", "--ubm-frames", "5000", "--rank", "6", "--tv-iterations", "2",
                "--embedding-dimension", "5", "--jobs", String(jobs), "--db", db, "--json",
            ])
        }
    }

    @Test func trainEnrollIdentifyVerifyEvaluate() throws {
        let f = try Fixture()
        let trained = try f.train(out: f.extractor, jobs: 1)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(try trained.json()["speakers"] as? Int == 4)
        let parallel = try f.train(out: f.dir.path + "/y.extractor", jobs: 2)
        #expect(parallel.status == 0, "\(parallel.stderr)")
        #expect(
            FileManager.default.contents(atPath: f.extractor)
                == FileManager.default.contents(atPath: f.dir.path + "/y.extractor"),
            "--jobs 1 and --jobs 2 wrote different extractors")

        for (name, voice) in [("alice", 4), ("bob", 5)] {
            let enrolled = try EmovoxProcess.run(
                [
                    "speakers", "enroll", name, f.clip(voice, 0), f.clip(voice, 1), "--extractor", f.extractor, "--db",
                    f.db,
                ])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
        }
        let listed = try EmovoxProcess.run(["speakers", "list", "--db", f.db, "--json"])
        let people = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(people.map { $0["name"] as? String } == ["alice", "bob"])
        #expect(people.map { $0["recordings"] as? Int } == [2, 2])

        let identified = try EmovoxProcess.run([
            "speakers", "identify", f.clip(4, 2), f.clip(5, 3), "--top", "2", "--threshold=-1e300",
            "--extractor", f.extractor, "--db", f.db, "--json",
        ])
        #expect(identified.status == 0, "\(identified.stderr)")
        let results = try identified.json()["results"] as? [[String: Any]] ?? []
        #expect(results.map { $0["speaker"] as? String } == ["alice", "bob"])
        #expect((results.first?["matches"] as? [Any])?.count == 2)
        // Above every score: nobody is recognized.
        let strict = try EmovoxProcess.run([
            "speakers", "identify", f.clip(4, 2), "--threshold", "1e300", "--extractor", f.extractor, "--db", f.db,
            "--json",
        ])
        #expect((try strict.json()["results"] as? [[String: Any]])?.first?["speaker"] as? String == "unknown")

        let genuine = try EmovoxProcess.run(
            ["speakers", "verify", f.clip(5, 2), "--as", "bob", "--extractor", f.extractor, "--db", f.db, "--json"])
        let impostor = try EmovoxProcess.run(
            ["speakers", "verify", f.clip(5, 2), "--as", "alice", "--extractor", f.extractor, "--db", f.db, "--json"])
        #expect(genuine.status == 0 && impostor.status == 0, "\(genuine.stderr)\(impostor.stderr)")
        let genuineScore = try #require(try genuine.json()["score"] as? Double)
        let impostorScore = try #require(try impostor.json()["score"] as? Double)
        #expect(genuineScore > impostorScore)

        let evaluated = try EmovoxProcess.run([
            "speakers", "evaluate", "--corpus", "eval", "--enroll", "statement in (0, 1)", "--test",
            "statement in (2, 3)", "--extractor", f.extractor, "--db", f.db, "--json",
        ])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let report = try evaluated.json()
        #expect(report["speakers"] as? Int == 2)
        #expect(report["target_trials"] as? Int == 4 && report["non_target_trials"] as? Int == 4)
        #expect(report["accuracy"] as? Double == 1)
        #expect((report["det"] as? [Any])?.isEmpty == false)
        #expect(report["min_dcf"] is Double && report["eer"] is Double)

        // A stored split: leave-one-statement-out, fold 0 identifies statement 0 from statements 1–3.
        let split = try EmovoxProcess.run([
            "split", "create", "by-text", "--strategy", "logo", "--group", "statement", "--target", "speaker",
            "--corpus", "eval",
            "--db", f.db,
        ])
        #expect(split.status == 0, "\(split.stderr)")
        let bySplit = try EmovoxProcess.run([
            "speakers", "evaluate", "--split", "by-text", "--fold", "0", "--extractor", f.extractor, "--db", f.db,
            "--json",
        ])
        #expect(bySplit.status == 0, "\(bySplit.stderr)")
        let splitReport = try bySplit.json()
        #expect(splitReport["enroll_recordings"] as? Int == 6 && splitReport["test_recordings"] as? Int == 2)
        #expect(splitReport["target_trials"] as? Int == 2)
        let noFold = try EmovoxProcess.run([
            "speakers", "evaluate", "--split", "by-text", "--fold", "9", "--extractor", f.extractor, "--db", f.db,
        ])
        #expect(noFold.status == 64 && noFold.stderr.contains("--fold 9"), "\(noFold.stderr)")
        let noSplit = try EmovoxProcess.run([
            "speakers", "evaluate", "--split", "nope", "--extractor", f.extractor, "--db", f.db,
        ])
        #expect(noSplit.status == 64, "\(noSplit.stderr)")

        let removed = try EmovoxProcess.run(["speakers", "remove", "bob", "--db", f.db])
        #expect(removed.status == 0, "\(removed.stderr)")
        let again = try EmovoxProcess.run(["speakers", "remove", "bob", "--db", f.db])
        #expect(again.status == 64)
        #expect(again.stderr.contains("no enrolled speaker named 'bob'"))
    }

    @Test func hostileInputsFailWithTheFileAndTheReason() throws {
        let f = try Fixture()
        let missing = try EmovoxProcess.run([
            "speakers", "identify", f.clip(4, 0), "--extractor", f.dir.path + "/none.extractor", "--db", f.db,
        ])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("none.extractor") && missing.stderr.contains("no such file"), "\(missing.stderr)")

        // A WAV file given as the extractor.
        let foreign = try EmovoxProcess.run([
            "speakers", "enroll", "x", f.clip(4, 0), "--extractor", f.clip(4, 1), "--db", f.db,
        ])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("not an emovox speaker extractor"), "\(foreign.stderr)")

        #expect(try f.train(out: f.extractor, jobs: 2).status == 0)
        var bytes = try #require(FileManager.default.contents(atPath: f.extractor))
        bytes[bytes.count / 2] ^= 0x10
        let corrupt = f.dir.path + "/corrupt.extractor"
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        let damaged = try EmovoxProcess.run([
            "speakers", "enroll", "x", f.clip(4, 0), "--extractor", corrupt, "--db", f.db,
        ])
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("corrupt.extractor") && damaged.stderr.contains("corrupt"), "\(damaged.stderr)")

        // Nobody enrolled yet: a clear message, not an empty answer.
        let empty = try EmovoxProcess.run([
            "speakers", "identify", f.clip(4, 0), "--extractor", f.extractor, "--db", f.db,
        ])
        #expect(empty.status == 1 && empty.stderr.contains("nobody is enrolled"), "\(empty.stderr)")

        // A text file among the recordings costs only its own line.
        let text = f.dir.path + "/notes.wav"
        try "not audio".write(toFile: text, atomically: true, encoding: .utf8)
        let enrolled = try EmovoxProcess.run([
            "speakers", "enroll", "alice", f.clip(4, 0), text, "--extractor", f.extractor, "--db", f.db, "--json",
        ])
        #expect(enrolled.status == 1)
        #expect(enrolled.stderr.contains("notes.wav"), "\(enrolled.stderr)")
        #expect(try enrolled.json()["enrolled"] as? Int == 1)
        let identified = try EmovoxProcess.run([
            "speakers", "identify", text, f.clip(4, 2), "--extractor", f.extractor, "--db", f.db, "--json",
        ])
        #expect(identified.status == 1)
        let results = try identified.json()["results"] as? [[String: Any]] ?? []
        #expect(results.count == 2)
        #expect((results.first?["error"] as? String)?.contains("notes.wav") == true)
        #expect(results.last?["matches"] != nil)

        let unknownName = try EmovoxProcess.run(
            ["speakers", "verify", f.clip(4, 2), "--as", "mallory", "--extractor", f.extractor, "--db", f.db])
        #expect(unknownName.status == 64)
        #expect(unknownName.stderr.contains("no speaker named 'mallory'"), "\(unknownName.stderr)")

        let reserved = try EmovoxProcess.run(
            ["speakers", "enroll", "unknown", f.clip(4, 0), "--extractor", f.extractor, "--db", f.db])
        #expect(reserved.status == 64)
    }
}
