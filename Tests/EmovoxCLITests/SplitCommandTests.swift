import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

/// Splits and exports through the command line, on a generated RAVDESS-layout corpus of
/// 8 actors × 8 emotions × 2 statements.
@Suite struct SplitCommandTests {
    static func corpus() throws -> (corpus: TemporaryDirectory, db: String) {
        let dir = try TemporaryDirectory()
        for actor in 1...8 {
            for emotion in 1...8 {
                for statement in 1...2 {
                    let name = String(
                        format: "Actor_%02d/03-01-%02d-01-%02d-01-%02d.wav", actor, emotion, statement, actor)
                    let url = dir.url.appendingPathComponent(name)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    let tone = Synth.sine(
                        frequency: Double(100 * actor + 10 * emotion + statement), duration: 0.05, sampleRate: 8_000)
                    try AudioWriter.write(AudioBuffer(mono: tone, sampleRate: 8_000), to: url.path)
                }
            }
        }
        let db = dir.path + "/c.sqlite"
        let result = try EmovoxProcess.run(["import", "ravdess", dir.path, "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        return (dir, db)
    }

    @Test func holdoutIsSpeakerDisjointReproducibleAndExportsIdenticalBytes() throws {
        let (corpus, db) = try Self.corpus()
        let a = try EmovoxProcess.run(["split", "create", "a", "--seed", "7", "--db", db, "--json"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try EmovoxProcess.run(["split", "create", "b", "--seed", "7", "--db", db, "--json"])
        let c = try EmovoxProcess.run(["split", "create", "c", "--seed", "8", "--db", db, "--json"])
        let hashA = try a.json()["content_hash"] as? String
        #expect(hashA != nil)
        #expect(hashA == (try b.json()["content_hash"] as? String))
        #expect(hashA != (try c.json()["content_hash"] as? String))

        let check = try EmovoxProcess.run(["split", "check", "a", "--db", db])
        #expect(check.status == 0)
        #expect(check.stdout.contains("ok: no speaker appears on two sides"))

        let outA = corpus.path + "/export-a"
        let outB = corpus.path + "/export-b"
        #expect(try EmovoxProcess.run(["export", "a", "--out", outA, "--db", db]).status == 0)
        #expect(try EmovoxProcess.run(["export", "a", "--out", outB, "--db", db]).status == 0)
        for file in ["train.csv", "test.csv", "train.jsonl", "meta.json", "lhotse/test_supervisions.jsonl"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: "\(outA)/\(file)"))
            #expect(first == (try Data(contentsOf: URL(fileURLWithPath: "\(outB)/\(file)"))), "\(file)")
            #expect(!first.isEmpty)
        }
        // No speaker on both sides, and every sample on exactly one.
        func speakers(_ file: String) throws -> (Set<String>, Int) {
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst()
            return (Set(lines.map { String($0.split(separator: ",")[2]) }), lines.count)
        }
        let (train, trainCount) = try speakers(outA + "/train.csv")
        let (test, testCount) = try speakers(outA + "/test.csv")
        #expect(train.isDisjoint(with: test))
        #expect(trainCount + testCount == 128)
        let meta =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outA + "/meta.json")))
            as? [String: Any]
        #expect((meta?["split"] as? [String: Any])?["content_hash"] as? String == hashA)
        #expect((meta?["labels"] as? [String])?.count == 8)
    }

    @Test func kfoldLosoLogoAndLabelMaps() throws {
        let (corpus, db) = try Self.corpus()
        let k = try EmovoxProcess.run([
            "split", "create", "k4", "--strategy", "kfold", "--folds", "4", "--db", db, "--json",
        ])
        #expect(k.status == 0, "\(k.stderr)")
        #expect(try k.json()["folds"] as? Int == 4)
        let out = corpus.path + "/k4"
        #expect(try EmovoxProcess.run(["export", "k4", "--out", out, "--db", db]).status == 0)
        var tested: [String] = []
        for fold in 0..<4 {
            let lines = try String(contentsOfFile: "\(out)/fold-\(fold)/test.csv", encoding: .utf8)
                .split(separator: "\n").dropFirst()
            tested += lines.map { String($0.split(separator: ",")[0]) }
        }
        #expect(tested.count == 128)
        #expect(Set(tested).count == 128)  // every sample tested exactly once

        let loso = try EmovoxProcess.run(["split", "create", "loso", "--strategy", "loso", "--db", db, "--json"])
        #expect(try loso.json()["folds"] as? Int == 8)
        let logo = try EmovoxProcess.run(
            ["split", "create", "bystatement", "--strategy", "logo", "--group", "gender", "--db", db, "--json"])
        #expect(try logo.json()["folds"] as? Int == 2)

        let mapped = try EmovoxProcess.run([
            "split", "create", "four", "--label-map", "neutral=neutral,calm=neutral,happy=happy,sad=sad,angry=angry",
            "--db", db, "--json",
        ])
        let json = try mapped.json()
        #expect(json["samples"] as? Int == 80)  // 5 of 8 emotions kept
        #expect((json["dropped_by_label_map"] as? [String: Int])?["fearful"] == 16)
    }

    @Test func badRequestsAreClearErrorsThatWriteNothing() throws {
        let (corpus, db) = try Self.corpus()
        defer { withExtendedLifetime(corpus) {} }
        let cases: [([String], String)] = [
            (["--test-fraction", "1.5"], "test fraction"),
            (["--strategy", "kfold", "--folds", "9"], "9 folds"),
            (["--where", "colour = red"], "unknown column 'colour'"),
            (["--where", "emotion = boredom"], "matches no sample"),
            (["--strategy", "logo"], "--group"),
        ]
        for (arguments, message) in cases {
            let result = try EmovoxProcess.run(["split", "create", "bad", "--db", db] + arguments)
            #expect(result.status != 0)
            #expect(result.stderr.lowercased().contains(message.lowercased()), "\(arguments): \(result.stderr)")
        }
        let list = try EmovoxProcess.run(["split", "list", "--db", db, "--json"])
        #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || !list.stdout.contains("bad"))
    }
}
