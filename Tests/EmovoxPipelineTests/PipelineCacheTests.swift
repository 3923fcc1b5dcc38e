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
        // Four entries per sample: decoding feeds the resampler block by block, and its full-rate
        // signal is not cached.
        #expect(dir.cache.stats().entries == 12)
        let changed = try Fixtures.run(try Fixtures.spec(Self.yaml(target: -20)), inputs, cache: dir.cache)
        let before = dir.cache.stats()
        #expect(before.entries == 18)
        let keep = Set(changed.values.compactMap(\.success).flatMap(\.stepKeys))
        let removed = dir.cache.gc(keep: keep)
        #expect(removed.entries == 6)
        let after = dir.cache.stats()
        #expect(after.entries == 12)
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
        // One file per sample: the decoded signal went straight into the resampler, uncached.
        #expect(!dir.cache.contains(output.stepKeys[0]))
        #expect(try [2, 3, 4].allSatisfy { try file($0) == file(1) })
        let audio = try #require(dir.cache.audio(for: output.stepKeys[4]))
        #expect(audio.sampleRate == 16_000)
        #expect(abs(audio.duration - output.metadata.processedDuration) < 1e-9)
    }
}

@Suite struct PipelineCacheWriteTests {
    @Test func linkingANameThatAlreadyNamesTheFileLeavesNoTemporaryFile() throws {
        let dir = try TemporaryDirectoryForCache()
        let inputs = try Fixtures.vowelInputs(count: 1, in: dir.url)
        let output = try #require(
            try Fixtures.run(try Fixtures.spec(PipelineCacheTests.yaml()), inputs, cache: dir.cache)[1]?.success)
        let signal = try #require(dir.cache.read(output.stepKeys[1]))
        let small = try #require(dir.cache.read(output.stepKeys[4]))
        // The second link of `stepKeys[4]` finds the name already naming the same file, where
        // rename(2) does nothing — as when two identical runs link the same names at once.
        try dir.cache.write([(output.stepKeys[1], signal), (output.stepKeys[4], small), (output.stepKeys[4], small)])
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir.cache.directory)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
        #expect(dir.cache.read(output.stepKeys[4]) == small)
    }
}

@Suite struct LongSignalCacheTests {
    @Test func aLongSignalIsWrittenFromItsArrayAloneAndReadsBackBitIdentical() throws {
        let dir = try TemporaryDirectoryForCache()
        // Not 16-bit values: 65,536.5 is no power of two.
        let samples = (0..<(CacheEntry.streamedSignalLength + 3)).map { Float($0 & 0xFFFF) / 65_536.5 - 0.5 }
        var metadata = SampleMetadata()
        metadata.processedSampleRate = 16_000
        let signal = CacheEntry(metadata: metadata, features: [], audio: .inline(samples: samples, sampleRate: 16_000))
        let payload = signal.encodedPayload()
        let streamed = payload.samples != nil
        #expect(streamed)
        let bytes = signal.encode()
        #expect(payload.count == bytes.count)
        #expect(payload.digest() == bytes.withUnsafeBytes { XXHash64.hash($0) })
        let key = try #require(CacheKey(hex: String(repeating: "c", count: 64)))
        try dir.cache.write([(key, signal)])
        #expect(dir.cache.read(key) == signal)
        // Its samples are read straight into their array, and still checked: one flipped bit and
        // the entry is gone.
        let file = URL(fileURLWithPath: dir.cache.path(for: key))
        var damaged = try Data(contentsOf: file)
        damaged[damaged.count - 1_000] ^= 0x10
        try damaged.write(to: file)
        let damagedRead = dir.cache.read(key)
        #expect(damagedRead == nil)
        #expect(!dir.cache.contains(key))
        // A 16-bit-exact signal is still stored at half the size.
        let exact = CacheEntry(
            metadata: metadata, features: [],
            audio: .inline(samples: samples.indices.map { Float($0 & 0x7FFF) / 32_768 }, sampleRate: 16_000))
        let exactPayload = exact.encodedPayload()
        let exactStreamed = exactPayload.samples != nil
        #expect(!exactStreamed)
        #expect(exactPayload.count < 2 * samples.count + 1_000)
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
