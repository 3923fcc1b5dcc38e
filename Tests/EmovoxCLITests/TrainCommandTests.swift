import EmovoxTestSupport
import Foundation
import Testing

/// Training and evaluation from CSV feature tables through the command line.
@Suite struct TrainCommandTests {
    /// Four Gaussian classes in 6 dimensions (2 informative), with one noise column and a few NaNs.
    static func table(rows: Int, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        var lines = ["id,f1,f2,f3,f4,f5,noise,label"]
        for row in 0..<rows {
            let label = row % 4
            let centers = [(0.0, 0.0), (3.0, 0.0), (0.0, 3.0), (3.0, 3.0)]
            var values = [
                centers[label].0 + rng.nextGaussian() * 0.6, centers[label].1 + rng.nextGaussian() * 0.6,
            ]
            values += (0..<3).map { _ in rng.nextGaussian() }
            values.append(rng.nextUnit())
            let cells = values.enumerated().map { index, value in
                index == 4 && row % 17 == 0 ? "NaN" : "\(value)"
            }
            lines.append(([String(row)] + cells + ["class\(label)"]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func trainsEvaluatesAndIsDeterministicAcrossThreadCounts() throws {
        let dir = try TemporaryDirectory()
        try Self.table(rows: 400, seed: 1).write(toFile: dir.path + "/train.csv", atomically: false, encoding: .utf8)
        try Self.table(rows: 200, seed: 2).write(toFile: dir.path + "/test.csv", atomically: false, encoding: .utf8)
        var models: [Data] = []
        for threads in ["1", "2"] {
            let model = dir.path + "/model-\(threads).json"
            let result = try EmovoxProcess.run([
                "train", "--train-csv", dir.path + "/train.csv", "--label-column", "label", "--iterations", "60",
                "--threads", threads, "--out", model, "--db", dir.path + "/c.sqlite",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            models.append(try Data(contentsOf: URL(fileURLWithPath: model)))
        }
        #expect(models[0] == models[1])

        let evaluation = try EmovoxProcess.run([
            "evaluate", "--model", dir.path + "/model-1.json", "--test-csv", dir.path + "/test.csv", "--json",
            "--report", dir.path + "/report.html", "--db", dir.path + "/c.sqlite",
        ])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let json = try evaluation.json()
        let uar = try #require(json["uar"] as? Double)
        #expect(uar > 0.9)
        #expect((json["labels"] as? [String]) == ["class0", "class1", "class2", "class3"])
        #expect((json["confusion"] as? [[Int]])?.flatMap { $0 }.reduce(0, +) == 200)
        #expect(json["chance_accuracy"] as? Double == 0.25)
        let html = try String(contentsOfFile: dir.path + "/report.html", encoding: .utf8)
        #expect(html.contains("Confusion matrix"))
        #expect(html.contains("Feature importance"))
    }

    @Test func badTrainingInputsAreClearErrors() throws {
        let dir = try TemporaryDirectory()
        try "f1,label\n1,a\n2,a\n3,a\n".write(toFile: dir.path + "/one.csv", atomically: false, encoding: .utf8)
        let single = try EmovoxProcess.run([
            "train", "--train-csv", dir.path + "/one.csv", "--out", dir.path + "/m.json",
        ])
        #expect(single.status != 0)
        #expect(single.stderr.lowercased().contains("class"))
        try "f1,label\n1,a\ninf,b\n".write(toFile: dir.path + "/inf.csv", atomically: false, encoding: .utf8)
        let infinite = try EmovoxProcess.run([
            "train", "--train-csv", dir.path + "/inf.csv", "--out", dir.path + "/m.json",
        ])
        #expect(infinite.status != 0)
        #expect(infinite.stderr.contains("f1"))
        let badParameter = try EmovoxProcess.run([
            "train", "--train-csv", dir.path + "/one.csv", "--learning-rate", "-1", "--out", dir.path + "/m.json",
        ])
        #expect(badParameter.status == 64)
        let neither = try EmovoxProcess.run(["train", "--out", dir.path + "/m.json"])
        #expect(neither.status == 64)
    }

    @Test func aTextCellInANumericCSVColumnIsAnErrorOrWithTheFlagAMissingValue() throws {
        let dir = try TemporaryDirectory()
        var lines = Self.table(rows: 80, seed: 3).split(separator: "\n").map(String.init)
        // Row 5's f2 is text; f1 of row 9 is a large but finite number.
        var cells = lines[5].split(separator: ",").map(String.init)
        cells[2] = "n/a?"
        lines[5] = cells.joined(separator: ",")
        cells = lines[9].split(separator: ",").map(String.init)
        cells[1] = "4e38"
        lines[9] = cells.joined(separator: ",")
        let csv = dir.path + "/train.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: false, encoding: .utf8)
        let model = dir.path + "/m.json"

        // Before: exit 0, with f2 silently left out of the model (and 4e38 refused as "inf").
        let strict = try EmovoxProcess.run(["train", "--train-csv", csv, "--iterations", "5", "--out", model])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("train.csv:6: column 'f2', row 5: 'n/a?' is not a number"), "\(strict.stderr)")
        #expect(strict.stderr.contains("--non-numeric missing"))
        #expect(!FileManager.default.fileExists(atPath: model))

        let lenient = try EmovoxProcess.run([
            "train", "--train-csv", csv, "--iterations", "5", "--non-numeric", "missing", "--out", model, "--json",
        ])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        // id, f1…f5 and noise: every numeric column, f2 included.
        #expect(try lenient.json()["features"] as? String == "7")
    }
}
