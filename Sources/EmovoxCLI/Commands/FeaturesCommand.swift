import ArgumentParser
import EmovoxCatalog
import Foundation

/// `emovox features`: list and export stored feature values.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "List or export the feature values pipeline runs stored.",
        subcommands: [FeaturesExportCommand.self, FeaturesListCommand.self])
}

/// `emovox features export`.
struct FeaturesExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one row per sample: sample_id, path, speaker, emotion, then set.feature columns.",
        discussion: """
            Missing values (a feature that could not be measured, e.g. pitch of an unvoiced clip) are \
            written as NaN in CSV and null in JSON. The pseudo-set 'level' holds what normalization \
            removed: level.original_loudness_lufs, level.applied_gain_db, level.original_duration_s, \
            level.trimmed_duration_s, level.voiced_proportion. Samples without values for every \
            requested set (not processed, or failed) are left out and counted on standard error. \
            Rows are in sample id order and numbers use the shortest exact decimal form, so the same \
            catalog always gives the same bytes. The file is written atomically.
            """)

    @Option(
        name: .customLong("set"),
        help: "Feature sets, comma-separated (prosody, gemaps, mfcc, level, …; see `emovox features list`).")
    var sets: String

    @Option(help: "csv or json.")
    var format: FeatureExportFormat = .csv

    @Option(help: "Output file.")
    var out: String

    @Option(
        help:
            "Which spec's values: a name from Pipelines/, a path, or a recorded spec hash (or prefix). Default: the latest run that stored every set."
    )
    var spec: String?

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: CatalogOptions

    var setNames: [String] {
        sets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard !setNames.isEmpty else { throw ValidationError("--set needs at least one feature set") }
        guard Set(setNames).count == setNames.count else { throw ValidationError("--set names a set twice") }
    }

    struct Report: Encodable {
        var out: String
        var rows: Int
        var columns: Int
        var specHash: String
        var missing: Int
        var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case out, rows, columns, missing, warnings
            case specHash = "spec_hash"
        }
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        let check = try SelectionCheck.run(selection, catalog: catalog, json: options.json)
        let specHash = try spec.map { try SpecReference.resolve($0, catalog: catalog) }
        let matrix: FeatureMatrix
        do {
            matrix = try catalog.featureMatrix(sets: setNames, specHash: specHash, filter: try selection.filter())
        } catch let error as FeatureMatrixError {
            throw CommandError(error.description)
        }
        let text = format == .csv ? FeatureExportWriter.csv(matrix) : FeatureExportWriter.json(matrix)
        try AtomicFile.write(Data(text.utf8), to: out)
        if matrix.missing > 0 {
            log.warning("\(matrix.missing) selected samples have no values for every requested set and were left out")
        }
        let report = Report(
            out: out, rows: matrix.rows.count, columns: matrix.columns.count, specHash: matrix.specHash,
            missing: matrix.missing, warnings: check.warnings)
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(
                "\(out): \(Plural.count(report.rows, "sample")) × \(Plural.count(report.columns, "feature")) (spec \(report.specHash.prefix(12)))"
            )
        }
    }
}

/// Output formats of `features export`.
enum FeatureExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

/// `emovox features list`.
struct FeaturesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Feature sets with stored values, by spec (newest first).")

    @OptionGroup var options: CatalogOptions

    struct Entry: Encodable {
        var set: String
        var spec: String
        var specHash: String
        var samples: Int

        enum CodingKeys: String, CodingKey {
            case set, spec, samples
            case specHash = "spec_hash"
        }
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        var specNames: [String: String] = [:]
        // Newest first, so the first name seen for a hash is its latest.
        for run in try catalog.pipelineRuns() where specNames[run.specHash] == nil {
            specNames[run.specHash] = run.specName
        }
        let entries = try catalog.availableFeatureSets().map {
            Entry(set: $0.set, spec: specNames[$0.specHash] ?? "?", specHash: $0.specHash, samples: $0.samples)
        }
        if options.json {
            try JSONOutput.print(entries)
            return
        }
        guard !entries.isEmpty else {
            print("no stored features; run `emovox run <spec>` first")
            return
        }
        var table = TextTable(["set", "spec", "spec hash", "samples"])
        for entry in entries {
            table.add([entry.set, entry.spec, String(entry.specHash.prefix(12)), "\(entry.samples)"])
        }
        print(table.render())
    }
}
