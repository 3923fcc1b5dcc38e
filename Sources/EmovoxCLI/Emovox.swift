import ArgumentParser

/// The `emovox` command.
public struct Emovox: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "emovox",
        abstract: "Emotional-speech datasets: catalog, import, preprocess, split, train, evaluate.",
        subcommands: [])

    public init() {}
}
