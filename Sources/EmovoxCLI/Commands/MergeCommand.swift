import ArgumentParser
import EmovoxCatalog
import EmovoxPipeline
import Foundation

/// `emovox merge DIR…`: folds the private outputs of shards (`emovox run --shard-out`) into the
/// catalog and its cache.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Fold the outputs of sharded runs (run --shard-out DIR) into the catalog and its cache.",
        discussion: """
            Each shard's cache entries are copied first, then its run record, results and failures are \
            written in one transaction, so an interrupted merge can simply be run again; merging a shard \
            twice changes nothing. Shards must come from one spec and one catalog snapshot (the rows their \
            selection read), and the catalog must still select those rows. Shards that are missing or did \
            not finish are reported and the exit status is 1: run them again, then merge again.
            """)

    @Argument(help: "Shard output folders (the --shard-out of each shard).")
    var directories: [String]

    @OptionGroup var options: CacheOptions

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("give at least one shard output folder") }
    }

    /// One shard folder in the report.
    struct ShardReport: Encodable {
        var directory: String
        var shard: String?
        var results: Int?
        var failures: Int?
        var cacheEntries: Int?

        enum CodingKeys: String, CodingKey {
            case directory, shard, results, failures
            case cacheEntries = "cache_entries"
        }
    }

    struct Report: Encodable {
        var spec: String
        var specHash: String
        var snapshot: String
        var shardCount: Int
        var merged: [ShardReport] = []
        var alreadyMerged: [ShardReport] = []
        /// Shards whose run never recorded its end (killed, failed, still running).
        var unfinished: [ShardReport] = []
        /// Folders without shard output.
        var empty: [String] = []
        /// Shards (`i/N`) the catalog still lacks after this merge.
        var missing: [String] = []
        var complete: Bool { missing.isEmpty }

        enum CodingKeys: String, CodingKey {
            case spec, snapshot, merged, unfinished, empty, missing, complete
            case specHash = "spec_hash"
            case shardCount = "shard_count"
            case alreadyMerged = "already_merged"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(spec, forKey: .spec)
            try container.encode(specHash, forKey: .specHash)
            try container.encode(snapshot, forKey: .snapshot)
            try container.encode(shardCount, forKey: .shardCount)
            try container.encode(merged, forKey: .merged)
            try container.encode(alreadyMerged, forKey: .alreadyMerged)
            try container.encode(unfinished, forKey: .unfinished)
            try container.encode(empty, forKey: .empty)
            try container.encode(missing, forKey: .missing)
            try container.encode(complete, forKey: .complete)
        }
    }

    func run() throws {
        let (shards, empty) = try readShards()
        guard let first = shards.first else {
            throw CommandError("no shard output in \(directories.joined(separator: ", ")): nothing to merge")
        }
        let count = Shard(parsing: first.run.shard)?.count ?? 1
        try checkOneRun(shards)
        let catalog = try options.catalog.openCatalog()
        let current = try catalog.selectionSnapshot(filter: try first.origin.filter())
        if current.hash != first.run.snapshot {
            throw CommandError(
                "\(ShardMergeError.snapshotChanged(directory: first.store.directory, shard: first.run.shard, recorded: first.run.snapshot ?? "", current: current))"
            )
        }
        let cache = try options.open()
        var report = Report(
            spec: first.run.specName, specHash: first.run.specHash, snapshot: first.run.snapshot ?? "",
            shardCount: count, empty: empty)
        for shard in shards {
            var entry = ShardReport(directory: shard.store.directory, shard: shard.run.shard)
            guard shard.run.finishedAt != nil else {
                report.unfinished.append(entry)
                continue
            }
            do {
                let added = try cache.merge(from: PipelineCache(directory: shard.store.cacheDirectory))
                switch try catalog.merge(shard: shard.store) {
                case .merged(let results, let failures):
                    entry.results = results
                    entry.failures = failures
                    entry.cacheEntries = added.entries
                    report.merged.append(entry)
                case .alreadyMerged:
                    entry.cacheEntries = added.entries
                    report.alreadyMerged.append(entry)
                }
            } catch let error as ShardMergeError {
                throw CommandError("\(error)")
            } catch {
                throw CommandError("\(shard.store.directory): cannot merge shard \(shard.run.shard): \(error)")
            }
        }
        let present = try catalog.mergedShards(specHash: report.specHash, snapshot: report.snapshot)
        report.missing = (0..<count).map { "\($0)/\(count)" }.filter { !present.contains($0) }
        if options.catalog.json {
            try JSONOutput.print(report)
        } else {
            printText(report)
        }
        if !report.complete { throw ExitCode(1) }
    }

    private struct ShardOutput {
        var store: ShardStore
        var run: PipelineRunRecord
        var origin: SampleSelection
    }

    /// Every folder's shard output, and the folders that hold none.
    private func readShards() throws -> ([ShardOutput], [String]) {
        var shards: [ShardOutput] = []
        var empty: [String] = []
        for directory in directories {
            do {
                let store = try ShardStore(readingFrom: directory)
                guard let run = try store.run(), let origin = try store.selection(), run.snapshot != nil else {
                    empty.append(directory)
                    continue
                }
                shards.append(ShardOutput(store: store, run: run, origin: origin.selection))
            } catch ShardError.noOutput {
                empty.append(directory)
            } catch let error as ShardError {
                throw CommandError("\(error)")
            } catch {
                throw CommandError("\(directory): cannot read the shard output: \(error)")
            }
        }
        return (shards, empty)
    }

    /// Refuses folders that are not shards of the same run as the first: another spec, another
    /// catalog snapshot, another number of shards, or the same shard twice.
    private func checkOneRun(_ shards: [ShardOutput]) throws {
        let first = shards[0]
        let reference = "\(first.store.directory) (shard \(first.run.shard) of spec '\(first.run.specName)')"
        var seen: [String: String] = [:]
        for shard in shards {
            let run = shard.run
            let name = "\(shard.store.directory): shard \(run.shard)"
            if run.specHash != first.run.specHash {
                throw CommandError(
                    "\(name) ran spec '\(run.specName)' (\(run.specHash.prefix(12))), not the spec of \(reference) "
                        + "(\(first.run.specHash.prefix(12))): refusing to merge shards of different specs")
            }
            if run.snapshot != first.run.snapshot {
                throw CommandError(
                    "\(name) read another catalog snapshot (\(run.snapshot?.prefix(12) ?? "?")) than \(reference) "
                        + "(\(first.run.snapshot?.prefix(12) ?? "?")): refusing to merge shards of different snapshots")
            }
            if Shard(parsing: run.shard)?.count != Shard(parsing: first.run.shard)?.count {
                throw CommandError("\(name) is one of another number of shards than \(reference)")
            }
            if let other = seen[run.shard] {
                throw CommandError("\(other) and \(shard.store.directory) both hold shard \(run.shard)")
            }
            seen[run.shard] = shard.store.directory
        }
    }

    private func printText(_ report: Report) {
        for shard in report.merged {
            print(
                "shard \(shard.shard ?? "?") (\(shard.directory)): merged "
                    + "\(Plural.count(shard.results ?? 0, "result")), \(Plural.count(shard.failures ?? 0, "failure")), "
                    + "\(Plural.count(shard.cacheEntries ?? 0, "cache entry", "cache entries"))")
        }
        for shard in report.alreadyMerged {
            print("shard \(shard.shard ?? "?") (\(shard.directory)): already merged")
        }
        for shard in report.unfinished {
            printError(
                "\(shard.directory): shard \(shard.shard ?? "?") did not finish (killed, failed or still running): "
                    + "run it again, then merge again")
        }
        for directory in report.empty {
            printError("\(directory): no shard output (\(ShardStore.databaseName)): the shard never started")
        }
        let merged = report.shardCount - report.missing.count
        let status =
            report.complete
            ? "complete"
            : "missing \(report.missing.joined(separator: ", ")): run those shards, then merge again"
        print(
            "spec \(report.spec) (\(report.specHash.prefix(12))), snapshot \(report.snapshot.prefix(12)): "
                + "\(merged) of \(report.shardCount) shards merged; \(status)")
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
