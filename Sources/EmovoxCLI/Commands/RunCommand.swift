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
            (0-based); on a cluster, add --shard-out (below). Exits non-zero when \
            nothing succeeded, or with --strict when any sample failed. Each file is checked against the \
            checksum recorded at import (hashed again only when its size or modification time changed): \
            a changed file fails its sample (step 'checksum') unless --reimport-changed is given.

            --shard-out DIR makes a shard with private outputs: the catalog is only read, and the run \
            record, results, failures and cache entries go to DIR (emovox-shard.sqlite, emovox-cache/); \
            'emovox merge DIR…' folds the shards into the catalog. Without --shard, the shard is taken \
            from SLURM_ARRAY_TASK_ID (of SLURM_ARRAY_TASK_COUNT, or SLURM_ARRAY_TASK_MIN…MAX) or from \
            JOB_COMPLETION_INDEX (of --shards N or $EMOVOX_SHARDS).
            """)

    @Argument(help: "Pipeline spec: a name from Pipelines/ (default, denoise, …) or a path to a YAML file.")
    var spec: String

    @OptionGroup var selection: SelectionOptions

    @Option(help: "Worker threads; results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Process only part i of N (0-based), e.g. 0/4 … 3/4; parts are disjoint and cover everything.")
    var shard: String?

    @Option(
        help: """
            Write this shard's run record, results, failures and cache entries to this folder instead of \
            the catalog and its cache (which are only read); merge them with 'emovox merge'.
            """)
    var shardOut: String?

    @Option(
        help: """
            With --shard-out and no --shard: the number of shards, the engine's index (JOB_COMPLETION_INDEX, \
            SLURM_ARRAY_TASK_ID) naming the shard (default $EMOVOX_SHARDS).
            """)
    var shards: Int?

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
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1") }
        if shards != nil && (shardOut == nil || shard != nil) {
            throw ValidationError("--shards goes with --shard-out (the engine names the shard), not with --shard")
        }
        if shardOut != nil {
            // A shard writes nothing outside its folder, and its snapshot of the catalog is fixed.
            if cache != nil {
                throw ValidationError("--cache cannot be combined with --shard-out: a shard caches in its own folder")
            }
            if reimportChanged {
                throw ValidationError(
                    "--reimport-changed cannot be combined with --shard-out: a shard does not write the catalog")
            }
        }
    }

    /// The shard to process: `--shard`, else (with `--shard-out`) the one the cluster engine names.
    private func resolvedShard() throws -> Shard {
        if let shard { return Shard(parsing: shard) ?? .all }
        guard shardOut != nil else { return .all }
        return try EngineShard.resolve(environment: ProcessInfo.processInfo.environment, shards: shards)
    }

    func run() throws {
        // Everything that can be wrong with the spec is found before the catalog is opened.
        let loaded = try LoadedSpec.load(spec)
        let part = try resolvedShard()
        var isFolder: ObjCBool = false
        if let shardOut, FileManager.default.fileExists(atPath: shardOut, isDirectory: &isFolder), !isFolder.boolValue {
            throw CommandError("--shard-out \(shardOut) is a file, not a folder")
        }
        let cacheDirectory =
            shardOut.map { "\($0)/\(ShardStore.cacheName)" } ?? cache
            ?? CacheLocation.defaultDirectory(database: options.db)
        let cacheExisted = FileManager.default.fileExists(atPath: cacheDirectory)
        let execution: PipelineExecution
        let catalog: Catalog
        let output: ShardStore?
        let check: SelectionCheck
        do {
            execution = try PipelineExecution(
                spec: loaded.spec, specText: loaded.text, cache: try PipelineCache(directory: cacheDirectory),
                jobs: jobs, shard: part, reimportChanged: reimportChanged)
            // A shard only reads the catalog (see ShardStore).
            catalog = try shardOut == nil ? options.openCatalog() : options.openCatalogSnapshot()
            check = try SelectionCheck.run(selection, catalog: catalog, json: options.json)
            output = try shardOut.map {
                try ShardStore(creatingIn: $0, selection: selection.selection, catalog: options.db)
            }
        } catch {
            if !cacheExisted { removeIfEmpty(cacheDirectory) }
            throw error
        }
        let bar = ProgressBar(label: "run \(loaded.spec.name)")
        let summary = try execution.execute(
            catalog: catalog, filter: try selection.filter(), selection: selectionText, batchSize: batch,
            output: output, progress: { bar.update(done: $0, total: $1) })

        if options.json {
            try JSONOutput.print(WithWarnings(value: summary, warnings: check.warnings))
        } else {
            let rate = summary.seconds > 0 ? summary.audioSeconds / summary.seconds : 0
            print(
                "\(summary.spec) (\(summary.specHash.prefix(12))), run \(summary.runId): "
                    + "\(summary.processed) processed, \(summary.cached) cached, \(summary.failed) failed"
                    + (summary.skipped > 0 ? ", \(summary.skipped) in other shards" : "")
                    + String(format: " in %.1f s (%.1f audio-s/s)", summary.seconds, rate))
            if let shardOut {
                print("shard \(part) written to \(shardOut); fold the shards into the catalog with: emovox merge DIR…")
            }
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
