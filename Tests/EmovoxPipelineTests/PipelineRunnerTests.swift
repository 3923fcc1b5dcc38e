import EmovoxAudio
import EmovoxPipeline
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct PipelineRunnerTests {
    static let spec = """
        steps:
          - decode
          - resample: {rate: 16000, converter: soxr_hq}
          - trim
          - denoise
          - normalize
          - features: {sets: [level]}
        """

    /// Every file under the cache directory with its bytes, by relative path.
    private func contents(of cache: PipelineCache) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = URL(fileURLWithPath: cache.directory)
        // Shards only: the folder also holds the lock file runs share (`.lock`).
        for shard in try FileManager.default.contentsOfDirectory(atPath: root.path) where shard.count == 2 {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(shard).path) {
                files["\(shard)/\(name)"] = try Data(
                    contentsOf: root.appendingPathComponent(shard).appendingPathComponent(name))
            }
        }
        return files
    }

    @Test func oneAndTwoJobsGiveByteIdenticalOutputsAndCacheEntries() throws {
        let dir = try TemporaryDirectory()
        let inputs = try Fixtures.vowelInputs(count: 6, in: dir.url)
        let cache1 = try PipelineCache(directory: dir.url.appendingPathComponent("c1").path)
        let cache2 = try PipelineCache(directory: dir.url.appendingPathComponent("c2").path)
        let serial = try Fixtures.run(try Fixtures.spec(Self.spec), inputs, cache: cache1, jobs: 1)
        let parallel = try Fixtures.run(try Fixtures.spec(Self.spec), inputs, cache: cache2, jobs: 2)
        #expect(serial.count == 6 && parallel.count == 6)
        for (id, result) in serial {
            let a = try #require(result.success)
            #expect(a == parallel[id]?.success)
        }
        let files1 = try contents(of: cache1)
        #expect(files1.count == 30)  // five names per sample: the decoded signal feeds the resampler uncached
        #expect(files1 == (try contents(of: cache2)))
    }

    @Test func aCorruptFileIsReportedAndTheRestSucceed() throws {
        let dir = try TemporaryDirectoryForCache()
        var inputs = try Fixtures.vowelInputs(count: 3, in: dir.url)
        let bad = dir.url.appendingPathComponent("bad.wav").path
        try Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEnot really audio".utf8).write(to: URL(fileURLWithPath: bad))
        inputs.insert(PipelineInput(sampleID: 99, path: bad, checksum: try Fixtures.checksum(bad)), at: 1)
        let missing = PipelineInput(sampleID: 100, path: dir.url.appendingPathComponent("gone.wav").path, checksum: "x")
        inputs.append(missing)
        let runner = try PipelineRunner(
            spec: try Fixtures.spec(Self.spec), cache: dir.cache, featureSets: testFeatureSets, options: .init(jobs: 2))
        var results: [Int64: Result<SampleOutput, PipelineFailure>] = [:]
        var last = PipelineProgress()
        let summary = runner.run(inputs, progress: { last = $0 }) { input, result in results[input.sampleID] = result }
        #expect(summary.processed == 5 && summary.failed == 2)
        #expect(last.processed == 5 && last.failed == 2)
        let failure = try #require(results[99]?.failure)
        #expect(failure.path == bad && failure.step == "decode")
        #expect(failure.reason.contains("unsupported or corrupt"), "\(failure)")
        #expect(results[100]?.failure?.reason == "not found")
        #expect(results.values.filter { $0.success != nil }.count == 3)
    }

    @Test func aCancelledRunResumesWithOnlyTheRemainingSamples() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 6, in: dir.url)
        let spec = try Fixtures.spec(Self.spec)
        let cancellation = PipelineCancellation()
        let runner = try PipelineRunner(
            spec: spec, cache: dir.cache, featureSets: testFeatureSets,
            options: .init(jobs: 1, cancellation: cancellation))
        var done: Set<Int64> = []
        runner.run(inputs) { input, result in
            #expect(result.success != nil)
            done.insert(input.sampleID)
            if done.count == 2 { cancellation.cancel() }
        }
        #expect(done.count == 2)
        let resumed = try Fixtures.run(spec, inputs, cache: dir.cache, jobs: 2)
        #expect(resumed.count == 6)
        for (id, result) in resumed {
            let output = try #require(result.success)
            #expect(output.fullyCached == done.contains(id))
            #expect(output.cacheHits.contains(true) == done.contains(id))
        }
    }

    @Test func shardsPartitionTheWorkByChecksumWhateverTheOrder() throws {
        let checksums = (0..<200).map { "checksum-\($0 * 7919)" }
        let shards = (0..<3).map { Shard(index: $0, count: 3)! }
        for checksum in checksums {
            #expect(shards.filter { $0.contains(checksum: checksum) }.count == 1)
        }
        let sizes = shards.map { shard in checksums.filter { shard.contains(checksum: $0) }.count }
        #expect(sizes.allSatisfy { $0 > 40 }, "\(sizes)")
        #expect(Shard(parsing: "2/3") == shards[2])
        #expect(Shard(parsing: "3/3") == nil && Shard(parsing: "x") == nil && Shard(parsing: "0/0") == nil)

        // Through the runner: a shard processes the same samples whether run alone or among others.
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 6, in: dir.url)
        let spec = try Fixtures.spec("steps:\n  - decode\n")
        let all = try Fixtures.run(spec, inputs, cache: dir.cache, shard: shards[1])
        let reversed = try Fixtures.run(spec, inputs.reversed(), cache: dir.cache, shard: shards[1])
        let subset = try Fixtures.run(spec, Array(inputs.prefix(3)), cache: dir.cache, shard: shards[1])
        #expect(Set(all.keys) == Set(reversed.keys))
        #expect(Set(subset.keys) == Set(all.keys).intersection(inputs.prefix(3).map(\.sampleID)))
    }

    @Test func writesTheProcessedAudioAndRedoesItWhenTheFileIsGone() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 1, in: dir.url)
        let out = dir.url.appendingPathComponent("out").path
        let spec = try Fixtures.spec(
            "steps:\n  - decode\n  - resample: {rate: 16000}\n  - write: {directory: \(out), format: flac}\n")
        let first = try #require(try Fixtures.run(spec, inputs, cache: dir.cache)[1]?.success)
        let path = out + "/1.flac"
        let info = try AudioFileInfo.read(path: path)
        #expect(info.container == "flac" && info.sampleRate == 16_000)
        #expect(abs(info.duration - first.metadata.processedDuration) < 1e-9)
        try FileManager.default.removeItem(atPath: path)
        let again = try #require(try Fixtures.run(spec, inputs, cache: dir.cache)[1]?.success)
        #expect(again.cacheHits == [true, true, false])
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
