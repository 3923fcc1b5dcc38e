import EmovoxCatalog
import EmovoxTestSupport
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Broken files cost one failure row each, named with the reason; good files beside them import.
@Suite struct BadInputTests {
    @Test func eachBrokenFileIsRecordedAndTheRestImport() throws {
        let fixture = try CorpusFixture()
        try fixture.addAudio("Actor_01/03-01-01-01-01-01-01.wav", seed: 1)
        try fixture.addAudio("Actor_02/03-01-05-02-01-01-02.wav", seed: 2)
        let good = try Data(contentsOf: URL(fileURLWithPath: fixture.root + "/Actor_01/03-01-01-01-01-01-01.wav"))
        try fixture.addFile("Actor_03/03-01-03-01-01-01-03.wav", contents: Data())  // zero bytes
        try fixture.addFile("Actor_03/03-01-03-01-01-02-03.wav", contents: good.prefix(30))  // truncated header
        try fixture.addFile("Actor_03/03-01-04-01-01-01-03.wav", contents: Data("not audio at all\n".utf8))
        try fixture.addFile(
            "Actor_03/03-01-04-01-01-02-03.flac",
            contents: Data([0x89, 0x50, 0x4E, 0x47] + Array(repeating: 0, count: 200)))
        try fixture.addAudio("Actor_03/hello-world.wav")  // does not match the naming scheme
        try fixture.addAudio("Actor_03/03-01-09-01-01-01-03.wav")  // emotion 09 is not a RAVDESS code
        // A name that is not UTF-8.
        let badName = fixture.root + "/Actor_03/03-01-\u{FFFD}.wav"
        _ = badName
        let raw: [UInt8] = Array((fixture.root + "/Actor_03/03-01-").utf8) + [0xFF, 0xFE] + Array(".wav".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer {
            open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
        }
        #expect(fd >= 0)
        close(fd)

        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        let manifest = try CorpusManifest.load(path: TestPaths.manifest("ravdess"))
        let report = try CorpusImporter(catalog: catalog, jobs: 2)
            .importCorpus(manifest, manifestFile: "ravdess.yaml", directory: fixture.root)

        #expect(report.imported == 2)
        #expect(report.failed == 7)
        let reasons = Dictionary(uniqueKeysWithValues: report.failures.map { ($0.path, $0.reason) })
        #expect(reasons["Actor_03/03-01-03-01-01-01-03.wav"]?.contains("zero-byte") == true)
        #expect(reasons["Actor_03/03-01-03-01-01-02-03.wav"]?.contains("unsupported or corrupt") == true)
        #expect(reasons["Actor_03/03-01-04-01-01-01-03.wav"]?.contains("unsupported or corrupt") == true)
        #expect(reasons["Actor_03/03-01-04-01-01-02-03.flac"]?.contains("unsupported or corrupt") == true)
        #expect(reasons["Actor_03/hello-world.wav"]?.contains("does not match") == true)
        #expect(reasons["Actor_03/03-01-09-01-01-01-03.wav"]?.contains("emotion code '09'") == true)
        #expect(reasons.contains { $0.value.contains("not valid UTF-8") })

        // The same failures are rows in the catalog, and the catalog is sound.
        let rows = try catalog.importFailures(corpus: "ravdess")
        #expect(rows.count == 7)
        #expect(try catalog.integrityCheck() == ["ok"])

        // Fixing a file on disk turns its failure into a sample on the next import.
        try FileManager.default.removeItem(atPath: fixture.root + "/Actor_03/03-01-03-01-01-01-03.wav")
        try fixture.addAudio("Actor_03/03-01-03-01-01-01-03.wav", seed: 3)
        let again = try CorpusImporter(catalog: catalog)
            .importCorpus(manifest, manifestFile: "ravdess.yaml", directory: fixture.root)
        #expect(again.imported == 1)
        #expect(again.unchanged == 2)
        #expect(try catalog.importFailures(corpus: "ravdess").count == 6)
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file whatever its mode"))
    func unreadableFileIsRecorded() throws {
        let fixture = try CorpusFixture()
        let path = try fixture.addAudio("Actor_01/03-01-01-01-01-01-01.wav")
        chmod(path, 0)
        defer { chmod(path, 0o644) }
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        let report = try CorpusImporter(catalog: catalog).importCorpus(
            try CorpusManifest.load(path: TestPaths.manifest("ravdess")), manifestFile: "ravdess.yaml",
            directory: fixture.root)
        #expect(report.failures.first?.reason.contains("not readable") == true)
    }

    @Test func changedFileIsDetectedByChecksum() throws {
        let fixture = try CorpusFixture()
        try fixture.addAudio("Actor_01/03-01-01-01-01-01-01.wav", seed: 1)
        try fixture.addAudio("Actor_01/03-01-02-01-01-01-01.wav", seed: 2)
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        let manifest = try CorpusManifest.load(path: TestPaths.manifest("ravdess"))
        let importer = CorpusImporter(catalog: catalog)
        _ = try importer.importCorpus(manifest, manifestFile: "m", directory: fixture.root)
        try fixture.addAudio("Actor_01/03-01-02-01-01-01-01.wav", seed: 7)  // new bytes, same name
        let report = try importer.importCorpus(manifest, manifestFile: "m", directory: fixture.root)
        #expect(report.imported == 0)
        #expect(report.unchanged == 1)
        #expect(report.changed == 1)
        #expect(report.changedPaths == ["Actor_01/03-01-02-01-01-01-01.wav"])
        let count = try catalog.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sample") }
        #expect(count == 2)
    }

    @Test func missingCorpusDirectoryIsAClearErrorAndARow() throws {
        let dbDir = try TemporaryDirectory()
        let catalog = try Catalog(path: dbDir.path + "/c.sqlite")
        let manifest = try CorpusManifest.load(path: TestPaths.manifest("ravdess"))
        #expect(throws: CorpusImportError.self) {
            try CorpusImporter(catalog: catalog).importCorpus(
                manifest, manifestFile: "m", directory: dbDir.path + "/no-such-dir")
        }
        #expect(try catalog.importFailures(corpus: "ravdess").first?.reason == "corpus directory does not exist")
    }
}
