import EmovoxAudio
import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxPipeline

@Suite struct PipelineCacheTests {
    static func yaml(target: Double = -23) -> String {
        """
        steps:
          - decode
          - resample: {rate: 16000}
          - trim: {margin_ms: 20}
          - normalize: {target: \(target)}
          - features: {sets: [level]}
        """
    }

    /// Number of samples that computed (did not hit) each step.
    private func computations(_ results: [Int64: Result<SampleOutput, PipelineFailure>]) -> [Int] {
        let outputs = results.values.compactMap(\.success)
        return (0..<5).map { step in outputs.filter { !$0.cacheHits[step] }.count }
    }

    @Test func secondRunHitsEverythingAndChangingOneStepRecomputesOnlyFromThere() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 4, in: dir.url)
        let first = try Fixtures.run(try Fixtures.spec(Self.yaml()), inputs, cache: dir.cache)
        #expect(computations(first) == [4, 4, 4, 4, 4])

        let second = try Fixtures.run(try Fixtures.spec(Self.yaml()), inputs, cache: dir.cache)
        #expect(computations(second) == [0, 0, 0, 0, 0])
        #expect(second.values.allSatisfy { $0.success?.fullyCached == true })
        for id in first.keys { #expect(first[id]?.success?.ignoringHits == second[id]?.success?.ignoringHits) }

        let changed = try Fixtures.run(try Fixtures.spec(Self.yaml(target: -20)), inputs, cache: dir.cache)
        #expect(computations(changed) == [0, 0, 0, 4, 4])
        for id in first.keys {
            let a = try #require(first[id]?.success)
            let b = try #require(changed[id]?.success)
            #expect(Array(a.stepKeys.prefix(3)) == Array(b.stepKeys.prefix(3)))
            #expect(a.stepKeys[3] != b.stepKeys[3])
            #expect(abs(b.metadata.appliedGainDB - a.metadata.appliedGainDB - 3) < 1e-6)
        }
    }

    @Test func keysNeedNoAudioAndDependOnTheSourceChecksum() throws {
        let dir = try TemporaryDirectoryForCache()
        let runner = try PipelineRunner(
            spec: try Fixtures.spec(Self.yaml()), cache: dir.cache, featureSets: testFeatureSets)
        let a = runner.stepKeys(checksum: "aaaa")
        #expect(a.count == 5 && Set(a).count == 5)
        #expect(a == runner.stepKeys(checksum: "aaaa"))
        #expect(Set(a).isDisjoint(with: runner.stepKeys(checksum: "aaab")))
    }

    @Test func corruptOrTornEntriesAreDetectedAndRecomputed() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 2, in: dir.url)
        let spec = try Fixtures.spec(Self.yaml())
        let first = try Fixtures.run(spec, inputs, cache: dir.cache)
        let a = try #require(first[1]?.success)
        let b = try #require(first[2]?.success)
        // Sample 1: flip one byte in the middle of its normalize entry's payload and drop its
        // features entry, so the run must fall back to the normalize entry and find it corrupt.
        let normalizeKey = a.stepKeys[3]
        let normalizePath = dir.cache.path(for: normalizeKey)
        let normalizeRange = try #require(dir.cache.payloadRange(for: normalizeKey)).range
        var bytes = try Data(contentsOf: URL(fileURLWithPath: normalizePath))
        bytes[(normalizeRange.lowerBound + normalizeRange.upperBound) / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: normalizePath))
        try FileManager.default.removeItem(atPath: dir.cache.path(for: a.stepKeys[4]))
        // Sample 2: truncate the file holding its resampled audio and later entries, as a torn
        // write would: the audio (stored last) is lost, the small entries before it survive.
        let featuresPath = dir.cache.path(for: b.stepKeys[4])
        let torn = try Data(contentsOf: URL(fileURLWithPath: featuresPath))
        try torn.prefix(torn.count - 5).write(to: URL(fileURLWithPath: featuresPath))

        let again = try Fixtures.run(spec, inputs, cache: dir.cache)
        #expect(again[1]?.success?.cacheHits == [true, true, true, false, false])
        // Each entry carries its own checksum: sample 2's features entry is intact and serves the
        // run, while its torn audio is detected when read.
        #expect(again[2]?.success?.cacheHits == [true, true, true, true, true])
        #expect(dir.cache.audio(for: b.stepKeys[1]) == nil)
        #expect(again[1]?.success?.ignoringHits == a.ignoringHits)
        #expect(again[2]?.success?.ignoringHits == b.ignoringHits)
        let third = try Fixtures.run(spec, inputs, cache: dir.cache)
        #expect(third.values.allSatisfy { $0.success?.fullyCached == true })
    }

    @Test func statsAndGarbageCollection() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 3, in: dir.url)
        _ = try Fixtures.run(try Fixtures.spec(Self.yaml()), inputs, cache: dir.cache)
        #expect(dir.cache.stats().entries == 15)
        let changed = try Fixtures.run(try Fixtures.spec(Self.yaml(target: -20)), inputs, cache: dir.cache)
        let before = dir.cache.stats()
        #expect(before.entries == 21)
        let keep = Set(changed.values.compactMap(\.success).flatMap(\.stepKeys))
        let removed = dir.cache.gc(keep: keep)
        #expect(removed.entries == 6)
        let after = dir.cache.stats()
        #expect(after.entries == 15)
        #expect(after.bytes + removed.bytes == before.bytes)
        let rerun = try Fixtures.run(try Fixtures.spec(Self.yaml(target: -20)), inputs, cache: dir.cache)
        #expect(rerun.values.allSatisfy { $0.success?.fullyCached == true })
        // Files shared by several entries are counted once and freed with their last entry.
        let full = dir.cache.stats()
        let all = dir.cache.gc(keep: [])
        #expect(all == full)
        #expect(dir.cache.stats() == CacheStats(entries: 0, bytes: 0))
    }

    @Test func finalEntryReferencesTheAudioInsteadOfCopyingIt() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 1, in: dir.url)
        let output = try #require(
            try Fixtures.run(try Fixtures.spec(Self.yaml()), inputs, cache: dir.cache)[1]?.success)
        #expect(output.audioKey == output.stepKeys[3])
        // Its own payload is small, and it lives in the file holding the resampled audio (one
        // file per signal, not per step), as do the trim and normalize entries derived from it.
        #expect(try #require(dir.cache.payloadRange(for: output.stepKeys[4])).range.count < 1_000)
        func file(_ step: Int) throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: dir.cache.path(for: output.stepKeys[step]))[
                .systemFileNumber] as? Int
        }
        #expect(try file(0) != file(1))
        #expect(try [2, 3, 4].allSatisfy { try file($0) == file(1) })
        let audio = try #require(dir.cache.audio(for: output.stepKeys[4]))
        #expect(audio.sampleRate == 16_000)
        #expect(abs(audio.duration - output.metadata.processedDuration) < 1e-9)
    }
}

extension SampleOutput {
    /// The output with the cache-hit flags cleared, to compare results of cold and warm runs.
    var ignoringHits: SampleOutput {
        var copy = self
        copy.cacheHits = cacheHits.map { _ in false }
        return copy
    }
}
