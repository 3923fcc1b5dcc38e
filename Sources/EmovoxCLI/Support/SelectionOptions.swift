import ArgumentParser
import EmovoxCatalog

/// `--corpus` and `--where`: which catalogued samples a command works on.
struct SelectionOptions: ParsableArguments {
    @Option(help: "Only samples of this corpus.")
    var corpus: String?

    @Option(
        name: .customLong("where"),
        help: "Condition on catalog columns, e.g. \"emotion in (angry, sad) and gender = female\".")
    var condition: String?

    /// The selection as typed, to store with a shard's output.
    var selection: SampleSelection { SampleSelection(corpus: corpus, condition: condition) }

    func filter() throws -> SampleFilter {
        try selection.filter()
    }

    func validate() throws {
        do {
            _ = try filter()
        } catch let error as QueryError {
            throw ValidationError("--where: \(error.message)")
        }
    }
}
