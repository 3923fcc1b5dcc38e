import Foundation
import Testing
import Yams

/// `deploy/kubernetes/`: the Indexed Job of shards and the merge Job after it, parsed and their
/// command lines run here, the way the pods would run them.
@Suite struct KubernetesManifestTests {
    /// The one container of a Job's pod template.
    struct JobContainer: Sendable {
        var command: [String]
        var environment: [String: String]
        var mountPath: String
    }

    /// The Job's `spec` and its container.
    static func job(_ file: String) throws -> (spec: [String: Any], container: JobContainer) {
        let url = EmovoxProcess.packageRoot.appendingPathComponent("deploy/kubernetes/\(file)")
        let document = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        #expect(document["apiVersion"] as? String == "batch/v1")
        #expect(document["kind"] as? String == "Job")
        let spec = try #require(document["spec"] as? [String: Any])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never")
        let containers = try #require(pod["containers"] as? [[String: Any]])
        #expect(containers.count == 1)
        let container = containers[0]
        let command = try #require(container["command"] as? [String]) + (container["args"] as? [String] ?? [])
        var environment: [String: String] = [:]
        for variable in container["env"] as? [[String: Any]] ?? [] {
            environment[try #require(variable["name"] as? String)] = try #require(variable["value"] as? String)
        }
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        return (
            spec,
            JobContainer(
                command: command, environment: environment,
                mountPath: try #require(mounts.first?["mountPath"] as? String))
        )
    }

    /// Runs a container's command line here: its variables, with the volume's mount path moved to
    /// `volume`, plus `extra`; `emovox` is the binary under test.
    static func run(_ job: JobContainer, volume: String, extra: [String: String]) throws -> (Int32, String) {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in job.environment {
            environment[name] =
                value.hasPrefix(job.mountPath) ? volume + value.dropFirst(job.mountPath.count) : value
        }
        environment.merge(extra) { $1 }
        let binaryFolder = URL(fileURLWithPath: EmovoxProcess.binary).deletingLastPathComponent().path
        environment["PATH"] = binaryFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = job.command
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test func theIndexedJobThenTheMergeJobGiveTheResultOfOneProcess() throws {
        let (shardsSpec, shards) = try Self.job("emovox-shards.yaml")
        let merge = try Self.job("emovox-merge.yaml").container
        #expect(shardsSpec["completionMode"] as? String == "Indexed")
        let completions = try #require(shardsSpec["completions"] as? Int)
        #expect(shards.environment["EMOVOX_SHARDS"] == String(completions))
        #expect(shards.command.joined(separator: " ").contains("JOB_COMPLETION_INDEX"))
        #expect(merge.mountPath == shards.mountPath)

        let fixture = try ShardedRunFixture(count: 12, broken: 1)
        let volume = fixture.base.directory.path + "/volume"
        let database = try #require(shards.environment["EMOVOX_DB"]).replacingOccurrences(
            of: shards.mountPath, with: volume)
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: fixture.referenceDatabase + suffix) {
            try FileManager.default.copyItem(atPath: fixture.referenceDatabase + suffix, toPath: database + suffix)
        }
        // Only the spec is swapped (for the fixture's small one), to keep the test short.
        let spec = try fixture.base.spec()

        let statuses = Locked([(Int32, String)](repeating: (-1, ""), count: completions))
        DispatchQueue.concurrentPerform(iterations: completions) { index in
            let result =
                (try? Self.run(
                    shards, volume: volume, extra: ["JOB_COMPLETION_INDEX": "\(index)", "EMOVOX_SPEC": spec]))
                ?? (-1, "could not start")
            statuses.update { $0[index] = result }
        }
        for (index, (status, stderr)) in statuses.value.enumerated() {
            #expect(status == 0, "pod \(index): \(stderr)")
        }
        let (status, stderr) = try Self.run(merge, volume: volume, extra: [:])
        #expect(status == 0, "merge: \(stderr)")

        #expect(try fixture.runReference(spec).status == 0)
        let merged = try ShardedRunFixture.results(in: database)
        #expect(merged["sampleProcessing"]?.count == 11)
        #expect(merged == (try ShardedRunFixture.results(in: fixture.referenceDatabase)))
        let cache = (database as NSString).deletingLastPathComponent + "/emovox-cache"
        #expect(
            try ShardedRunFixture.cacheEntries(in: cache)
                == ShardedRunFixture.cacheEntries(in: fixture.referenceCache))
    }
}
