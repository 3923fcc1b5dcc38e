import ArgumentParser

/// A request the catalog cannot honour as given (an unknown corpus or run, a deletion a split
/// forbids): the message on standard error as `Error: …` and exit status 64 (usage), without the
/// root command's usage text that an error thrown from `run()` would otherwise print.
enum UsageFailure {
    static func exit(_ message: String) -> ExitCode {
        Terminal.note("Error: \(message)")
        return ExitCode.validationFailure
    }
}
