import ArgumentParser
import EmovoxSpeakers
import Foundation

/// `emovox speakers`: speaker identification and verification with i-vectors trained on the catalog.
struct SpeakersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speakers",
        abstract: "Train a speaker extractor, enroll people, identify and verify speakers, evaluate.",
        discussion: """
            The extractor (UBM, total-variability matrix and PLDA back-end) is trained on catalogued \
            speakers; enrolled people need not be among them. Embeddings are stored in the catalog, tied to \
            the extractor file that made them.
            """,
        subcommands: [
            TrainExtractorCommand.self, EnrollCommand.self, SpeakersListCommand.self, SpeakersRemoveCommand.self,
            IdentifyCommand.self, VerifyCommand.self, SpeakersEvaluateCommand.self, SpeakerEquationsCommand.self,
        ])
}

/// `--extractor`, `--scoring` and `--jobs`, shared by the commands that embed recordings.
struct ExtractorOptions: ParsableArguments {
    @Option(help: "The speaker extractor file (from `speakers train-extractor`).") var extractor: String
    // Cosine is the default: with an extractor trained on a dozen speakers the PLDA between-speaker
    // covariance has rank 11, and cosine measured better on RAVDESS (README, Speaker recognition).
    @Option(help: "Scoring: cosine or plda (log-likelihood ratio).") var scoring: SpeakerScoring = .cosine
    @Option(help: "Parallel jobs.") var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}
