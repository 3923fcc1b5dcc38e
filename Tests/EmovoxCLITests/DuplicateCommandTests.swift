import EmovoxTestSupport
import Foundation
import Testing

/// Byte-identical recordings under two speakers: reported by import, `duplicates` and `stats`,
/// and never silently put on two sides of a split.
@Suite struct DuplicateCommandTests {
    static let original = RAVDESSLayoutCorpus.name(actor: 1, emotion: 3, statement: 1)
    static let copy = RAVDESSLayoutCorpus.name(actor: 2, emotion: 3, statement: 1, repetition: 2)

    /// 32 distinct tones of 4 actors, plus a copy of one of Actor_01's files filed under Actor_02.
    static func corpus() throws -> (RAVDESSLayoutCorpus, [String: Any]) {
        let corpus = try RAVDESSLayoutCorpus()
        try corpus.copy(original, to: copy)
        let imported = try corpus.emovox(["import", "ravdess", corpus.path, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        return (corpus, try imported.json())
    }

    static func groups(_ json: [String: Any], key: String = "duplicates") -> [[String: Any]] {
        json[key] as? [[String: Any]] ?? []
    }

    @Test func importDuplicatesAndStatsReportTheGroup() throws {
        let (corpus, report) = try Self.corpus()
        #expect(report["imported"] as? Int == 33)
        let groups = Self.groups(report)
        try #require(groups.count == 1)
        let paths = groups[0]["paths"] as? [String] ?? []
        #expect(paths.count == 2)
        #expect(paths.first?.hasSuffix(Self.original) == true)
        #expect(paths.last?.hasSuffix(Self.copy) == true)
        #expect(groups[0]["speakers"] as? [String] == ["ravdess/01", "ravdess/02"])
        #expect(groups[0]["crosses_speakers"] as? Bool == true)

        // The text summary counts it and names both files.
        let again = try corpus.emovox(["import", "ravdess", corpus.path])
        #expect(again.stdout.contains("1 duplicate group(s)"), "\(again.stdout)")
        #expect(again.stderr.contains(Self.copy), "\(again.stderr)")

        let listed = try corpus.emovox(["duplicates", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let json = try listed.json()
        #expect(json["files"] as? Int == 2)
        #expect(json["cross_speaker_groups"] as? Int == 1)
        #expect((Self.groups(json, key: "groups").first?["paths"] as? [String]) == paths)
        let text = try corpus.emovox(["duplicates", "--corpus", "ravdess"])
        #expect(text.stdout.contains("1 group(s) of byte-identical files (2 files), 1 shared by different speakers"))
        // Outside the selection, no group: one copy alone is no duplicate.
        let narrowed = try corpus.emovox(["duplicates", "--where", "speaker = ravdess/01", "--json"])
        #expect(Self.groups(try narrowed.json(), key: "groups").isEmpty)

        let stats = try corpus.emovox(["stats", "--json"])
        #expect(Self.groups(try stats.json()).count == 1)
        let table = try corpus.emovox(["stats"])
        #expect(table.stdout.contains("duplicates: 1 group(s) of byte-identical files, 1 shared by different speakers"))
    }

    @Test func splitCreateRefusesDropsOrKeepsCopiesOnTwoSides() throws {
        let (corpus, _) = try Self.corpus()
        // Leave-one-speaker-out puts Actor_01 and Actor_02 in different test folds.
        let refused = try corpus.emovox(["split", "create", "loso", "--strategy", "loso"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains(Self.original) && refused.stderr.contains(Self.copy), "\(refused.stderr)")
        #expect(refused.stderr.contains("--duplicates drop"))
        #expect(!(try corpus.emovox(["split", "list"])).stdout.contains("loso"))

        let dropped = try corpus.emovox([
            "split", "create", "dropped", "--strategy", "loso", "--duplicates", "drop", "--json",
        ])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        let droppedJSON = try dropped.json()
        #expect(droppedJSON["samples"] as? Int == 32)
        #expect((droppedJSON["dropped_duplicates"] as? [Int])?.count == 1)
        let droppedCheck = try corpus.emovox(["split", "check", "dropped"])
        #expect(droppedCheck.status == 0, "\(droppedCheck.stdout)")

        let kept = try corpus.emovox([
            "split", "create", "kept", "--strategy", "loso", "--duplicates", "keep", "--json",
        ])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try kept.json()["samples"] as? Int == 33)
        let warnings = try kept.json()["warnings"] as? [String] ?? []
        #expect(warnings.count == 1 && warnings[0].contains(Self.copy), "\(warnings)")
        #expect(kept.stderr.contains("warning: copies of one recording"), "\(kept.stderr)")

        // split check reports the kept copies as a violation, with their paths.
        let check = try corpus.emovox(["split", "check", "kept", "--json"])
        #expect(check.status == 1)
        let report = try check.json()
        #expect(report["ok"] as? Bool == false)
        #expect((report["violations"] as? [String])?.contains { $0.contains("copies of recording") } == true)
        #expect((Self.groups(report).first?["paths"] as? [String])?.last?.hasSuffix(Self.copy) == true)
        let checkText = try corpus.emovox(["split", "check", "kept"])
        #expect(checkText.stdout.contains("duplicate on two sides:"), "\(checkText.stdout)")
    }
}

/// The real RAVDESS, when `../shared/corpora/ravdess` is present: its one byte-identical pair.
@Suite(.enabled(if: SharedRAVDESS.isPresent, "needs ../shared/corpora/ravdess"))
struct RAVDESSDuplicateTests {
    static let ravdess = SharedRAVDESS.path

    @Test func findsTheActor07Pair() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path + "/c.sqlite"
        let imported = try EmovoxProcess.run(["import", "ravdess", Self.ravdess, "--db", db, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let expected = [
            Self.ravdess + "/Actor_07/03-01-03-01-02-01-07.flac", Self.ravdess + "/Actor_07/03-01-03-01-02-02-07.flac",
        ]
        let fromImport = DuplicateCommandTests.groups(try imported.json())
        #expect(fromImport.map { $0["paths"] as? [String] ?? [] } == [expected])

        let listed = try EmovoxProcess.run(["duplicates", "--corpus", "ravdess", "--db", db, "--json"])
        let groups = DuplicateCommandTests.groups(try listed.json(), key: "groups")
        #expect(groups.map { $0["paths"] as? [String] ?? [] } == [expected])
        #expect(groups.first?["speakers"] as? [String] == ["ravdess/07"])
        #expect(try listed.json()["cross_speaker_groups"] as? Int == 0)
        // One speaker's copies never leave that speaker's side: a speaker-independent split is fine.
        let split = try EmovoxProcess.run(["split", "create", "loso", "--strategy", "loso", "--db", db])
        #expect(split.status == 0, "\(split.stderr)")
    }
}

/// Where the shared RAVDESS copy lives, beside the repository.
enum SharedRAVDESS {
    static let path = EmovoxProcess.packageRoot.appendingPathComponent("../shared/corpora/ravdess")
        .standardizedFileURL.path
    static var isPresent: Bool { FileManager.default.fileExists(atPath: path + "/Actor_07") }
}
