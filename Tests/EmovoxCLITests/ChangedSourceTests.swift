import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// A source file whose bytes change after import must never be processed (or cached) under the
/// checksum recorded for its old bytes.
@Suite struct ChangedSourceTests {
    func export(_ fixture: PipelineFixture, _ name: String) throws -> String {
        try fixture.exportFeatures(name)
    }

    @Test func aReplacedFileFailsItsSampleAndLeavesNoPoisonedEntryBehind() throws {
        let fixture = try PipelineFixture(count: 4)
        let spec = try fixture.spec()
        let target = URL(fileURLWithPath: fixture.corpusPath + "/" + fixture.files[1])
        let original = try Data(contentsOf: target)
        // Another recording's bytes under this file's name.
        try Data(contentsOf: URL(fileURLWithPath: fixture.corpusPath + "/" + fixture.files[2])).write(to: target)
        // Same bytes, new modification time: hashed again, found unchanged, processed.
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-60)],
            ofItemAtPath: fixture.corpusPath + "/" + fixture.files[3])

        let (run, summary) = try fixture.run(spec)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(summary["processed"] as? Int == 4)
        #expect(summary["failed"] as? Int == 1)
        let failure = try #require((summary["failures"] as? [[String: Any]])?.first)
        #expect((failure["path"] as? String)?.hasSuffix(fixture.files[1]) == true)
        #expect(failure["step"] as? String == "checksum")
        let reason = failure["reason"] as? String ?? ""
        #expect(reason.contains("changed since it was imported") && reason.contains("re-import"), "\(reason)")
        #expect(run.stderr.contains("\(fixture.files[1]): checksum failed: the file changed"), "\(run.stderr)")

        // Restored: the run must give what a cache that never saw the other bytes gives.
        try original.write(to: target)
        let (restored, again) = try fixture.run(spec)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(again["failed"] as? Int == 0)
        let afterRestore = try export(fixture, "restored")
        let (fresh, clean) = try fixture.run(spec, ["--cache", fixture.directory.path + "/fresh-cache"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(clean["cached"] as? Int == 0)
        #expect(try export(fixture, "fresh") == afterRestore)
        #expect(afterRestore.split(separator: "\n").count == 1 + 4)
    }

    @Test func reimportChangedRecordsTheNewChecksumAndProcessesTheNewBytes() throws {
        let fixture = try PipelineFixture(count: 3)
        let spec = try fixture.spec()
        let catalog = try Catalog(path: fixture.database)
        func checksum(_ file: String) throws -> String? {
            try catalog.writer.read {
                try String.fetchOne($0, sql: "SELECT checksum FROM sample WHERE path = ?", arguments: [file])
            }
        }
        let donorChecksum = try #require(try checksum(fixture.files[1]))
        try Data(contentsOf: URL(fileURLWithPath: fixture.corpusPath + "/" + fixture.files[1])).write(
            to: URL(fileURLWithPath: fixture.corpusPath + "/" + fixture.files[0]))

        let (run, summary) = try fixture.run(spec, ["--reimport-changed"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(summary["failed"] as? Int == 0)
        #expect(try checksum(fixture.files[0]) == donorChecksum)
        // Identical bytes now, so identical features.
        let rows = try export(fixture, "reimported").split(separator: "\n").map {
            $0.split(separator: ",", maxSplits: 4)
        }
        let values = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { (String($0[1]), String($0[4])) })
        let first = try #require(values.first { $0.key.hasSuffix(fixture.files[0]) }?.value)
        let second = try #require(values.first { $0.key.hasSuffix(fixture.files[1]) }?.value)
        #expect(first == second)

        // Recorded, so the next run trusts the file and is served from the cache.
        let (_, next) = try fixture.run(spec)
        #expect(next["failed"] as? Int == 0)
        #expect(next["cached"] as? Int == 3)
    }
}
