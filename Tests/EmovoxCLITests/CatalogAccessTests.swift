import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// Read-only commands open the catalog read-only and never create one; a database that is not
/// Emovox's is refused before anything is written to it.
@Suite struct CatalogAccessTests {
    /// The read-only commands of the issue, on a catalog with a corpus, features and a split;
    /// `features export` writes to `output`.
    static func readers(output: String) -> [[String]] {
        [
            ["stats"], ["split", "show", "s"], ["split", "list"], ["split", "check", "s"],
            ["features", "export", "--set", "prosody", "--format", "csv", "--out", output], ["features", "list"],
            ["import", "errors"], ["corpus", "list"], ["runs", "list"], ["runs", "show", "1"], ["duplicates"],
        ]
    }

    static func catalogWithSplit() throws -> PipelineFixture {
        let fixture = try PipelineFixture(count: 8)
        let (run, _) = try fixture.run(try fixture.spec())
        guard run.status == 0 else { throw PipelineFixture.FixtureError("run failed: \(run.stderr)") }
        let split = try fixture.emovox(["split", "create", "s", "--test-fraction", "0.25"])
        guard split.status == 0 else { throw PipelineFixture.FixtureError("split failed: \(split.stderr)") }
        return fixture
    }

    /// Whether this process may make a private mount namespace (root, with `unshare`), where a
    /// bind mount vanishes with the namespace.
    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        return (try? shell(["/usr/bin/unshare", "-m", "true"]).status) == 0
    }()

    /// Whether this process can run the binary as `nobody` (root, with `setpriv`).
    static let canRunAsNobody = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    static func shell(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func fingerprint(_ path: String) throws -> (Data, Date?) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (try Data(contentsOf: URL(fileURLWithPath: path)), attributes[.modificationDate] as? Date)
    }

    @Test(.enabled(if: canMount, "needs root and mount namespaces"))
    func readOnlyCommandsReadACatalogOnAReadOnlyMount() throws {
        let fixture = try Self.catalogWithSplit()
        let folder = fixture.directory.path
        let before = try Self.fingerprint(fixture.database)
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        // Before: "unable to open database file" (SQLite could not create the WAL index).
        let elsewhere = try TemporaryDirectory()
        let commands = Self.readers(output: elsewhere.path + "/f.csv").map { arguments in
            ([EmovoxProcess.binary] + arguments + ["--db", fixture.database]).map(Self.quoted).joined(separator: " ")
        }
        let script =
            "set -e; mount --bind \(Self.quoted(folder)) \(Self.quoted(folder)); "
            + "mount -o remount,ro,bind \(Self.quoted(folder)); touch \(Self.quoted(folder + "/probe")) 2>/dev/null && exit 99; "
            + commands.map { "\($0) > /dev/null || { echo FAILED: \($0); exit 1; }" }.joined(separator: "; ")
        let result = try Self.shell(["/usr/bin/unshare", "-m", "sh", "-c", script])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.path + "/f.csv"))
        let after = try Self.fingerprint(fixture.database)
        #expect(after.0 == before.0 && after.1 == before.1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == listing)
    }

    @Test(.enabled(if: canRunAsNobody, "needs root and setpriv"))
    func aMode444CatalogIsReadByAnotherUserWithoutChangingIt() throws {
        let fixture = try Self.catalogWithSplit()
        // The folder is writable by everyone (so only the file's mode protects it) and the file
        // belongs to root with mode 444: `nobody` may read it but not write it.
        let folder = fixture.directory.path
        #expect(chmod(folder, 0o777) == 0)
        #expect(chmod(fixture.database, 0o444) == 0)
        let before = try Self.fingerprint(fixture.database)
        for arguments in Self.readers(output: folder + "/f.csv") {
            let result = try Self.shell(
                ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", EmovoxProcess.binary]
                    + arguments + ["--db", fixture.database])
            #expect(result.status == 0, "\(arguments): \(result.output)")
        }
        let after = try Self.fingerprint(fixture.database)
        #expect(after.0 == before.0 && after.1 == before.1)
        // A writing command is still refused by the file's mode, with SQLite's words.
        let write = try Self.shell(
            ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", EmovoxProcess.binary]
                + ["split", "delete", "s", "--db", fixture.database])
        #expect(write.status != 0)
    }

    @Test func readOnlyCommandsNeverCreateACatalog() throws {
        let dir = try TemporaryDirectory()
        let database = dir.path + "/nonexistent/dir/x.sqlite"
        let commands =
            Self.readers(output: dir.path + "/f.csv")
            + [["train", "--split", "s", "--features", "prosody", "--out", dir.path + "/m"]]
        for arguments in commands {
            let result = try EmovoxProcess.run(arguments + ["--db", database])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains("no catalog at \(database)"), "\(arguments): \(result.stderr)")
            // Before: the folders and an empty catalog were created.
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/nonexistent"), "\(arguments)")
        }
        // An empty file is no catalog either, and stays empty.
        let empty = dir.path + "/empty.sqlite"
        _ = FileManager.default.createFile(atPath: empty, contents: nil)
        let result = try EmovoxProcess.run(["stats", "--db", empty])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no catalog at \(empty)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
    }

    @Test func someoneElsesDatabaseIsRefusedAndLeftUntouched() throws {
        let dir = try TemporaryDirectory()
        let other = dir.path + "/other.sqlite"
        try DatabaseQueue(path: other).write { db in
            try db.execute(sql: "CREATE TABLE invoice (id INTEGER PRIMARY KEY, amount REAL)")
            try db.execute(sql: "INSERT INTO invoice (amount) VALUES (12.5)")
        }
        let before = try Self.fingerprint(other)
        let corpus = dir.path + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        // Before: import added Emovox's tables to it (and switched it to WAL mode).
        for arguments in [["import", "ravdess", corpus], ["stats"], ["split", "list"]] {
            let result = try EmovoxProcess.run(arguments + ["--db", other])
            #expect(result.status != 0, "\(arguments)")
            #expect(
                result.stderr.contains("\(other) is an SQLite database without Emovox's schema (tables: invoice)"),
                "\(arguments): \(result.stderr)")
        }
        let after = try Self.fingerprint(other)
        #expect(after.0 == before.0 && after.1 == before.1)
        #expect(!FileManager.default.fileExists(atPath: other + "-wal"))

        // A file that is not SQLite at all.
        try "name,emotion\n".write(toFile: dir.path + "/table.csv", atomically: false, encoding: .utf8)
        for arguments in [["import", "ravdess", corpus], ["stats"]] {
            let result = try EmovoxProcess.run(arguments + ["--db", dir.path + "/table.csv"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("table.csv is not an SQLite database"), "\(arguments): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: dir.path + "/table.csv", encoding: .utf8) == "name,emotion\n")
    }
}
