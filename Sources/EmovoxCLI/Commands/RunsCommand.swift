import ArgumentParser
import EmovoxCatalog
import Foundation

/// `emovox runs`: the history of pipeline runs recorded in the catalog.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "The pipeline run history: spec, counts, failures, time.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self])
}

/// One run as `runs list` and `runs show` print it with `--json`.
struct RunReport: Encodable {
    var runId: Int64
    var spec: String
    var specHash: String
    var selection: String
    var shard: String
    var toolVersion: String
    var startedAt: String
    /// Nil while running, or when the run was killed before it finished.
    var finishedAt: String?
    var seconds: Double?
    var selected: Int
    var processed: Int
    var cached: Int
    var failed: Int
    /// Only in `runs show`: the spec's YAML and the failures still recorded for this run.
    var specText: String?
    var failures: [RunSummary.Failure]?

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case spec
        case specHash = "spec_hash"
        case selection, shard
        case toolVersion = "tool_version"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case seconds, selected, processed, cached, failed
        case specText = "spec_text"
        case failures
    }

    init(_ run: PipelineRunRecord) {
        let iso = ISO8601DateFormatter()
        runId = run.id ?? 0
        spec = run.specName
        specHash = run.specHash
        selection = run.selection
        shard = run.shard
        toolVersion = run.toolVersion
        startedAt = iso.string(from: run.startedAt)
        finishedAt = run.finishedAt.map(iso.string(from:))
        seconds = run.finishedAt.map { $0.timeIntervalSince(run.startedAt) }
        selected = run.selected
        processed = run.processed
        cached = run.cached
        failed = run.failed
    }

    var durationText: String { seconds.map { String(format: "%.1f s", $0) } ?? "unfinished" }
}

/// `emovox runs list`.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every run, newest first.")
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let runs = try options.openCatalogForReading().pipelineRuns().map(RunReport.init)
        if options.json {
            try JSONOutput.print(runs)
            return
        }
        var table = TextTable([
            "run", "spec", "spec hash", "started", "duration", "selected", "processed", "cached", "failed", "selection",
        ])
        for run in runs {
            table.add([
                String(run.runId), run.spec, String(run.specHash.prefix(12)), run.startedAt, run.durationText,
                String(run.selected), String(run.processed), String(run.cached), String(run.failed), run.selection,
            ])
        }
        print(table.render())
        print(Plural.count(runs.count, "run"))
    }
}

/// `emovox runs show ID`.
struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One run: its spec, counts, time and failures.")
    @Argument(help: "Run id (see `emovox runs list`).") var id: Int64
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog = try options.openCatalogForReading()
        let runs = try catalog.pipelineRuns()
        guard let record = runs.first(where: { $0.id == id }) else {
            throw UsageFailure.report(
                "no run with id \(id)"
                    + (runs.isEmpty
                        ? " (the catalog has none: emovox run SPEC)"
                        : " (ids \(runs.last?.id ?? 0)…\(runs.first?.id ?? 0))"),
                json: options.json)
        }
        var report = RunReport(record)
        report.specText = record.specText
        report.failures = try catalog.runFailures(runId: id).map {
            RunSummary.Failure(path: $0.path, step: $0.step, reason: $0.reason)
        }
        if options.json {
            try JSONOutput.print(report)
            return
        }
        var lines = [
            "run \(report.runId): spec \(report.spec) (\(report.specHash))",
            "selection \(report.selection), shard \(report.shard), emovox \(report.toolVersion)",
            "started \(report.startedAt), "
                + (report.finishedAt.map { "finished \($0) (\(report.durationText))" }
                    ?? "unfinished (still running, or stopped before the end)"),
            "\(report.selected) selected, \(report.processed) processed, \(report.cached) cached, "
                + "\(report.failed) failed",
            "", "spec:", report.specText ?? "",
        ]
        let failures = report.failures ?? []
        if !failures.isEmpty {
            lines.append(Plural.count(failures.count, "failure") + ":")
            lines += failures.map { "  \($0.path): \($0.step) failed: \($0.reason)" }
        }
        print(lines.joined(separator: "\n"))
    }
}
