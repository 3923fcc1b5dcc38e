import Dispatch
import EmovoxCatalog
import EmovoxPipeline

/// Splits a run's work list into the samples whose result under the spec is already in the
/// catalog for the file as it is now, and the rest.
///
/// A recorded sample is skipped (counted as cached) without reading its cache entries or writing
/// its rows again: its result under this spec hash is recorded, no failure followed it, it was
/// computed from the same source bytes (its audio key is rooted in the current checksum), and
/// the file's size and modification time still equal the ones recorded with that checksum. That
/// is what makes a re-run over a million done samples take seconds: one query for all results
/// and one `stat` per file, instead of a cache read and six row writes per sample. Its last step's
/// cache entry must exist too, so a run pointed at another (or a cleared) cache fills it. Anything else
/// (a changed or unstamped file, a failure, another checksum, a spec that writes files) goes
/// through the runner as before.
struct RecordedResultFilter {
    /// Samples to skip, their total source duration (seconds), and the samples to process.
    struct Partition {
        var recorded: Int
        var recordedAudioSeconds: Double
        var remaining: [SampleSource]
    }

    static func partition(
        _ sources: [SampleSource], catalog: Catalog, specHash: String, runner: PipelineRunner, jobs: Int
    ) throws -> Partition {
        guard !runner.writesFiles, !sources.isEmpty, let audioStep = runner.finalAudioStep else {
            return Partition(recorded: 0, recordedAudioSeconds: 0, remaining: sources)
        }
        let results = try catalog.recordedResults(specHash: specHash)
        guard !results.isEmpty else { return Partition(recorded: 0, recordedAudioSeconds: 0, remaining: sources) }

        // One verdict per source, decided in parallel: the key derivation (a few SHA-256) and the
        // `stat` dominate.
        var durations = [Double](repeating: -1, count: sources.count)
        let chunk = 4096
        durations.withUnsafeMutableBufferPointer { buffer in
            let output = SendableBuffer(buffer)
            let work = { (part: Int) in
                for index in part * chunk..<min(sources.count, (part + 1) * chunk) {
                    let source = sources[index]
                    guard let recorded = results[source.id], let stamp = source.stamp else { continue }
                    let keys = runner.stepKeys(checksum: source.checksum)
                    guard let final = keys.last, keys[audioStep].hex == recorded.audioKey,
                        runner.cache.contains(final), SourceStamp.current(path: source.absolutePath) == stamp
                    else { continue }
                    output.buffer[index] = recorded.originalDuration
                }
            }
            let parts = (sources.count + chunk - 1) / chunk
            if jobs == 1 || parts == 1 {
                for part in 0..<parts { work(part) }
            } else {
                let box = SendableWork(work)
                DispatchQueue.concurrentPerform(iterations: parts) { box.work($0) }
            }
        }
        var partition = Partition(recorded: 0, recordedAudioSeconds: 0, remaining: [])
        for (source, duration) in zip(sources, durations) {
            if duration >= 0 {
                partition.recorded += 1
                partition.recordedAudioSeconds += duration
            } else {
                partition.remaining.append(source)
            }
        }
        return partition
    }
}

/// Disjoint slices of one buffer, written by the parallel workers above (each index by one worker).
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}

/// The worker closure: it reads shared immutable inputs and writes only its own slice.
private struct SendableWork: @unchecked Sendable {
    let work: (Int) -> Void
    init(_ work: @escaping (Int) -> Void) { self.work = work }
}
