import EmovoxTestSupport
import Foundation
import Testing

/// `--where` is validated at the edge: bounded in size, strict in syntax, answered with exit 64.
@Suite struct SelectionLimitTests {
    @Test func oversizedOrMalformedConditionsAreUsageErrorsWithShortMessages() throws {
        let fixture = try PipelineFixture(count: 4)
        let thousandTerms = Array(repeating: "emotion = angry", count: 1_000).joined(separator: " and ")
        let longPattern = "emotion like '" + String(repeating: "%a", count: 25_000) + "'"
        let longList = "speaker in (" + (0..<10_001).map { "s\($0)" }.joined(separator: ",") + ")"
        let cases: [(String, String)] = [
            // Before: SQLite's "Expression tree is too large" and "LIKE or GLOB pattern too complex",
            // each followed by the whole SQL statement.
            (thousandTerms, "more than 100 conditions"),
            (longPattern, "is 50000 characters long; at most 1000 are allowed"),
            (longList, "has 10001 values; at most 10000 are allowed"),
            (String(repeating: "x", count: 100_001), "at most 100000 are allowed"),
            // Before: accepted as '=' and as if the 'and' were not there.
            ("emotion == angry", "unknown operator '==' after 'emotion'; equality is '='"),
            ("emotion = angry and", "'and' at the end needs a condition after it"),
            ("emotion = angry or gender = male", "expected 'and' between conditions, found 'or'"),
        ]
        for (condition, message) in cases {
            for command in [["stats"], ["features", "export", "--set", "prosody", "--out", "/dev/null"]] {
                let result = try EmovoxProcess.run(
                    command + ["--where", condition, "--db", fixture.database], timeout: 120)
                #expect(!result.timedOut)
                #expect(result.status == 64, "\(command) \(message): \(result.stderr.prefix(300))")
                #expect(result.stderr.contains(message), "\(result.stderr.prefix(300))")
                #expect(!result.stderr.contains("SELECT"))
                #expect(result.stderr.count < 2_000, "\(result.stderr.count) characters")
            }
        }
    }

    @Test func conditionsAtTheLimitsRun() throws {
        let fixture = try PipelineFixture(count: 4)
        let hundredTerms = Array(repeating: "duration > 0", count: 100).joined(separator: " and ")
        // The four speakers and 9,996 that do not exist: 10,000 values in about 70,000 characters.
        let speakers = (1...4).map { "ravdess/0\($0)" } + (5...10_000).map { "x\($0)" }
        let bigList = "speaker in (" + speakers.joined(separator: ",") + ")"
        let pattern = "emotion like '" + String(repeating: "%", count: 999) + "'"
        for condition in [hundredTerms, bigList, pattern] {
            let result = try fixture.emovox(["stats", "--where", condition, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr.prefix(300))")
            #expect(try result.json()["samples"] as? Int == 4)
        }
    }
}
