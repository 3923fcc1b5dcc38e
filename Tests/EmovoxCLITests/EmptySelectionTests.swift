import EmovoxCatalog
import Foundation
import Testing

/// A request that matches nothing is never answered with an empty result and exit 0: a warning on
/// standard error and in `--json` (`warnings`), and exit 64 when nothing at all is selected.
@Suite struct EmptySelectionTests {
    static func imported() throws -> RAVDESSLayoutCorpus {
        let corpus = try RAVDESSLayoutCorpus(actors: [1, 2], emotions: [3, 5], statements: [1])
        let result = try corpus.emovox(["import", "ravdess", corpus.path])
        #expect(result.status == 0, "\(result.stderr)")
        return corpus
    }

    @Test func unknownCorpusAndWhereThatMatchesNothingExit64WithAWarning() throws {
        let corpus = try Self.imported()
        let unknown = try corpus.emovox(["stats", "--corpus", "ravdes", "--json"])
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.contains("no corpus named 'ravdes' in the catalog (corpora: ravdess)"), "\(unknown.stderr)")
        #expect((try unknown.json()["warnings"] as? [String])?.first?.contains("ravdes") == true)

        let nothing = try corpus.emovox(["stats", "--where", "emotion = boredom"])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("'emotion = boredom' matches no sample"), "\(nothing.stderr)")

        // A misspelt value in a list narrows the selection: a warning, not a failure.
        let narrowed = try corpus.emovox(["stats", "--where", "emotion in (angry, angri)", "--json"])
        #expect(narrowed.status == 0, "\(narrowed.stderr)")
        #expect(try narrowed.json()["samples"] as? Int == 2)
        #expect(
            (try narrowed.json()["warnings"] as? [String]) == [
                "--where: 'angri' in 'emotion in (angry, angri)' matches no sample"
            ])
        #expect(narrowed.stderr.contains("warning: --where: 'angri'"))

        for command in [["duplicates"], ["split", "create", "s"], ["run", "default"], ["import", "errors"]] {
            let result = try corpus.emovox(command + ["--corpus", "nosuch"])
            #expect(result.status == 64, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no corpus named 'nosuch'"), "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: corpus.path + "/emovox-cache"))  // run wrote nothing
        let export = try corpus.emovox([
            "features", "export", "--set", "prosody", "--out", corpus.path + "/f.csv", "--where", "gender = other",
        ])
        #expect(export.status == 64, "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: corpus.path + "/f.csv"))
    }

    @Test func labelMapKeysThatMatchNoLabelAreAnError() throws {
        let corpus = try Self.imported()
        let misspelt = try corpus.emovox([
            "split", "create", "m", "--strategy", "loso", "--label-map", "angry=angry,hapy=happy",
        ])
        #expect(misspelt.status == 64)
        #expect(
            misspelt.stderr.contains("--label-map: 'hapy' matches no label of the selection (labels: angry, happy)"),
            "\(misspelt.stderr)")
        let none = try corpus.emovox([
            "split", "create", "m", "--strategy", "loso", "--label-map", "calm=neutral", "--json",
        ])
        #expect(none.status == 64)
        #expect(try none.json()["error"] as? String != nil)
        let fine = try corpus.emovox([
            "split", "create", "m", "--strategy", "loso", "--label-map", "angry=angry,happy=happy",
        ])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func includeGlobsAndLabelFieldsThatSelectNothingAreReported() throws {
        let corpus = try RAVDESSLayoutCorpus(actors: [1, 2], emotions: [3], statements: [1])
        let manifest = corpus.path + "/m.yaml"
        try """
        name: globs
        files:
          include: ["**/*.wav", "**/*.mp3"]
        labels:
          - from: stem
            fields: [_, _, emotion, _, statement, colour, speaker]
            separator: "-"
        codes:
          emotion: {"03": happy}
          intensity: {"01": normal}
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let result = try corpus.emovox(["import", manifest, corpus.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["imported"] as? Int == 2)
        let warnings = json["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("files.include '**/*.mp3' matches no file") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("m.yaml:5: label field 'colour' is ignored") }, "\(warnings)")
        #expect(
            warnings.contains { $0.contains("m.yaml:10: 'codes.intensity' has no effect: no label rule yields") },
            "\(warnings)")
        #expect(result.stderr.contains("warning: files.include '**/*.mp3'"))

        // An `only:` filter on a field no rule yields would skip every file: a manifest error.
        try """
        name: misspelt
        files: {include: ["**/*.wav"]}
        labels: [{from: stem, pattern: '(?<modality>\\d+)-.*-(?<speaker>\\d+)'}]
        only:
          modalty: ["03"]
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let misspelt = try corpus.emovox(["import", manifest, corpus.path])
        #expect(misspelt.status != 0)
        #expect(
            misspelt.stderr.contains("m.yaml:5: 'only.modalty': no label rule yields a field 'modalty'"),
            "\(misspelt.stderr)")

        // No include matches at all: exit 64 and nothing written.
        try """
        name: nothing
        files: {include: ["**/*.ogg"]}
        labels: [{from: stem, pattern: '(?<speaker>.*)'}]
        """.write(toFile: manifest, atomically: true, encoding: .utf8)
        let empty = try corpus.emovox(["import", manifest, corpus.path, "--json"])
        #expect(empty.status == 64, "\(empty.stderr)")
        #expect(empty.stderr.contains("selects no file"))
        #expect(try Catalog(path: corpus.db).corpus(named: "nothing") == nil)
    }

    @Test func csvImportIntoAManifestCorpusKeepsItsDescription() throws {
        let corpus = try Self.imported()
        try "path,speaker,emotion\nextra/a.wav,x1,sad\n".write(
            toFile: corpus.path + "/list.csv", atomically: true, encoding: .utf8)
        try corpus.write("extra/a.wav", actor: 9, emotion: 4, statement: 1)
        let result = try corpus.emovox(["import", "csv", corpus.path + "/list.csv", "--corpus", "ravdess"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(try Catalog(path: corpus.db).corpus(named: "ravdess"))
        #expect(row.version == "1.0.0")
        #expect(row.license == "CC BY-NC-SA 4.0")
        #expect(row.languages == "en")
        #expect(row.description?.hasPrefix("24 professional actors") == true)
        #expect(row.homepage == "https://zenodo.org/record/1188976")
    }
}
