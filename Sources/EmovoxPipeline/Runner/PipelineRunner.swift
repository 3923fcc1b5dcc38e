import Dispatch
import EmovoxFeatures
import Foundation

/// Runs a pipeline spec over a stream of inputs with a fixed pool of workers.
///
/// Workers pull inputs one at a time from the caller's sequence, so at most `jobs` samples are in
/// memory at once whatever the length of the work list. Each sample's result depends only on its
/// file, checksum and the spec, so outputs and cache entries are byte-identical for any `jobs`;
/// only the order in which the sink sees them varies.
public struct PipelineRunner: Sendable {
    /// Run settings.
    public struct Options: Sendable {
        /// Worker count; defaults to the number of active cores.
        public var jobs: Int
        /// Which part of the work list this process handles.
        public var shard: Shard
        /// Set to stop the run early (workers finish their current sample).
        public var cancellation: PipelineCancellation?
        /// Whether each source file is checked against its checksum first (catalogued samples
        /// must be; a checksum computed just now need not).
        public var verification: SourceVerification

        public init(
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard = .all,
            cancellation: PipelineCancellation? = nil, verification: SourceVerification = .none
        ) {
            self.jobs = max(1, jobs)
            self.shard = shard
            self.cancellation = cancellation
            self.verification = verification
        }
    }

    public let spec: PipelineSpec
    public let cache: PipelineCache
    public let options: Options
    private let processor: SampleProcessor

    /// Prepares `spec`: resolves its feature sets through `featureSets` and reads any noise clip.
    /// - Throws: ``PipelineSpecError`` (naming the spec file and line) for an unknown feature set
    ///   or an unreadable noise clip; nothing has run yet.
    public init(
        spec: PipelineSpec, cache: PipelineCache, featureSets: FeatureSetResolver, options: Options = Options()
    ) throws(PipelineSpecError) {
        self.spec = spec
        self.cache = cache
        self.options = options
        var prepared: [PreparedStep] = []
        for step in spec.steps {
            prepared.append(try PreparedStep(step, specFile: spec.source, resolver: featureSets))
        }
        processor = SampleProcessor(steps: prepared, cache: cache, verification: options.verification)
    }

    /// Cache keys of every step for a sample with this source checksum (no audio is read). The union
    /// over all live samples is the `keep` set for ``PipelineCache/gc(keep:)``.
    public func stepKeys(checksum: String) -> [CacheKey] {
        processor.keys(checksum: checksum)
    }

    /// The index in ``stepKeys(checksum:)`` of the key `SampleOutput.audioKey` has once every step
    /// ran (the last step that changes the audio). A result recorded with another audio key came
    /// from other source bytes.
    public var finalAudioStep: Int? { processor.lastAudioStep }

    /// Records `output`, the finished result of a source whose decoded audio is identical to that
    /// of a source with `checksum` (the same samples in a file with other metadata chunks), as that
    /// source's last-step cache entry, and returns the output with that source's keys: what
    /// processing it would store and return, without decoding it. For building large benchmark
    /// catalogs that are genuinely all cached.
    /// - Throws: ``CacheWriteError`` when the entry cannot be written.
    public func storeFinalEntry(copying output: SampleOutput, checksum: String) throws -> SampleOutput {
        let keys = stepKeys(checksum: checksum)
        guard let final = keys.last, let audioStep = finalAudioStep else { return output }
        let entry = CacheEntry(metadata: output.metadata, features: output.features, audio: .reference(keys[audioStep]))
        try cache.write([(final, entry)])
        var copy = output
        copy.audioKey = keys[audioStep]
        copy.stepKeys = keys
        copy.cacheHits = [Bool](repeating: true, count: keys.count)
        copy.source = nil
        return copy
    }

    /// Whether the spec leaves files outside the cache (a `write` step), which a recorded result
    /// cannot vouch for.
    public var writesFiles: Bool {
        spec.steps.contains { if case .write = $0 { true } else { false } }
    }

    /// Processes one sample on the calling thread (ignores the shard).
    public func process(_ input: PipelineInput) -> Result<SampleOutput, PipelineFailure> {
        processor.process(input)
    }

    /// Processes every input of this shard.
    ///
    /// - Parameters:
    ///   - inputs: the work list, consumed lazily (it is iterated under a lock, one element at a time).
    ///   - progress: called after every finished sample, serially.
    ///   - sink: receives each result; called serially (never concurrently), in completion order.
    /// - Returns: the final counters.
    @discardableResult
    public func run<Inputs: Sequence<PipelineInput>>(
        _ inputs: Inputs, progress: ((PipelineProgress) -> Void)? = nil,
        sink: (PipelineInput, Result<SampleOutput, PipelineFailure>) -> Void
    ) -> PipelineProgress {
        let started = DispatchTime.now().uptimeNanoseconds
        // Held for the whole run so `cache gc` never removes what the workers write or read.
        let cacheLock = cache.lockForRun()
        defer { withExtendedLifetime(cacheLock) {} }
        let lock = NSLock()
        var iterator = inputs.makeIterator()
        var counters = PipelineProgress()
        let shard = options.shard
        let cancellation = options.cancellation

        /// Next input of this shard, or nil when the list is exhausted or the run was cancelled.
        func next() -> PipelineInput? {
            lock.withLock {
                while cancellation?.isCancelled != true, let input = iterator.next() {
                    if shard.contains(checksum: input.checksum) { return input }
                    counters.skipped += 1
                }
                return nil
            }
        }

        func worker() {
            while let input = next() {
                let result = processor.process(input)
                lock.withLock {
                    counters.processed += 1
                    switch result {
                    case .success(let output) where output.fullyCached: counters.cached += 1
                    case .success: break
                    case .failure: counters.failed += 1
                    }
                    counters.elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    sink(input, result)
                    progress?(counters)
                }
            }
        }

        withoutActuallyEscaping(worker) { worker in
            let box = UncheckedBox(worker)
            if options.jobs == 1 {
                box.value()
            } else {
                DispatchQueue.concurrentPerform(iterations: options.jobs) { _ in box.value() }
            }
        }
        counters.elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return counters
    }
}

/// Carries the worker closure into the concurrent pool. Safe because every piece of shared
/// mutable state it touches (iterator, counters, sink, progress) is accessed under one lock.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
