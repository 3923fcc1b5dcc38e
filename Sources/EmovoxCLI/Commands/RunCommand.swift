import ArgumentParser
import EmovoxCatalog
import EmovoxPipeline
import Foundation

/// `emovox run <spec>`: preprocess catalogued samples and store their features.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline spec (a name from Pipelines/ or a path) over catalogued samples.",
        discussion: """
            Every step's result is cached under a key derived from the source file's checksum and the \
            parameters of that step and all before it, so re-running finishes only what is missing, and \
            changing a step recomputes that step and the ones after it. Results are recorded in batches: \
            a killed run resumes where it stopped. --shard i/N processes the i-th of N disjoint parts \
            (0-based), e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT. Exits non-zero when \
            nothing succeeded, or with --strict when any sample failed. Each file is checked against the \
            checksum recorded at import (hashed again only when its size or modification time changed): \
            a changed file fails its sample (step 'checksum') unless --reimport-changed is given.
            """)

    @Argument(help: "Pipeline spec: a name from Pipelines/ (default, denoise, …) or a path to a YAML file.")
    var spec: String

    @OptionGroup var selection: SelectionOptions

    @Option(help: "Worker threads; results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Process only part i of N (0-based), e.g. 0/4 … 3/4; parts are disjoint and cover everything.")
    var shard: String?

    @Option(help: "Step cache folder (default: emovox-cache beside the catalog).")
    var cache: String?

    @Flag(help: "Exit non-zero when any sample fails.")
    var strict = false

    @Flag(
        help: """
            Re-import files whose bytes changed since import (record their new checksum) and process \
            them, instead of failing those samples.
            """)
    var reimportChanged = false

    // Smaller batches make the kill-and-resume test quick; not a user-facing knob.
    @Option(help: .hidden)
    var batch = PipelineExecution.defaultBatchSize

    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard must be i/N with 0 <= i < N, e.g. 0/4")
        }
    }

    func run() throws {
        // Everything that can be wrong with the spec is found before the catalog is opened.
        let loaded = try LoadedSpec.load(spec)
        let cacheDirectory = cache ?? CacheLocation.defaultDirectory(database: options.db)
        let cacheExisted = FileManager.default.fileExists(atPath: cacheDirectory)
        let execution: PipelineExecution
        do {
            execution = try PipelineExecution(
                spec: loaded.spec, specText: loaded.text, cache: try PipelineCache(directory: cacheDirectory),
                jobs: jobs, shard: shard.flatMap(Shard.init(parsing:)) ?? .all, reimportChanged: reimportChanged)
        } catch {
            if !cacheExisted { removeIfEmpty(cacheDirectory) }
            throw error
        }
        let catalog = try options.openCatalog()
        let check: SelectionCheck
        do {
            check = try SelectionCheck.run(selection, catalog: catalog, json: options.json)
        } catch {
            if !cacheExisted { removeIfEmpty(cacheDirectory) }
            throw error
        }
        let bar = ProgressBar(label: "run \(loaded.spec.name)")
        let summary = try execution.execute(
            catalog: catalog, filter: try selection.filter(), selection: selectionText, batchSize: batch,
            progress: { bar.update(done: $0, total: $1) })

        if options.json {
            try JSONOutput.print(WithWarnings(value: summary, warnings: check.warnings))
        } else {
            let rate = summary.seconds > 0 ? summary.audioSeconds / summary.seconds : 0
            print(
                "\(summary.spec) (\(summary.specHash.prefix(12))), run \(summary.runId): "
                    + "\(summary.processed) processed, \(summary.cached) cached, \(summary.failed) failed"
                    + (summary.skipped > 0 ? ", \(summary.skipped) in other shards" : "")
                    + String(format: " in %.1f s (%.1f audio-s/s)", summary.seconds, rate))
        }
        if summary.processed > 0 && summary.succeeded == 0 { throw ExitCode(1) }
        if strict && summary.failed > 0 { throw ExitCode(1) }
    }

    /// The selection as typed, recorded with the run.
    private var selectionText: String {
        var parts: [String] = []
        if let corpus = selection.corpus { parts.append("--corpus \(corpus)") }
        if let condition = selection.condition { parts.append("--where \"\(condition)\"") }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }

    private func removeIfEmpty(_ directory: String) {
        if (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
