import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// The real RAVDESS speech set, when `../shared/corpora/ravdess` is present.
@Suite(.enabled(if: TestPaths.hasRAVDESS, "needs ../shared/corpora/ravdess"))
struct RAVDESSImportTests {
    @Test func importsTheRealCorpusWithItsKnownFacts() throws {
        let dir = try TemporaryDirectory()
        let catalog = try Catalog(path: dir.path + "/catalog.sqlite")
        let manifest = try CorpusManifest.load(path: TestPaths.manifest("ravdess"))
        let importer = CorpusImporter(catalog: catalog)
        let report = try importer.importCorpus(manifest, manifestFile: "ravdess.yaml", directory: TestPaths.ravdess)
        #expect(report.imported == 1_440)
        #expect(report.failed == 0)
        // RAVDESS ships one byte-identical pair: two "repetitions" of an Actor_07 happy trial.
        #expect(report.duplicates.count == 1)
        let pair = try #require(report.duplicates.first)
        #expect(
            pair.paths.map { ($0 as NSString).lastPathComponent } == [
                "03-01-03-01-02-01-07.flac", "03-01-03-01-02-02-07.flac",
            ])
        #expect(pair.speakers == ["ravdess/07"])
        #expect(!pair.crossesSpeakers)
        #expect(try catalog.duplicateGroups() == report.duplicates)

        try catalog.writer.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sample") == 1_440)
            let genders = try Row.fetchAll(
                db, sql: "SELECT gender, count(*) AS n FROM speaker GROUP BY gender ORDER BY gender")
            #expect(
                genders.map { [$0["gender"] as String, String($0["n"] as Int)] } == [
                    ["female", "12"], ["male", "12"],
                ])
            let emotions = try Row.fetchAll(db, sql: "SELECT emotion, count(*) AS n FROM sample GROUP BY emotion")
            let counts = Dictionary(uniqueKeysWithValues: emotions.map { ($0["emotion"] as String, $0["n"] as Int) })
            #expect(counts.count == 8)
            #expect(counts["neutral"] == 96)
            for emotion in ["calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"] {
                #expect(counts[emotion] == 192, "\(emotion)")
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT statement) FROM sample") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT intensity) FROM sample") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sample WHERE statement = '01'") == 720)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sample WHERE channels = 2") == 5)
            #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT sampleRate) FROM sample") == 1)
            let transcript = try String.fetchOne(
                db, sql: "SELECT transcript FROM sample WHERE statement = '02' LIMIT 1")
            #expect(transcript == "Dogs are sitting by the door")
        }

        // Re-import adds nothing.
        let again = try importer.importCorpus(manifest, manifestFile: "ravdess.yaml", directory: TestPaths.ravdess)
        #expect(again.imported == 0)
        #expect(again.unchanged == 1_440)
        #expect(try catalog.integrityCheck() == ["ok"])
    }
}
