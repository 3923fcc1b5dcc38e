import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import Testing

/// Speaker facts from `speakers: json:` files (object or list, relative or absolute), absolute
/// speaker CSV paths, and `age` read from the file name.
@Suite struct SpeakerFileManifestTests {
    /// spk01 (two files, age 23 in the name), spk02 (age 50 in the name), spk03 (age 61).
    static func corpus() throws -> RAVDESSLayoutCorpus {
        let corpus = try RAVDESSLayoutCorpus(actors: [], emotions: [], statements: [])
        for (index, name) in ["spk01_ang_23", "spk01_hap_23", "spk02_ang_50", "spk03_sad_61"].enumerated() {
            try corpus.write("clips/\(name).wav", actor: index + 1, emotion: 1, statement: 1)
        }
        return corpus
    }

    static func manifest(_ corpus: RAVDESSLayoutCorpus, speakers: String) throws -> String {
        let path = corpus.path + "/m.yaml"
        try """
        name: people
        files: {include: ["clips/*.wav"]}
        labels:
          - from: stem
            pattern: '(?<speaker>spk\\d+)_(?<emotion>[a-z]+)_(?<age>\\d+)'
        codes:
          emotion: {ang: angry, hap: happy, sad: sad}
        speakers:
        \(speakers)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Per speaker: (gender, age) as catalogued.
    static func speakers(_ corpus: RAVDESSLayoutCorpus) throws -> [String: (String, Int?)] {
        let catalog = try Catalog(path: corpus.db)
        return try catalog.writer.read { db in
            try Speaker.fetchAll(db).reduce(into: [:]) { $0[$1.code] = ($1.gender.rawValue, $1.age) }
        }
    }

    @Test func jsonObjectKeyedByIdAndAgeFromTheFileName() throws {
        let corpus = try Self.corpus()
        try #"{"spk01": {"gender": "m"}, "spk02": {"gender": "female", "age": 31}}"#.write(
            toFile: corpus.path + "/speakers.json", atomically: true, encoding: .utf8)
        let manifest = try Self.manifest(corpus, speakers: "  json: {path: speakers.json}")
        let result = try corpus.emovox(["import", manifest, corpus.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["imported"] as? Int == 4)
        #expect(try result.json()["warnings"] as? [String] == [])
        let speakers = try Self.speakers(corpus)
        #expect(speakers["spk01"]?.0 == "male")
        #expect(speakers["spk01"]?.1 == 23)  // from the name: the JSON has no age
        #expect(speakers["spk02"]?.0 == "female")
        #expect(speakers["spk02"]?.1 == 31)  // the JSON wins over the name's 50
        #expect(speakers["spk03"]?.0 == "unknown")
        #expect(speakers["spk03"]?.1 == 61)
        let stats = try corpus.emovox(["stats", "--where", "age >= 30", "--json"])
        #expect(try stats.json()["samples"] as? Int == 2)
    }

    @Test func jsonListAndCSVAtAbsolutePaths() throws {
        let corpus = try Self.corpus()
        let elsewhere = try TemporaryDirectory()
        try #"[{"code": "spk01", "sex": "M", "age": 40}, {"code": "spk03", "sex": "F", "age": "70"}]"#.write(
            toFile: elsewhere.path + "/people.json", atomically: true, encoding: .utf8)
        let manifest = try Self.manifest(
            corpus,
            speakers: """
                  json:
                    path: \(elsewhere.path)/people.json
                    id: code
                    columns: {gender: sex, age: age}
                    codes: {gender: {M: male, F: female}}
                """)
        let result = try corpus.emovox(["import", manifest, corpus.path])
        #expect(result.status == 0, "\(result.stderr)")
        var speakers = try Self.speakers(corpus)
        #expect(speakers["spk01"]?.0 == "male")
        #expect(speakers["spk01"]?.1 == 40)
        #expect(speakers["spk03"]?.0 == "female")
        #expect(speakers["spk03"]?.1 == 70)

        try "id,age\nspk02,35\n".write(toFile: elsewhere.path + "/people.csv", atomically: true, encoding: .utf8)
        let csvManifest = try Self.manifest(
            corpus, speakers: "  csv: {path: \(elsewhere.path)/people.csv, id: id, columns: {age: age}}")
        let csv = try corpus.emovox(["import", csvManifest, corpus.path])
        #expect(csv.status == 0, "\(csv.stderr)")
        speakers = try Self.speakers(corpus)
        #expect(speakers["spk02"]?.1 == 35)
    }

    @Test func badSpeakerFilesAreManifestErrorsThatWriteNothing() throws {
        let corpus = try Self.corpus()
        let noPath = try Self.manifest(corpus, speakers: "  json: {id: code}")
        let missing = try corpus.emovox(["import", noPath, corpus.path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("m.yaml:9: 'speakers.json' needs 'path'"), "\(missing.stderr)")

        let manifest = try Self.manifest(corpus, speakers: "  json: {path: speakers.json}")
        let cases: [(String, String)] = [
            ("{\"spk01\": {\"gender\": ", "not valid JSON"),
            (#"{"spk01": {"gender": "x"}}"#, "speaker 'spk01': gender 'x' is not female, male, other or unknown"),
            (#"{"spk01": {"age": "old"}}"#, "speaker 'spk01': age 'old' is not a whole number"),
            (#"[{"gender": "m"}]"#, "item 0 has no 'id'"),
            (#""spk01""#, "expected an object keyed by speaker id or a list of objects"),
        ]
        for (json, message) in cases {
            try json.write(toFile: corpus.path + "/speakers.json", atomically: true, encoding: .utf8)
            let result = try corpus.emovox(["import", manifest, corpus.path])
            #expect(result.status != 0)
            #expect(result.stderr.contains("m.yaml:9: speaker JSON \(corpus.path)/speakers.json: "), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(json): \(result.stderr)")
        }
        // A device or a folder named as a speaker file is refused at once (/dev/zero was read for ever).
        for (kind, path, message) in [
            ("json", "/dev/zero", "not a regular file"), ("csv", "/dev/zero", "not a regular file"),
            ("json", corpus.path, "not a regular file"), ("csv", corpus.path + "/none.csv", "not found"),
        ] {
            let device = try Self.manifest(corpus, speakers: "  \(kind): {path: \(path), id: id}")
            let result = try EmovoxProcess.run(["import", device, corpus.path, "--db", corpus.db], timeout: 60)
            #expect(!result.timedOut, "\(kind) \(path)")
            #expect(result.status != 0)
            #expect(result.stderr.contains("\(path): \(message)"), "\(kind) \(path): \(result.stderr)")
        }
        #expect(try Catalog(path: corpus.db).corpus(named: "people") == nil)
    }
}
