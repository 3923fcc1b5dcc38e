import EmovoxTestSupport
import Foundation
import Testing

/// Leave-one-group-out folds named by their group value in `split show` and `cv`; per-fold UAR over
/// the labels a fold's test side has; `train --out` into new folders; `predict --db`.
@Suite struct LOGOFoldNameTests {
    @Test func logoFoldsAreNamedByGroupAndFoldUARAveragesThePresentLabels() throws {
        // ravdess: 4 actors × 8 emotions; ravdess-b: 4 actors × neutral and calm only.
        let fixture = try PipelineFixture(count: 32)
        let second = try CorpusAndRunsCommandTests.importSecondCorpus(
            into: fixture, name: "ravdess-b", count: 8, firstIndex: 64)
        #expect(try fixture.run(try fixture.spec()).0.status == 0)
        let created = try fixture.emovox(["split", "create", "logo", "--strategy", "logo", "--group", "corpus"])
        #expect(created.status == 0, "\(created.stderr)")

        let show = try fixture.emovox(["split", "show", "logo", "--json"]).json()
        #expect(show["fold_names"] as? [String] == ["ravdess", "ravdess-b"])
        let shown = try fixture.emovox(["split", "show", "logo"]).stdout
        #expect(shown.contains("2 folds"), "\(shown)")
        #expect(shown.split(separator: "\n").contains { $0.hasPrefix("ravdess-b ") && $0.contains("test") }, "\(shown)")

        let report = fixture.directory.path + "/cv.html"
        let cv = try fixture.emovox([
            "cv", "--split", "logo", "--features", "prosody", "--iterations", "15", "--json", "--report", report,
        ])
        #expect(cv.status == 0, "\(cv.stderr)")
        let result = try cv.json()
        #expect(result["fold_names"] as? [String] == ["ravdess", "ravdess-b"])
        #expect((result["fold_uar_averaging"] as? String)?.contains("labels present in that fold's test side") == true)
        let folds = try #require(result["folds"] as? [[String: Any]])
        #expect(folds.map { $0["name"] as? String } == ["ravdess", "ravdess-b"])
        #expect(folds[0]["test_labels"] as? [String] == (result["labels"] as? [String])?.sorted())
        #expect(folds[1]["test_labels"] as? [String] == ["calm", "neutral"])
        // Progress in a log: one line per fold.
        #expect(cv.stderr.contains("cv: fold 1/2 done"), "\(cv.stderr)")
        #expect(cv.stderr.contains("cv: fold 2/2 done"))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains(">ravdess-b</th>"))
        #expect(html.contains("labels present in that fold's test side"))

        let text = try fixture.emovox(["cv", "--split", "logo", "--features", "prosody", "--iterations", "15"]).stdout
        #expect(
            text.split(separator: "\n").contains { $0.hasPrefix("ravdess-b ") && $0.contains("calm, neutral") },
            "\(text)")
        #expect(text.contains("per-fold UAR averages recall over the labels present in that fold's test side"))

        // The same fold trained alone (into folders that do not exist yet) and evaluated: its UAR is
        // the mean recall of the two labels the test side has, not of all eight.
        let model = fixture.directory.path + "/models/logo/fold-1/model.json"
        let trained = try fixture.emovox([
            "train", "--split", "logo", "--fold", "1", "--features", "prosody", "--iterations", "15", "--out", model,
        ])
        #expect(trained.status == 0, "\(trained.stderr)")
        let evaluation = try fixture.emovox(["evaluate", "--model", model, "--split", "logo", "--fold", "1", "--json"])
            .json()
        let perClass = try #require(evaluation["per_class"] as? [[String: Any]])
        let present = perClass.filter { ($0["support"] as? Int ?? 0) > 0 }
        #expect(present.count == 2)
        let presentMean = present.map { $0["recall"] as? Double ?? -1 }.reduce(0, +) / 2
        let foldUAR = try #require(folds[1]["uar"] as? Double)
        #expect(abs(foldUAR - presentMean) < 1e-12)
        #expect(abs((evaluation["uar"] as? Double ?? -1) - foldUAR) < 1e-12)

        // predict takes --db like every command and never creates a catalog there.
        let unused = fixture.directory.path + "/unused/catalog.sqlite"
        let predicted = try EmovoxProcess.run([
            "predict", second.corpusPath + "/" + second.files[0], "--model", model, "--db", unused, "--json",
        ])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(predicted.stdout.contains("\"label\""))
        #expect(!FileManager.default.fileExists(atPath: unused))
    }
}
