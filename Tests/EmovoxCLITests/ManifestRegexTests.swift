import EmovoxTestSupport
import Foundation
import Testing

/// A label pattern that could backtrack for ever is refused when the manifest is read, before the
/// catalog is opened.
@Suite struct ManifestRegexTests {
    @Test func aCatastrophicPatternIsRejectedAtValidationAndNothingIsWritten() throws {
        let dir = try TemporaryDirectory()
        let corpus = dir.path + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        // 24 a's and a character that makes the final `$` fail: 2^24 ways to split them for (a+)+.
        let name = String(repeating: "a", count: 24) + "!"
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: corpus + "/\(name).wav"))
        let manifest = dir.path + "/evil.yaml"
        try """
        name: evil
        files:
          include: ["*.wav"]
        labels:
          - from: stem
            pattern: '(?<speaker>(a+)+)$'

        """.write(toFile: manifest, atomically: false, encoding: .utf8)
        let database = dir.path + "/catalog.sqlite"
        // Before: the corpus row was written, then matching the name never finished.
        let result = try EmovoxProcess.run(["import", manifest, corpus, "--db", database], timeout: 60)
        #expect(!result.timedOut)
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("\(manifest):6: pattern '(?<speaker>(a+)+)$' nests quantifiers in '(a+)+'"),
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
