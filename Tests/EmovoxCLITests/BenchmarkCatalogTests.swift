import EmovoxTestSupport
import Foundation
import Testing

/// `emovox benchmark-catalog` (behind `scripts/make_big_catalog.sh`) must make a catalog that is
/// genuinely processed: its rows and cache entries are what processing its files gives.
@Suite struct BenchmarkCatalogTests {
    @Test func syntheticCatalogEqualsWhatProcessingItsFilesGives() throws {
        let place = try TemporaryDirectory()
        let db = place.path + "/emovox.sqlite"
        func emovox(_ arguments: [String]) throws -> EmovoxProcess.Output {
            try EmovoxProcess.run(arguments + ["--db", db])
        }
        func export(_ name: String) throws -> String {
            let out = place.path + "/\(name).csv"
            let result = try emovox(["features", "export", "--set", "gemaps,prosody,mfcc,level", "--out", out])
            #expect(result.status == 0, "\(result.stderr)")
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        let made = try emovox([
            "benchmark-catalog", "--samples", "5", "--speakers", "2", "--corpus", place.path + "/corpus",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let recorded = try export("recorded")
        #expect(recorded.split(separator: "\n").count == 6)

        // Every sample has bytes of its own.
        let duplicates = try emovox(["duplicates", "--json"]).json()
        #expect(duplicates["files"] as? Int == 0)

        // All cached in the catalog's own cache ...
        let warm = try emovox(["run", "default", "--json"]).json()
        #expect(warm["cached"] as? Int == 5)
        // ... and really processing every file (an empty cache) gives the same values.
        let cold = try emovox(["run", "default", "--json", "--cache", place.path + "/fresh"]).json()
        #expect(cold["cached"] as? Int == 0)
        #expect(cold["failed"] as? Int == 0)
        #expect(try export("processed") == recorded)
    }
}
