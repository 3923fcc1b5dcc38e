import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxCLI

/// `emovox export NAME` (sample lists) streams its rows from the catalog; its files must be the
/// bytes the in-memory path (the whole split loaded, ``SplitPartitions`` and ``ExportWriters``)
/// gives.
@Suite struct StreamedExportTests {
    /// Expected files of a lists export, by path relative to the export folder, from the in-memory path.
    static func inMemoryExport(split: String, db: String) throws -> (files: [String: String], labels: [String]) {
        let catalog = try Catalog(path: db)
        let stored = try catalog.split(named: split)
        let data = try SplitPartitions(stored, catalog: catalog, features: nil)
        var files: [String: String] = [:]
        for partition in data.partitions {
            let base = partition.folder.isEmpty ? "" : partition.folder + "/"
            files[base + partition.side + ".csv"] = ExportWriters.csv(partition.rows, featureNames: nil)
            files[base + partition.side + ".jsonl"] = ExportWriters.jsonl(partition.rows)
            let lhotse = partition.rows.map(ExportWriters.lhotseLines)
            files[base + "lhotse/" + partition.side + "_recordings.jsonl"] = lhotse.map(\.recording).joined()
            files[base + "lhotse/" + partition.side + "_supervisions.jsonl"] = lhotse.map(\.supervision).joined()
        }
        return (files, data.labels)
    }

    /// Every file under `folder` but meta.json, by relative path.
    static func exported(_ folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory)
            guard !isDirectory.boolValue, relative != "meta.json" else { continue }
            files[relative] = try String(contentsOfFile: folder + "/" + relative, encoding: .utf8)
        }
        return files
    }

    @Test(arguments: [
        ["--strategy", "holdout", "--test-fraction", "0.25"],
        ["--strategy", "holdout", "--test-fraction", "0.25", "--validation-fraction", "0.25", "--balance", "weights"],
        ["--strategy", "kfold", "--folds", "3"],
        ["--strategy", "loso"],
    ])
    func streamedListsEqualTheInMemoryExport(_ strategy: [String]) throws {
        let corpus = try RAVDESSLayoutCorpus(actors: [], emotions: [], statements: [])
        // Paths that need CSV quoting and JSON escaping.
        let root = corpus.path + "/odd, \"quoted\" folder"
        for actor in 1...6 {
            for emotion in [1, 3, 4, 5] {
                for statement in [1, 2] {
                    try corpus.write(
                        RAVDESSLayoutCorpus.name(actor: actor, emotion: emotion, statement: statement), actor: actor,
                        emotion: emotion, statement: statement, in: root)
                }
            }
        }
        #expect(try corpus.emovox(["import", "ravdess", root]).status == 0)
        let created = try corpus.emovox(["split", "create", "s"] + strategy)
        #expect(created.status == 0, "\(created.stderr)")

        let out = corpus.path + "/export"
        let export = try corpus.emovox(["export", "s", "--out", out, "--json"])
        #expect(export.status == 0, "\(export.stderr)")
        let expected = try Self.inMemoryExport(split: "s", db: corpus.db)
        let files = try Self.exported(out)
        #expect(files.keys.sorted() == expected.files.keys.sorted())
        for (path, text) in expected.files {
            #expect(files[path] == text, "\(path) differs")
        }
        #expect(expected.files.values.contains { $0.split(separator: "\n").count > 3 })

        let meta = try export.json()
        #expect(meta["labels"] as? [String] == expected.labels)
        #expect((meta["split"] as? [String: Any])?["samples"] as? Int == 48)
        let rows = meta["rows"] as? [String: Int] ?? [:]
        for (partition, count) in rows {
            #expect(expected.files[partition + ".csv"]?.split(separator: "\n").count == count + 1)
        }
        // The same split exported twice gives the same bytes, meta.json included.
        let again = try corpus.emovox(["export", "s", "--out", out + "2"])
        #expect(again.status == 0)
        #expect(try Self.exported(out + "2") == files)
        #expect(
            try String(contentsOfFile: out + "/meta.json", encoding: .utf8)
                == String(contentsOfFile: out + "2/meta.json", encoding: .utf8))
    }

    @Test func anExportFolderThatCannotBeCreatedFailsWithItsPathAndLeavesNoFile() throws {
        let corpus = try RAVDESSLayoutCorpus(actors: [1, 2, 3, 4], emotions: [1, 3], statements: [1])
        #expect(try corpus.emovox(["import", "ravdess", corpus.path]).status == 0)
        #expect(try corpus.emovox(["split", "create", "s", "--test-fraction", "0.25"]).status == 0)
        // A regular file where a folder is needed (permissions would not stop root).
        let blocker = corpus.path + "/blocker"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))

        let export = try corpus.emovox(["export", "s", "--out", blocker + "/out"])
        #expect(export.status != 0)
        #expect(export.stderr.contains(blocker + "/out"), "\(export.stderr)")
        #expect(!export.stderr.contains("Fatal error"))
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "x")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
