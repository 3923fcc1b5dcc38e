import EmovoxTestSupport
import Foundation
import GRDB
import Testing

/// A re-run skips the samples whose result the catalog already holds for the file as it is now
/// (`RecordedResultFilter`), and only those: what it skips and what it processes give the same rows.
@Suite struct RecordedResultRunTests {
    func export(_ fixture: PipelineFixture, _ name: String) throws -> String {
        try fixture.exportFeatures(name)
    }

    func fileModified(_ fixture: PipelineFixture, _ file: String) throws -> Int64? {
        try DatabaseQueue(path: fixture.database).read {
            try Int64.fetchOne($0, sql: "SELECT fileModified FROM sample WHERE path = ?", arguments: [file])
        }
    }

    @Test func rerunSkipsRecordedSamplesAndRecomputesOnlyWhatLostItsEntryOrStamp() throws {
        let fixture = try PipelineFixture(count: 6)
        let spec = try fixture.spec()
        let (first, cold) = try fixture.run(spec)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(cold["cached"] as? Int == 0)
        let reference = try export(fixture, "cold")
        #expect(reference.split(separator: "\n").count == 7)

        // Everything recorded, stamps unchanged: all skipped, same rows.
        let (_, warm) = try fixture.run(spec)
        #expect(warm["processed"] as? Int == 6)
        #expect(warm["cached"] as? Int == 6)
        // Summed in another order: equal up to rounding.
        #expect(abs((warm["audio_seconds"] as? Double ?? 0) - (cold["audio_seconds"] as? Double ?? -1)) < 1e-9)
        #expect(try export(fixture, "warm") == reference)

        // A file touched (same bytes, new time) is verified by hashing and its new stamp recorded.
        let touched = fixture.corpusPath + "/" + fixture.files[2]
        let before = try fileModified(fixture, fixture.files[2])
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: touched)
        let (_, afterTouch) = try fixture.run(spec)
        #expect(afterTouch["cached"] as? Int == 6)
        let after = try fileModified(fixture, fixture.files[2])
        #expect(after != nil && after != before)
        #expect(try export(fixture, "touched") == reference)

        // A run pointed at an empty cache computes everything again (and fills that cache).
        let fresh = fixture.directory.path + "/fresh-cache"
        let (_, refill) = try fixture.run(spec, ["--cache", fresh])
        #expect(refill["cached"] as? Int == 0)
        #expect(refill["processed"] as? Int == 6)
        #expect(try export(fixture, "refilled") == reference)
        let (_, fromFresh) = try fixture.run(spec, ["--cache", fresh])
        #expect(fromFresh["cached"] as? Int == 6)
    }

    @Test func aSampleWhoseLastAttemptFailedIsNotSkipped() throws {
        let fixture = try PipelineFixture(count: 3)
        let spec = try fixture.spec()
        #expect(try fixture.run(spec).0.status == 0)
        // Unreadable for a run: its failure is recorded after its earlier success.
        let target = fixture.corpusPath + "/" + fixture.files[0]
        let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
        try FileManager.default.removeItem(atPath: target)
        let (_, broken) = try fixture.run(spec)
        #expect(broken["failed"] as? Int == 1)
        #expect(broken["cached"] as? Int == 2)
        // Back in place with its old bytes (and a new time): processed from the cache, failure cleared.
        try bytes.write(to: URL(fileURLWithPath: target))
        let (_, restored) = try fixture.run(spec)
        #expect(restored["failed"] as? Int == 0)
        #expect(restored["cached"] as? Int == 3)
        let failures = try DatabaseQueue(path: fixture.database).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM pipelineFailure") ?? -1
        }
        #expect(failures == 0)
    }
}
