import EmovoxAudio
import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

@Suite struct CacheCommandTests {
    @Test func gcKeepsWhatSamplesNeedAndRemovesWhatDeletedSamplesLeft() throws {
        let fixture = try PipelineFixture(count: 3)
        let (run, _) = try fixture.run(try fixture.spec())
        #expect(run.status == 0, "\(run.stderr)")
        let stats = try fixture.emovox(["cache", "stats", "--json"]).json()
        let entries = stats["entries"] as? Int ?? 0
        #expect(entries >= 3 * 4)  // an entry per step per sample (decode feeds resample uncached)
        #expect((stats["bytes"] as? Int ?? 0) > 0)

        let idle = try fixture.emovox(["cache", "gc", "--json"]).json()
        #expect(idle["removed_entries"] as? Int == 0)
        #expect(idle["kept_entries"] as? Int == entries)

        let catalog = try Catalog(path: fixture.database)
        try catalog.writer.write { try $0.execute(sql: "DELETE FROM sample") }
        let gc = try fixture.emovox(["cache", "gc", "--json"])
        #expect(gc.status == 0, "\(gc.stderr)")
        let report = try gc.json()
        #expect(report["removed_entries"] as? Int == entries)
        #expect(report["kept_entries"] as? Int == 0)
        #expect(try fixture.emovox(["cache", "stats", "--json"]).json()["entries"] as? Int == 0)
    }
}

@Suite struct FeaturesCommandTests {
    @Test func csvAndJSONExportsHaveTheColumnsRowsAndMissingValues() throws {
        let fixture = try PipelineFixture(count: 4)
        // A clip of pure noise has no pitch: its pitch features are missing (NaN).
        let noise = fixture.corpusPath + "/" + fixture.files[3]
        let samples = Synth.whiteNoise(sigma: 0.1, count: 16_000, seed: 7)
        try AudioWriter.write(AudioBuffer(mono: samples, sampleRate: 16_000), to: noise)
        _ = try EmovoxProcess.run(["import", "ravdess", fixture.corpusPath, "--db", fixture.database])
        let (run, _) = try fixture.run(try fixture.spec())
        #expect(run.status == 0, "\(run.stderr)")

        let csvPath = fixture.directory.path + "/f.csv"
        let csv = try fixture.emovox([
            "features", "export", "--set", "prosody,level", "--format", "csv", "--out", csvPath,
        ])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 4)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(4)) == ["sample_id", "path", "speaker", "emotion"])
        #expect(header.dropFirst(4).allSatisfy { $0.hasPrefix("prosody.") || $0.hasPrefix("level.") })
        #expect(header.contains("level.original_loudness_lufs"))
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.allSatisfy { $0.count == header.count })
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4"])
        #expect(rows.first?[2] == "ravdess/01")
        // Every value is a number or NaN; the noise clip has at least one NaN, the vowels none.
        for row in rows {
            #expect(row.dropFirst(4).allSatisfy { $0 == "NaN" || Double($0)?.isFinite == true }, "\(row)")
        }
        let noiseRow = rows.first { $0[1].hasSuffix(fixture.files[3]) }
        #expect(noiseRow?.contains("NaN") == true)

        let jsonPath = fixture.directory.path + "/f.json"
        let json = try fixture.emovox([
            "features", "export", "--set", "prosody,level", "--format", "json", "--out", jsonPath,
        ])
        #expect(json.status == 0, "\(json.stderr)")
        let text = try String(contentsOfFile: jsonPath, encoding: .utf8)
        let objects =
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        #expect(objects.count == 4)
        #expect(objects.map { $0["sample_id"] as? Int } == [1, 2, 3, 4])
        #expect(objects.allSatisfy { $0.count == header.count })
        // Each CSV field is the same text in the JSON (null for NaN), column for column. Compared as
        // text because Foundation's JSON parser does not round-trip every double exactly.
        let objectLines = text.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(objectLines.count == 4)
        for (row, line) in zip(rows, objectLines) {
            for (column, field) in zip(header.dropFirst(4), row.dropFirst(4)) {
                let expected = "\"\(column)\":\(field == "NaN" ? "null" : field)"
                #expect(line.contains(expected + ",") || line.contains(expected + "}"), "\(expected)")
            }
        }
    }

    @Test func specSelectsWhichRunsValuesAreExported() throws {
        let fixture = try PipelineFixture(count: 2)
        let spec = try fixture.spec()
        let (_, summary) = try fixture.run(spec)
        let hash = summary["spec_hash"] as? String ?? ""
        let out = fixture.directory.path + "/f.csv"
        for reference in [spec, String(hash.prefix(8))] {
            let export = try fixture.emovox([
                "features", "export", "--set", "prosody", "--out", out, "--spec", reference, "--json",
            ])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(try export.json()["spec_hash"] as? String == hash)
        }
        let missing = try fixture.emovox(["features", "export", "--set", "prosody", "--out", out, "--spec", "nosuch"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--spec nosuch: no pipeline spec 'nosuch'"), "\(missing.stderr)")
        // A spec that exists but never ran is named as such.
        let unrun = try fixture.emovox([
            "features", "export", "--set", "prosody", "--out", out, "--spec", try fixture.spec(target: -30),
        ])
        #expect(unrun.status != 0)
        #expect(unrun.stderr.contains("no run recorded this spec"), "\(unrun.stderr)")
        let unknownSet = try fixture.emovox(["features", "export", "--set", "chroma", "--out", out])
        #expect(unknownSet.status != 0)
        #expect(unknownSet.stderr.contains("chroma"))

        let list = try fixture.emovox(["features", "list", "--json"])
        let entries = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["set"] as? String == "prosody")
        #expect(entries.first?["spec"] as? String == "tiny")
        #expect(entries.first?["samples"] as? Int == 2)
    }
}
