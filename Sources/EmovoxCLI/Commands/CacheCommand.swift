import ArgumentParser
import EmovoxCatalog
import EmovoxPipeline
import Foundation

/// `emovox cache`: size and garbage collection of the step cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect or clean the pipeline's step cache.",
        subcommands: [CacheStatsCommand.self, CacheGCCommand.self])
}

/// `--cache` plus the catalog options, shared by the cache subcommands.
struct CacheOptions: ParsableArguments {
    @Option(help: "Step cache folder (default: emovox-cache beside the catalog).")
    var cache: String?

    @OptionGroup var catalog: CatalogOptions

    var directory: String { cache ?? CacheLocation.defaultDirectory(database: catalog.db) }

    func open() throws -> PipelineCache {
        do {
            return try PipelineCache(directory: directory)
        } catch {
            throw CommandError("cannot open the cache \(directory): \(error)")
        }
    }
}

/// `emovox cache stats`.
struct CacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Number of cache entries and their total size.")

    @OptionGroup var options: CacheOptions

    struct Report: Encodable {
        var directory: String
        var entries: Int
        var bytes: Int64
    }

    func run() throws {
        let stats = try options.open().stats()
        let report = Report(directory: options.directory, entries: stats.entries, bytes: stats.bytes)
        if options.catalog.json {
            try JSONOutput.print(report)
        } else {
            print(
                "\(report.directory): \(Plural.count(report.entries, "entry", "entries")), \(ByteCount.text(report.bytes))"
            )
        }
    }
}

/// `emovox cache gc`.
struct CacheGCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove cache entries no catalogued sample needs.",
        discussion: """
            Keeps every step of every catalogued sample under every spec recorded in a pipeline run; \
            everything else (entries of deleted or changed files, of specs never recorded) is removed. \
            A recorded spec that no longer parses keeps nothing, and is named on standard error. Safe \
            while runs use the cache: it then spares every file changed in the last hour, and it never \
            removes a file being written.
            """)

    @OptionGroup var options: CacheOptions

    struct Report: Encodable {
        var directory: String
        var removedEntries: Int
        var removedBytes: Int64
        var keptEntries: Int
        var keptBytes: Int64
        /// Hashes of recorded specs that could not be rebuilt.
        var unusableSpecs: [String]
        /// True when runs were using the cache, so recent files were spared.
        var runsInProgress: Bool

        enum CodingKeys: String, CodingKey {
            case directory
            case removedEntries = "removed_entries"
            case removedBytes = "removed_bytes"
            case keptEntries = "kept_entries"
            case keptBytes = "kept_bytes"
            case unusableSpecs = "unusable_specs"
            case runsInProgress = "runs_in_progress"
        }
    }

    func run() throws {
        let catalog = try options.catalog.openCatalogForReading()
        let cache = try options.open()
        // Taken before the catalog is read: a run that starts meanwhile waits for the collection.
        let lock = cache.lockForCollection()
        if lock == nil {
            log.warning(
                "runs are using the cache: files changed in the last \(Int(PipelineCache.activeRunGrace / 60)) minutes are kept"
            )
        }
        let checksums = try catalog.sampleChecksums()
        var keep = Set<CacheKey>()
        var unusable: [String] = []
        for (hash, text) in try catalog.runSpecs() {
            do {
                let spec = try PipelineSpec.parse(yaml: text, file: "recorded spec \(hash.prefix(12))")
                let runner = try PipelineRunner(spec: spec, cache: cache, featureSets: FeatureSetResolution.resolver)
                for checksum in checksums { keep.formUnion(runner.stepKeys(checksum: checksum)) }
            } catch {
                log.warning("\(error); its cache entries are not kept")
                unusable.append(hash)
            }
        }
        let removed = cache.gc(keep: keep, sparingFilesYoungerThan: lock == nil ? PipelineCache.activeRunGrace : 0)
        withExtendedLifetime(lock) {}
        let kept = cache.stats()
        let report = Report(
            directory: options.directory, removedEntries: removed.entries, removedBytes: removed.bytes,
            keptEntries: kept.entries, keptBytes: kept.bytes, unusableSpecs: unusable, runsInProgress: lock == nil)
        if options.catalog.json {
            try JSONOutput.print(report)
        } else {
            print(
                "\(report.directory): removed \(Plural.count(report.removedEntries, "entry", "entries")) (\(ByteCount.text(report.removedBytes))), "
                    + "kept \(report.keptEntries) (\(ByteCount.text(report.keptBytes)))")
        }
    }
}

/// Human-readable byte counts (binary units).
enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
