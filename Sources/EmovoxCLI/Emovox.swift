import ArgumentParser

/// The `emovox` command.
public struct Emovox: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "emovox",
        abstract: "Emotional-speech datasets: catalog, import, preprocess, split, train, evaluate.",
        version: EmovoxVersion.current,
        subcommands: [
            DemoCommand.self, ImportCommand.self, StatsCommand.self, DuplicatesCommand.self, RunCommand.self,
            FeaturesCommand.self, CorruptCommand.self,
            CacheCommand.self, SplitCommand.self, ExportCommand.self, TrainCommand.self, EvaluateCommand.self,
            CVCommand.self, PredictCommand.self, SpeakerStatsCommand.self, CorpusCommand.self, RunsCommand.self,
            MergeCommand.self, BenchmarkCatalogCommand.self, SpeakersCommand.self,
        ])

    public init() {}
}

/// The tool's version, recorded with every run, split and model.
public enum EmovoxVersion {
    public static let current = "0.1.0"
}
