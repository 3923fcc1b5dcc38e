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

    func filter() throws -> SampleFilter {
        var filter = try SampleFilter(parsing: condition ?? "")
        if let corpus { filter = filter.and(.corpus, equals: corpus) }
        return filter
    }

    func validate() throws {
        do {
            _ = try filter()
        } catch let error as QueryError {
            throw ValidationError("--where: \(error.message)")
        }
    }
}
