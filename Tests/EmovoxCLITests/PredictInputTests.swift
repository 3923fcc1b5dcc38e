import EmovoxTestSupport
import Foundation
import Testing

/// `predict`, `train` and `evaluate` read only regular files and say truly why they cannot.
@Suite struct PredictInputTests {
    /// A tiny model trained on a split of the synthetic corpus, so `predict` has a recorded spec.
    static func trainedModel(_ fixture: PipelineFixture) throws -> String {
        let (run, _) = try fixture.run(try fixture.spec())
        guard run.status == 0 else { throw PipelineFixture.FixtureError("run failed: \(run.stderr)") }
        let split = try fixture.emovox(["split", "create", "s", "--test-fraction", "0.25"])
        guard split.status == 0 else { throw PipelineFixture.FixtureError("split failed: \(split.stderr)") }
        let model = fixture.directory.path + "/model.json"
        let train = try fixture.emovox([
            "train", "--split", "s", "--features", "prosody", "--iterations", "3", "--out", model,
        ])
        guard train.status == 0 else { throw PipelineFixture.FixtureError("train failed: \(train.stderr)") }
        return model
    }

    @Test func onlyRegularFilesArePredictedAndTheOthersAreTrueErrors() throws {
        let fixture = try PipelineFixture(count: 16)
        let model = try Self.trainedModel(fixture)
        let good = fixture.corpusPath + "/" + fixture.files[0]
        let fifo = fixture.directory.path + "/pipe.wav"
        #expect(mkfifo(fifo, 0o644) == 0)
        let missing = fixture.directory.path + "/missing.wav"
        let files = [good, "/dev/zero", fixture.corpusPath, missing, fifo]
        // Before: /dev/zero was hashed forever, the directory gave "NSCocoaErrorDomain error 256"
        // and the missing file "You don't have permission".
        let result = try EmovoxProcess.run(["predict"] + files + ["--model", model, "--json"], timeout: 120)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        let predictions = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(predictions.map { $0["file"] as? String } == files)
        #expect(predictions[0]["error"] == nil)
        #expect(predictions[0]["label"] is String)
        #expect(
            predictions.dropFirst().map { $0["error"] as? String } == [
                "not a regular file", "not a regular file", "no such file", "not a regular file",
            ])

        let text = try EmovoxProcess.run(["predict", good, missing, "--model", model], timeout: 120)
        #expect(text.status == 1)
        #expect(text.stdout.contains(good))
        #expect(text.stderr.contains("\(missing): no such file"))
    }

    @Test func modelAndTableFilesAreCheckedTheSameWay() throws {
        let dir = try TemporaryDirectory()
        let fifo = dir.path + "/pipe.csv"
        #expect(mkfifo(fifo, 0o644) == 0)
        try "f,label\n1,a\n2,b\n".write(toFile: dir.path + "/ok.csv", atomically: false, encoding: .utf8)
        let cases: [([String], String)] = [
            (["predict", dir.path + "/ok.csv", "--model", "/dev/zero"], "/dev/zero: not a regular file"),
            (["predict", dir.path + "/ok.csv", "--model", dir.path], "\(dir.path): not a regular file"),
            (["predict", dir.path + "/ok.csv", "--model", dir.path + "/none.json"], "none.json: no such file"),
            (["evaluate", "--model", fifo, "--test-csv", dir.path + "/ok.csv"], "pipe.csv: not a regular file"),
            (
                ["train", "--train-csv", "/dev/zero", "--out", dir.path + "/m.json"],
                "/dev/zero: cannot read file: not a regular file"
            ),
            (
                ["train", "--train-csv", fifo, "--out", dir.path + "/m.json"],
                "pipe.csv: cannot read file: not a regular file"
            ),
            (
                ["train", "--train-csv", dir.path + "/no.csv", "--out", dir.path + "/m.json"],
                "no.csv: cannot read file: no such file"
            ),
            (
                ["train", "--train-csv", dir.path + "/ok.csv", "--valid-csv", dir.path, "--out", dir.path + "/m.json"],
                "cannot read file: not a regular file"
            ),
            (
                ["train", "--train-csv", dir.path + "/ok.csv", "--params", "/dev/zero", "--out", dir.path + "/m.json"],
                "/dev/zero: not a regular file"
            ),
        ]
        let db = ["--db", dir.path + "/c.sqlite"]
        let readers: [([String], String)] = [
            (["import", "/dev/zero", dir.path] + db, "/dev/zero: not a regular file"),
            (["import", fifo, dir.path] + db, "pipe.csv: not a regular file"),
            (["run", "/dev/zero"] + db, "/dev/zero: not a regular file"),
            (["import", "csv", "/dev/zero", "--corpus", "x"] + db, "/dev/zero: not a regular file"),
            (["import", "csv", dir.path + "/none.csv", "--corpus", "x"] + db, "none.csv: no such file"),
        ]
        for (arguments, message) in cases + readers {
            let result = try EmovoxProcess.run(arguments, timeout: 60)
            #expect(!result.timedOut, "\(arguments)")
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
