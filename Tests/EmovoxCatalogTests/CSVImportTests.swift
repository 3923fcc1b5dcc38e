import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

@Suite struct CSVImportTests {
    @Test func importsRowsWithSpeakerFactsAndMappedEmotions() throws {
        let fixture = try CorpusFixture()
        try fixture.addAudio("clips/a.wav", seed: 1)
        try fixture.addAudio("clips/b.wav", seed: 2)
        try fixture.addAudio("clips/c.flac", seed: 3)
        let csv = """
            file,who,label,sex,age,lang
            clips/a.wav,spk1,ang,F,31,it
            clips/b.wav,spk1,hap,F,,it
            clips/c.flac,spk2,neutral,male,45,it
            clips/missing.wav,spk2,sad,male,45,it
            clips/a.wav,spk3,furious,male,45,it
            """
        try fixture.addFile("list.csv", contents: Data(csv.utf8))
        var columns = CSVImporter.Columns()
        columns.path = "file"
        columns.speaker = "who"
        columns.emotion = "label"
        columns.gender = "sex"
        columns.age = "age"
        columns.language = "lang"
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        let importer = CSVImporter(catalog: catalog, jobs: 2)
        let report = try importer.importCSV(
            fixture.root + "/list.csv", corpus: Corpus(name: "mine", license: "private"), columns: columns,
            emotionMap: ["ang": .angry, "hap": .happy])
        #expect(report.imported == 3)
        #expect(report.failed == 2)
        let reasons = report.failures.map(\.reason).sorted()
        #expect(reasons[0].contains("line 6: emotion 'furious' is not canonical"))
        #expect(reasons[1].contains("not found"))

        let rows = try catalog.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.path, s.emotion, s.emotionOriginal, s.language, p.code, p.gender, p.age
                    FROM sample s JOIN speaker p ON p.id = s.speakerId ORDER BY s.path
                    """)
        }
        #expect(rows.map { $0["emotion"] as String } == ["angry", "happy", "neutral"])
        #expect(rows[0]["emotionOriginal"] == "ang")
        #expect(rows[0]["gender"] == "female")
        #expect(rows[0]["age"] == 31)
        #expect(rows[2]["gender"] == "male")
        #expect(rows[2]["language"] == "it")

        let again = try importer.importCSV(
            fixture.root + "/list.csv", corpus: Corpus(name: "mine"), columns: columns,
            emotionMap: ["ang": .angry, "hap": .happy])
        #expect(again.imported == 0)
        #expect(again.unchanged == 3)
    }

    @Test func missingColumnIsAClearErrorThatWritesNothing() throws {
        let fixture = try CorpusFixture()
        try fixture.addFile("list.csv", contents: Data("path,emotion\na.wav,sad\n".utf8))
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        do {
            _ = try CSVImporter(catalog: catalog).importCSV(
                fixture.root + "/list.csv", corpus: Corpus(name: "mine"), columns: .init())
            Issue.record("accepted a CSV without a speaker column")
        } catch let error as CorpusImportError {
            #expect(error.message.contains("no column 'speaker'"))
        }
        #expect(try catalog.corpora().isEmpty)
    }
}
