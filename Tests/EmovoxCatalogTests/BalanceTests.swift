import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct BalanceTests {
    /// Two actors: actor 01 (male) with angry ×3 and sad ×1, actor 02 (female) with angry ×1.
    func catalog() throws -> (Catalog, TemporaryDirectory, CorpusFixture) {
        let fixture = try CorpusFixture()
        let files = [
            "Actor_01/03-01-05-01-01-01-01.wav", "Actor_01/03-01-05-01-01-02-01.wav",
            "Actor_01/03-01-05-02-01-01-01.wav", "Actor_01/03-01-04-01-01-01-01.wav",
            "Actor_02/03-01-05-01-02-01-02.wav",
        ]
        for (index, file) in files.enumerated() { try fixture.addAudio(file, seed: index) }
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        _ = try CorpusImporter(catalog: catalog).importCorpus(
            try CorpusManifest.load(path: TestPaths.manifest("ravdess")), manifestFile: "m", directory: fixture.root)
        return (catalog, dbDir, fixture)
    }

    @Test func countsCrossTablesCoverageAndImbalance() throws {
        let (catalog, directory, fixture) = try catalog()
        // The catalog's folder must outlive every read: connections are opened as they are needed.
        defer { withExtendedLifetime((directory, fixture)) {} }
        let report = try catalog.balance(by: [.gender, .speaker])
        #expect(report.samples == 5)
        #expect(report.speakers == 2)
        #expect(report.emotions["angry"]?.count == 4)
        #expect(report.emotions["sad"]?.count == 1)
        #expect(report.imbalanceRatio == 4)
        #expect(abs(report.durationSeconds - 0.5) < 1e-9)  // five 0.1 s clips
        let gender = try #require(report.tables.first { $0.by == "gender" })
        #expect(gender.rows.first { $0.emotion == "angry" && $0.value == "male" }?.count == 3)
        #expect(gender.rows.first { $0.emotion == "angry" && $0.value == "female" }?.count == 1)
        let coverage = Dictionary(uniqueKeysWithValues: report.speakerCoverage.map { ($0.speaker, $0.missing) })
        #expect(coverage["ravdess/01"] == [])
        #expect(coverage["ravdess/02"] == ["sad"])
    }

    @Test func filtersSelectRows() throws {
        let (catalog, directory, fixture) = try catalog()
        // The catalog's folder must outlive every read: connections are opened as they are needed.
        defer { withExtendedLifetime((directory, fixture)) {} }
        #expect(try catalog.balance(filter: SampleFilter(parsing: "gender = female"), by: []).samples == 1)
        #expect(try catalog.balance(filter: SampleFilter(parsing: "emotion in (sad, happy)"), by: []).samples == 1)
        #expect(
            try catalog.balance(filter: SampleFilter(parsing: "intensity != strong and speaker = 'ravdess/01'"), by: [])
                .samples == 3)
        #expect(try catalog.balance(filter: SampleFilter(parsing: "duration > 1"), by: []).samples == 0)
        #expect(try catalog.balance(filter: SampleFilter(parsing: "accent is not null"), by: []).samples == 5)
    }

    @Test(arguments: [
        ("colour = red", "unknown column 'colour'"),
        ("emotion ~ sad", "unknown operator"),
        ("age >= old", "numeric"),
        ("emotion in (sad", "unclosed or empty list"),
        ("emotion = 'sad", "unclosed quote"),
        ("emotion = sad or gender = male", "expected 'and'"),
    ])
    func badFiltersAreClearErrors(text: String, message: String) {
        #expect {
            _ = try SampleFilter(parsing: text)
        } throws: { error in
            (error as? QueryError)?.message.contains(message) == true
        }
    }
}
