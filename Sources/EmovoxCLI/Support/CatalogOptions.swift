import ArgumentParser
import EmovoxCatalog

/// `--db` and `--json`, shared by every command that reads or writes the catalog.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: "The catalog database.")
    var db = "emovox.sqlite"

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    func openCatalog() throws -> Catalog {
        do {
            return try Catalog(path: db)
        } catch {
            throw CommandError("cannot open the catalog \(db): \(error)")
        }
    }
}

/// A command that cannot complete, reported as `Error: message` without the usage text.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
