import ArgumentParser
import Foundation

/// A request that can be run but asks for nothing that exists, or for something refused (an
/// unknown corpus or run, a deletion a split forbids, a selection that matches nothing):
/// `Error: message` on standard error, `{"error", "warnings"}` on standard output with `--json`,
/// and exit status 64 (usage), without the root command's usage text that an error thrown from
/// `run()` would otherwise print.
enum UsageFailure {
    private struct Report: Encodable {
        var error: String
        var warnings: [String]
    }

    /// Reports `message` now and returns the exit status to throw.
    static func report(_ message: String, warnings: [String] = [], json: Bool) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        if json { try? JSONOutput.print(Report(error: message, warnings: warnings)) }
        return ExitCode.validationFailure
    }
}
