import ArgumentParser
import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxCLI

/// What every command prints around its results: help texts, counts in words, progress in logs.
@Suite struct CLIWordingTests {
    /// Every command path below `emovox`, e.g. `["split", "create"]`.
    static func commandPaths(_ command: any ParsableCommand.Type = Emovox.self, prefix: [String] = []) -> [[String]] {
        command.configuration.subcommands.flatMap { sub -> [[String]] in
            let path = prefix + [sub.configuration.commandName ?? ""]
            return [path] + commandPaths(sub, prefix: path)
        }
    }

    @Test func noHelpTextStatesItsDefaultTwice() throws {
        let paths = Self.commandPaths()
        #expect(paths.contains(["corpus", "delete"]))
        #expect(paths.count > 20)
        for path in paths {
            let help = try EmovoxProcess.run(path + ["--help"])
            #expect(help.status == 0, "\(path): \(help.stderr)")
            // One block per option, argument or heading: its first line is indented at most two
            // spaces, its wrapped description further.
            var blocks: [String] = []
            for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.prefix(while: { $0 == " " }).count <= 2 || blocks.isEmpty {
                    blocks.append(String(line))
                } else {
                    blocks[blocks.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                }
            }
            // "default:" as ArgumentParser writes it; a value named `default` is no second default.
            for block in blocks {
                #expect(
                    block.components(separatedBy: "default:").count <= 2,
                    "emovox \(path.joined(separator: " ")) --help: \(block)")
            }
        }
    }

    @Test func countsAreInTheRightNumber() throws {
        let fixture = try PipelineFixture(count: 4)
        let stats = try fixture.emovox(["stats"]).stdout
        #expect(stats.contains("4 samples,"), "\(stats)")
        #expect(stats.contains("4 speakers, 1 corpus;"), "\(stats)")
        #expect(!stats.contains("1 corpora"))
        let list = try fixture.emovox(["corpus", "list"]).stdout
        #expect(list.hasSuffix("1 corpus\n"), "\(list)")
        let cache = try fixture.emovox(["cache", "stats"]).stdout
        #expect(cache.contains("0 entries"), "\(cache)")
        #expect(try fixture.emovox(["split", "create", "h", "--test-fraction", "0.25"]).status == 0)
        let show = try fixture.emovox(["split", "show", "h"]).stdout
        #expect(show.contains("4 samples, 1 fold\n"), "\(show)")
    }

    @Test func runWritesProgressLinesEveryTenPercentWhenStandardErrorIsALog() throws {
        let fixture = try PipelineFixture(count: 20)
        let (output, summary) = try fixture.run(try fixture.spec(), ["--jobs", "2"])
        #expect(summary["processed"] as? Int == 20)
        let lines = output.stderr.split(separator: "\n").filter { $0.hasPrefix("run tiny: ") }
        #expect(lines.count == 10, "\(output.stderr)")
        #expect(lines.first?.hasPrefix("run tiny: 10% (2/20 samples, ") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("run tiny: 100% (20/20 samples, ") == true, "\(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix(" s)") })
        // A bar's carriage returns never reach a log.
        #expect(!output.stderr.contains("\r"))

        let quiet = try EmovoxProcess.run(
            ["run", try fixture.spec(target: -20), "--db", fixture.database], environment: ["EMOVOX_PROGRESS": "off"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stderr.contains("run tiny: "), "\(quiet.stderr)")
    }
}
