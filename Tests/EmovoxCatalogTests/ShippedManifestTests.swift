import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// Every manifest in `Manifests/` parses and labels files named like its corpus.
@Suite struct ShippedManifestTests {
    static let names = ["ravdess", "crema-d", "tess", "savee", "emo-db", "emovox-demo"]

    @Test(arguments: names) func parses(name: String) throws {
        let manifest = try CorpusManifest.load(path: TestPaths.manifest(name))
        #expect(manifest.name == name)
        #expect(manifest.license != nil)
    }

    func importFixture(_ manifestName: String, _ files: [String], extra: (CorpusFixture) throws -> Void = { _ in })
        throws -> (Catalog, ImportReport, TemporaryDirectory, CorpusFixture)
    {
        let fixture = try CorpusFixture()
        for (index, file) in files.enumerated() { try fixture.addAudio(file, seed: index) }
        try extra(fixture)
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        let manifest = try CorpusManifest.load(path: TestPaths.manifest(manifestName))
        let report = try CorpusImporter(catalog: catalog, jobs: 2)
            .importCorpus(manifest, manifestFile: manifestName, directory: fixture.root)
        return (catalog, report, dbDir, fixture)
    }

    @Test func ravdessReadsSpeechAndSongAndSkipsVideoTrials() throws {
        let (catalog, report, catalogFolder, corpus) = try importFixture(
            "ravdess",
            [
                "Audio_Speech_Actors_01-24/Actor_01/03-01-05-02-01-02-01.wav",
                "Audio_Song_Actors_01-24/Actor_02/03-02-03-01-02-01-02.flac",
                "Video/Actor_01/01-01-05-02-01-02-01.wav",
            ])
        defer { withExtendedLifetime((catalogFolder, corpus)) {} }
        #expect(report.imported == 2)
        #expect(report.skipped == 1)
        let rows = try catalog.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.emotion, s.emotionOriginal, s.intensity, s.vocalChannel, s.statement, s.repetition,
                           s.transcript, s.container, p.code, p.gender, p.accent
                    FROM sample s JOIN speaker p ON p.id = s.speakerId ORDER BY s.path
                    """)
        }
        #expect(rows[0]["emotion"] == "happy")
        #expect(rows[0]["vocalChannel"] == "song")
        #expect(rows[0]["container"] == "flac")
        #expect(rows[0]["gender"] == "female")
        #expect(rows[1]["emotion"] == "angry")
        #expect(rows[1]["emotionOriginal"] == "05")
        #expect(rows[1]["intensity"] == "strong")
        #expect(rows[1]["repetition"] == 2)
        #expect(rows[1]["transcript"] == "Kids are talking by the door")
        #expect(rows[1]["gender"] == "male")
        #expect(rows[1]["accent"] == "North American")
    }

    @Test func tessReadsSpeakerWordAndEmotionWhateverTheSpelling() throws {
        let (catalog, report, catalogFolder, corpus) = try importFixture(
            "tess",
            [
                "OAF_angry/OAF_back_angry.wav", "YAF_fear/YAF_bath_fear.wav", "OAF_Fear/OAF_bite_Fear.wav",
                "YAF_pleasant_surprised/YAF_boat_ps.wav", "oaf_sad/oaf_wire_sad.wav",
            ])
        defer { withExtendedLifetime((catalogFolder, corpus)) {} }
        #expect(report.imported == 5, "\(report.failures)")
        let rows = try catalog.writer.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT s.emotion, s.statement, p.code, p.age FROM sample s JOIN speaker p ON p.id = s.speakerId ORDER BY s.path"
            )
        }
        // Rows in byte order of path: OAF_Fear, OAF_angry, YAF_fear, YAF_pleasant_surprised, oaf_sad.
        #expect(rows.map { $0["emotion"] as String } == ["fearful", "angry", "fearful", "surprised", "sad"])
        #expect(rows.map { $0["code"] as String } == ["OAF", "OAF", "YAF", "YAF", "OAF"])
        #expect(rows.map { $0["age"] as Int } == [64, 64, 26, 26, 64])
        #expect(rows[1]["statement"] == "back")
    }

    @Test func saveeAcceptsBothLayouts() throws {
        let (catalog, report, catalogFolder, corpus) = try importFixture(
            "savee", ["AudioData/DC/a01.wav", "AudioData/KL/su15.wav", "flat/JE_sa03.wav", "flat/JK_n30.wav"])
        defer { withExtendedLifetime((catalogFolder, corpus)) {} }
        #expect(report.imported == 4, "\(report.failures)")
        let emotions = try catalog.writer.read { db in
            try String.fetchAll(db, sql: "SELECT emotion FROM sample ORDER BY path")
        }
        #expect(emotions == ["angry", "surprised", "sad", "neutral"])
        let genders = try catalog.writer.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT gender FROM speaker")
        }
        #expect(genders == ["male"])
    }

    @Test func emoDBMapsGermanLettersAndSpeakerTable() throws {
        let (catalog, report, catalogFolder, corpus) = try importFixture(
            "emo-db", ["wav/03a01Fa.wav", "wav/08b10Lb.wav", "wav/16a05Wa.wav", "wav/99a01Xa.wav"])
        defer { withExtendedLifetime((catalogFolder, corpus)) {} }
        #expect(report.imported == 3)
        #expect(report.failed == 1)  // X is no EMO-DB emotion letter, so the name does not fit
        #expect(report.failures.first?.reason.contains("does not match") == true)
        let rows = try catalog.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.emotion, s.language, s.repetition, s.transcript, p.gender, p.age
                    FROM sample s JOIN speaker p ON p.id = s.speakerId ORDER BY s.path
                    """)
        }
        #expect(rows.map { $0["emotion"] as String } == ["happy", "boredom", "angry"])
        #expect(rows.map { $0["gender"] as String } == ["male", "female", "female"])
        #expect(rows[1]["age"] == 34)
        #expect(rows[1]["repetition"] == 2)
        #expect(rows[0]["language"] == "de")
        #expect(rows[0]["transcript"] == "Der Lappen liegt auf dem Eisschrank.")
    }

    @Test(.enabled(if: TestPaths.hasCremaDMetadata, "needs ../shared/corpora/crema-d"))
    func cremaDJoinsTheRealDemographicsCSV() throws {
        // Clips named like the real ones (the first 40 of SentenceFilenames.csv), real demographics.
        let names = try String(contentsOfFile: TestPaths.cremaD + "/SentenceFilenames.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().prefix(40)
            .map { $0.split(separator: ",")[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")) }
        let (catalog, report, catalogFolder, corpus) = try importFixture("crema-d", names.map { "AudioWAV/\($0).wav" })
        { fixture in
            try FileManager.default.copyItem(
                atPath: TestPaths.cremaD + "/VideoDemographics.csv", toPath: fixture.root + "/VideoDemographics.csv")
        }
        defer { withExtendedLifetime((catalogFolder, corpus)) {} }
        #expect(report.imported == 40, "\(report.failures)")
        let speaker = try catalog.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT gender, age FROM speaker WHERE code = '1001'")
        }
        #expect(speaker?["gender"] == "male")  // 1001,51,"Male" in VideoDemographics.csv
        #expect(speaker?["age"] == 51)
        let levels = try catalog.writer.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT intensity FROM sample ORDER BY intensity")
        }
        #expect(Set(levels).isSubset(of: ["low", "medium", "high", "unspecified"]))
        #expect(levels.count > 1)
    }
}
