import ArgumentParser
import EmovoxCatalog

/// `--db` and `--json`, shared by every command that reads or writes the catalog.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: "The catalog database.")
    var db = "emovox.sqlite"

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    /// Opens the catalog for a command that writes it (creating and migrating it as needed).
    func openCatalog() throws -> Catalog {
        try open(.readWrite)
    }

    /// Opens the catalog for a command that only reads it: it must exist, and nothing (folder,
    /// file, `-wal`) is created when it does not; a read-only file or mount is fine.
    func openCatalogForReading() throws -> Catalog {
        try open(.readOnly)
    }

    /// Opens the catalog for a shard of a sharded run, which reads it as an immutable snapshot
    /// (see `Catalog.Access.snapshot`).
    func openCatalogSnapshot() throws -> Catalog {
        try open(.snapshot)
    }

    private func open(_ access: Catalog.Access) throws -> Catalog {
        do {
            return try Catalog(path: db, access: access)
        } catch let error as CatalogError {
            throw CommandError("\(error)")
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
