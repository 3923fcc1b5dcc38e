import EmovoxAudio
import EmovoxCatalog
import EmovoxPipeline
import Foundation

/// Runs a pipeline spec over catalogued samples and records everything in the catalog: shared by
/// `emovox run` and `emovox demo`.
///
/// Results and failures are written in batches, each in one transaction, from the runner's serial
/// sink. A process killed mid-run therefore loses at most one batch of catalog rows, and the
/// samples of that batch are still in the step cache, so running the same command again only
/// computes the samples that never finished.
struct PipelineExecution {
    /// Rows written per transaction unless told otherwise.
    static let defaultBatchSize = 64
    /// A batch is also written when this many seconds passed since the last one, so slow runs
    /// keep their progress too.
    static let batchInterval: TimeInterval = 5

    let spec: PipelineSpec
    let specText: String
    let specHash: String
    let runner: PipelineRunner
    let shard: Shard
    private let cancellation: PipelineCancellation

    /// Prepares `spec` (resolving its feature sets and reading any noise clip) without touching
    /// the catalog.
    /// - Throws: `PipelineSpecError` naming the spec file and line.
    ///
    /// - Parameter reimportChanged: process a file whose bytes changed since import under its new
    ///   checksum and record that checksum, instead of failing the sample.
    init(
        spec: PipelineSpec, specText: String, cache: PipelineCache, jobs: Int, shard: Shard,
        reimportChanged: Bool = false
    ) throws(PipelineSpecError) {
        let cancellation = PipelineCancellation()
        let runner = try PipelineRunner(
            spec: spec, cache: cache, featureSets: FeatureSetResolution.resolver,
            options: .init(
                jobs: jobs, shard: shard, cancellation: cancellation,
                verification: reimportChanged ? .reimportChanged : .failChanged))
        self.spec = spec
        self.specText = specText
        self.specHash = SpecIdentity.hash(of: runner)
        self.runner = runner
        self.shard = shard
        self.cancellation = cancellation
    }

    /// Prepares and runs `spec` in one call, e.g. for `emovox demo`:
    /// `PipelineExecution.run(spec: try LoadedSpec.load("default"), catalog: catalog)`.
    ///
    /// - Parameter cache: the step cache; by default `emovox-cache` beside the catalog.
    static func run(
        spec: LoadedSpec, catalog: Catalog, filter: SampleFilter = .all, selection: String = "all",
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard = .all, cache: PipelineCache? = nil,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> RunSummary {
        let cache = try cache ?? PipelineCache(directory: CacheLocation.defaultDirectory(database: catalog.path))
        return try PipelineExecution(spec: spec.spec, specText: spec.text, cache: cache, jobs: jobs, shard: shard)
            .execute(catalog: catalog, filter: filter, selection: selection, progress: progress)
    }

    /// Processes this shard of the samples `filter` selects and records the run, its results and
    /// its failures. Each failure is also logged as `path: step failed: reason`.
    ///
    /// - Parameters:
    ///   - selection: the selection as the user wrote it, stored with the run.
    ///   - output: a shard's private output (`run --shard-out`): the run, its results and failures
    ///     are recorded there, with the snapshot of the selection, and the catalog is only read.
    ///   - progress: called after every sample with the count finished and this shard's total.
    /// - Throws: when the catalog cannot be read or written (the run stops early).
    func execute(
        catalog: Catalog, filter: SampleFilter, selection: String, batchSize: Int = defaultBatchSize,
        output: ShardStore? = nil, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> RunSummary {
        let started = Date()
        let sources = try catalog.sampleSources(filter: filter)
        let mine = sources.filter { shard.contains(checksum: $0.checksum) }
        let store: any PipelineRunStore = output ?? catalog
        var record = PipelineRunRecord(
            specName: spec.name, specHash: specHash, specText: specText, toolVersion: EmovoxVersion.current,
            shard: shard.description, selection: selection, startedAt: Date())
        if output != nil { record.snapshot = SelectionSnapshot(sources: sources).hash }
        // Samples already done under this spec, for the files as they are now, are not read again.
        // A shard records everything it covers in its own output (merge needs every row), so it
        // skips nothing.
        let done =
            output == nil
            ? try RecordedResultFilter.partition(
                mine, catalog: catalog, specHash: specHash, runner: runner, jobs: runner.options.jobs)
            : RecordedResultFilter.Partition(recorded: 0, recordedAudioSeconds: 0, remaining: mine)
        var run = try store.startRun(record)
        run.selected = sources.count
        run.processed = done.recorded
        run.cached = done.recorded
        guard let runId = run.id else { throw CommandError("the catalog did not assign a run id") }

        var batch = RecordBatch(store: store, runId: runId, specHash: specHash)
        var failures: [RunSummary.Failure] = []
        var audioSeconds = done.recordedAudioSeconds
        var writeError: Error?
        var lastWrite = Date()
        let total = mine.count
        if done.recorded > 0 {
            try store.updateRun(run)
            progress?(done.recorded, total)
        }
        let inputs = done.remaining.lazy.map {
            PipelineInput(sampleID: $0.id, path: $0.absolutePath, checksum: $0.checksum, stamp: $0.stamp)
        }

        func writeBatch() {
            guard writeError == nil, !batch.isEmpty else { return }
            do {
                try batch.write()
                try store.updateRun(run)
            } catch {
                writeError = error
                cancellation.cancel()
            }
            lastWrite = Date()
        }

        runner.run(
            inputs, progress: { progress?(done.recorded + $0.processed, total) },
            sink: { input, result in
                run.processed += 1
                switch result {
                case .success(let output):
                    if output.fullyCached { run.cached += 1 }
                    audioSeconds += output.metadata.originalDuration
                    batch.results.append(ProcessingResult(sampleId: input.sampleID, output: output))
                    if let source = output.source {
                        // Re-imported bytes bring their header along; a new stamp alone does not.
                        let header =
                            source.checksum != input.checksum ? try? AudioFileInfo.read(path: input.path) : nil
                        if header != nil { log.warning("\(input.path): changed since import; re-imported") }
                        batch.sources.append((input.sampleID, source, header))
                    }
                case .failure(let failure):
                    run.failed += 1
                    log.error("\(failure.path): \(failure.step) failed: \(failure.reason)")
                    failures.append(.init(path: failure.path, step: failure.step, reason: failure.reason))
                    batch.failures.append((input.sampleID, failure.step, failure.reason))
                }
                if batch.count >= batchSize || Date().timeIntervalSince(lastWrite) >= Self.batchInterval {
                    writeBatch()
                }
            })
        writeBatch()
        if let writeError {
            throw CommandError("cannot record the run in \(output?.databasePath ?? "the catalog"): \(writeError)")
        }
        run.finishedAt = Date()
        try store.updateRun(run)

        return RunSummary(
            runId: runId, spec: spec.name, specHash: specHash, selected: sources.count, processed: run.processed,
            cached: run.cached, failed: run.failed, skipped: sources.count - total,
            seconds: Date().timeIntervalSince(started),
            audioSeconds: audioSeconds,
            failures: failures.sorted { ($0.path, $0.step) < ($1.path, $1.step) })
    }
}

/// Rows waiting to be written in one transaction.
private struct RecordBatch {
    let store: any PipelineRunStore
    let runId: Int64
    let specHash: String
    var results: [ProcessingResult] = []
    var failures: [(sampleId: Int64, step: String, reason: String)] = []
    /// Source files whose checksum or stamp the run found different from the catalog's.
    var sources: [(sampleId: Int64, source: VerifiedSource, header: AudioFileInfo?)] = []

    var count: Int { results.count + failures.count }
    var isEmpty: Bool { count == 0 }

    mutating func write() throws {
        try store.recordVerifiedSources(sources)
        try store.record(runId: runId, specHash: specHash, results: results, failures: failures)
        results.removeAll(keepingCapacity: true)
        failures.removeAll(keepingCapacity: true)
        sources.removeAll(keepingCapacity: true)
    }
}
