import EmovoxTestSupport
import Foundation
import GRDB
import Testing

@testable import EmovoxCLI

/// A binary copied away from its checkout still finds the shipped manifests and specs, and the
/// compiled-in copies are exactly the files in `Manifests/` and `Pipelines/`.
@Suite struct DeployableBinaryTests {
    /// Name → text of every YAML file in a folder of the checkout.
    static func shippedFiles(_ folder: String) throws -> [String: String] {
        let directory = EmovoxProcess.packageRoot.appendingPathComponent(folder)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".yaml") {
            files[String(name.dropLast(5))] = try String(
                contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test func embeddedCopiesEqualTheShippedFiles() throws {
        let manifests = try Self.shippedFiles("Manifests")
        let pipelines = try Self.shippedFiles("Pipelines")
        #expect(manifests.keys.contains("ravdess") && pipelines.keys.contains("default"))
        // Run scripts/embed_resources.py when this fails.
        #expect(EmbeddedResources.manifests == manifests)
        #expect(EmbeddedResources.pipelines == pipelines)
    }

    /// Copies the built binary alone into a fresh folder (no checkout next to it).
    static func copiedBinary(into directory: TemporaryDirectory) throws -> String {
        let copy = directory.path + "/bin/emovox"
        try FileManager.default.createDirectory(atPath: directory.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: EmovoxProcess.binary, toPath: copy)
        return copy
    }

    /// Runs `binary` with `cwd` as working directory, without the test's own overrides.
    static func run(
        _ binary: String, _ arguments: [String], cwd: String, environment: [String: String] = [:]
    ) throws -> EmovoxProcess.Output {
        var clean = ProcessInfo.processInfo.environment
        clean["EMOVOX_MANIFESTS"] = nil
        clean["EMOVOX_PIPELINES"] = nil
        return try EmovoxProcess.run(
            arguments, in: cwd, environment: clean.merging(environment) { $1 }, replacingEnvironment: true,
            executable: binary)
    }

    @Test func copiedBinaryImportsAndRunsWithShippedNamesFromAnyFolder() throws {
        let place = try TemporaryDirectory()
        let binary = try Self.copiedBinary(into: place)
        let elsewhere = place.path + "/work"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let corpus = try RAVDESSLayoutCorpus(actors: [1, 2], emotions: [1, 5], statements: [1])
        let db = elsewhere + "/catalog.sqlite"

        let imported = try Self.run(binary, ["import", "ravdess", corpus.path, "--db", db, "--json"], cwd: elsewhere)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try imported.json()["imported"] as? Int == 4)

        let ran = try Self.run(binary, ["run", "default", "--db", db, "--json", "--jobs", "1"], cwd: elsewhere)
        #expect(ran.status == 0, "\(ran.stderr)")
        let summary = try ran.json()
        #expect(summary["spec"] as? String == "default")
        #expect(summary["failed"] as? Int == 0)
        // The shipped default spec's text is what the run recorded.
        let recorded = try DatabaseQueue(path: db).read {
            try String.fetchOne($0, sql: "SELECT specText FROM pipelineRun ORDER BY id DESC LIMIT 1")
        }
        #expect(recorded == EmbeddedResources.pipelines["default"])
        let sets = try DatabaseQueue(path: db).read {
            try String.fetchAll($0, sql: "SELECT DISTINCT setName FROM featureVector ORDER BY 1")
        }
        #expect(sets == ["gemaps", "mfcc", "prosody"])

        // An unknown name says where it looked, built-in names included.
        let unknown = try Self.run(binary, ["run", "no-such-spec", "--db", db], cwd: elsewhere)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no pipeline spec 'no-such-spec'"))
        let shipped = EmbeddedResources.pipelines.keys.sorted().joined(separator: ", ")
        #expect(unknown.stderr.contains("built-in Pipelines (\(shipped))"))
        #expect(shipped.contains("default"))
    }

    @Test func foldersInTheEnvironmentOverrideAndExtendTheBuiltInFiles() throws {
        let place = try TemporaryDirectory()
        let binary = try Self.copiedBinary(into: place)
        let specs = place.path + "/specs"
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        // Same name as a shipped spec, fewer feature sets: the folder's file wins.
        let override = """
            name: default
            steps:
              - decode: {channel: mix}
              - resample: {rate: 16000, converter: soxr_hq}
              - features: {sets: [prosody]}

            """
        try override.write(toFile: specs + "/default.yaml", atomically: false, encoding: .utf8)
        try override.replacingOccurrences(of: "name: default", with: "name: extra")
            .write(toFile: specs + "/extra.yaml", atomically: false, encoding: .utf8)
        let corpus = try RAVDESSLayoutCorpus(actors: [3], emotions: [3], statements: [2])
        let db = place.path + "/catalog.sqlite"
        #expect(try Self.run(binary, ["import", "ravdess", corpus.path, "--db", db], cwd: place.path).status == 0)

        for name in ["default", "extra"] {
            let ran = try Self.run(
                binary, ["run", name, "--db", db, "--json"], cwd: place.path, environment: ["EMOVOX_PIPELINES": specs])
            #expect(ran.status == 0, "\(ran.stderr)")
            #expect(try ran.json()["spec"] as? String == name)
        }
        let sets = try DatabaseQueue(path: db).read {
            try String.fetchAll($0, sql: "SELECT DISTINCT setName FROM featureVector ORDER BY 1")
        }
        #expect(sets == ["prosody"])
        // Without the variable, `extra` is unknown and `default` is the built-in one again.
        let missing = try Self.run(binary, ["run", "extra", "--db", db], cwd: place.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no pipeline spec 'extra'"))

        // A manifest folder adds a corpus name the binary does not ship.
        let manifests = place.path + "/manifests"
        try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
        try EmbeddedResources.manifests["ravdess"]!.replacingOccurrences(
            of: "\nname: ravdess\n", with: "\nname: mine\n"
        )
        .write(toFile: manifests + "/mine.yaml", atomically: false, encoding: .utf8)
        let renamed = try Self.run(
            binary, ["import", "mine", corpus.path, "--db", db, "--json"], cwd: place.path,
            environment: ["EMOVOX_MANIFESTS": manifests])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(try renamed.json()["imported"] as? Int == 1)
    }
}
