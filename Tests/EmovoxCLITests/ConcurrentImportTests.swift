import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// Two imports of one corpus into one catalog at the same time both succeed and leave the
/// catalog exactly as one import does.
@Suite struct ConcurrentImportTests {
    /// Starts `emovox` with its output going to files, so several can run at once.
    static func start(_ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EmovoxProcess.binary)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// What an import leaves in a catalog, without ids or times.
    static func contents(_ database: String) throws -> [String] {
        try DatabaseQueue(path: database).read { db in
            try String.fetchAll(db, sql: "SELECT name || '|' || ifnull(version, '') FROM corpus ORDER BY name")
                + String.fetchAll(
                    db,
                    sql: """
                        SELECT code || '|' || gender || '|' || (SELECT count(*) FROM sample WHERE speakerId = speaker.id)
                        FROM speaker ORDER BY code
                        """)
                + String.fetchAll(
                    db,
                    sql: """
                        SELECT s.path || '|' || s.checksum || '|' || sp.code || '|' || ifnull(s.emotion, '')
                        FROM sample s JOIN speaker sp ON sp.id = s.speakerId ORDER BY s.path
                        """)
                + String.fetchAll(db, sql: "SELECT path || '|' || reason FROM importError ORDER BY path")
        }
    }

    @Test func twoImportsAtOnceBothSucceedAndEqualOne() throws {
        let fixture = try PipelineFixture(count: 48, import: false)
        let single = fixture.directory.path + "/single.sqlite"
        let alone = try EmovoxProcess.run(["import", "ravdess", fixture.corpusPath, "--db", single])
        #expect(alone.status == 0, "\(alone.stderr)")
        let expected = try Self.contents(single)
        #expect(expected.count > 48)

        for repetition in 0..<5 {
            let database = fixture.directory.path + "/concurrent-\(repetition).sqlite"
            // A new catalog (both processes also create its schema) and then an existing one.
            for round in 0..<2 {
                let logs = (0..<2).map { fixture.directory.path + "/import-\(repetition)-\(round)-\($0).log" }
                let processes = try logs.map {
                    try Self.start(["import", "ravdess", fixture.corpusPath, "--db", database, "--jobs", "1"], log: $0)
                }
                for process in processes { process.waitUntilExit() }
                for (process, log) in zip(processes, logs) {
                    let output = try String(contentsOfFile: log, encoding: .utf8)
                    // Before: one of them died with "UNIQUE constraint failed: sample.corpusId, sample.path".
                    #expect(process.terminationStatus == 0, "repetition \(repetition) round \(round): \(output)")
                    #expect(!output.contains("SQLite error"), "\(output)")
                }
                #expect(try Self.contents(database) == expected, "repetition \(repetition) round \(round)")
            }
        }
    }
}
