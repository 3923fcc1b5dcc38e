import ArgumentParser
import EmovoxCatalog
import Foundation

/// `emovox stats`: how the dataset is balanced.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Dataset balance: counts and duration by emotion × other columns, speaker coverage, imbalance.")

    @Option(
        name: .long, parsing: .upToNextOption,
        help:
            "Columns to cross with emotion (comma-separated or repeated): gender, speaker, language, accent, corpus, …")
    var by: [String] = ["gender"]

    @Option(help: "Output format: table, csv or json (default: table).")
    var format: OutputFormat?

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: CatalogOptions

    var columns: [CatalogColumn] {
        get throws {
            try by.flatMap { $0.split(separator: ",") }.map {
                try CatalogColumn.named($0.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    func validate() throws {
        do {
            _ = try columns
        } catch let error as QueryError {
            throw ValidationError("--by: \(error.message)")
        }
    }

    /// The JSON of `stats`: the balance report with the selection's duplicate groups and warnings.
    struct Output: Encodable {
        var report: BalanceReport
        var duplicates: [DuplicateGroup]
        var warnings: [String]

        enum CodingKeys: String, CodingKey { case duplicates, warnings }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(duplicates, forKey: .duplicates)
            try container.encode(warnings, forKey: .warnings)
        }
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        let json = format == .json || (format == nil && options.json)
        let check = try SelectionCheck.run(selection, catalog: catalog, json: json)
        let filter = try selection.filter()
        let report = try catalog.balance(filter: filter, by: try columns)
        let duplicates = try catalog.duplicateGroups(filter: filter)
        switch format ?? (options.json ? .json : .table) {
        case .json: try JSONOutput.print(Output(report: report, duplicates: duplicates, warnings: check.warnings))
        case .csv: print(BalanceRendering.csv(report), terminator: "")
        case .table:
            print(BalanceRendering.table(report))
            if !duplicates.isEmpty {
                let crossing = duplicates.filter(\.crossesSpeakers).count
                print(
                    "\nduplicates: \(duplicates.count) group(s) of byte-identical files, \(crossing) shared by "
                        + "different speakers (emovox duplicates lists them)")
                for group in duplicates.prefix(10) { print("  \(group.summary)") }
                if duplicates.count > 10 { print("  … and \(duplicates.count - 10) more") }
            }
        }
    }
}

/// Text renderings of a ``BalanceReport``.
enum BalanceRendering {
    static func emotionOrder(_ report: BalanceReport) -> [String] {
        report.emotions.keys.sorted { a, b in
            let ca = CanonicalEmotion(rawValue: a)
            let cb = CanonicalEmotion(rawValue: b)
            switch (ca, cb) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
    }

    static func minutes(_ seconds: Double) -> String { String(format: "%.1f", seconds / 60) }

    static func table(_ report: BalanceReport) -> String {
        var out: [String] = []
        out.append(
            "\(Plural.count(report.samples, "sample")), \(minutes(report.durationSeconds)) min, "
                + "\(Plural.count(report.speakers, "speaker")), \(Plural.count(report.corpora, "corpus", "corpora")); "
                + "imbalance ratio "
                + (report.imbalanceRatio.map { String(format: "%.2f", $0) } ?? "n/a") + " (largest/smallest emotion)")
        let emotions = emotionOrder(report)
        var summary = TextTable(["emotion", "samples", "share %", "minutes"])
        for emotion in emotions {
            let cell = report.emotions[emotion]!
            summary.add([
                emotion, String(cell.count),
                String(format: "%.1f", 100 * Double(cell.count) / Double(max(report.samples, 1))),
                minutes(cell.durationSeconds),
            ])
        }
        out.append("")
        out.append(summary.render())
        for table in report.tables {
            let values = Array(Set(table.rows.map(\.value))).sorted()
            // Crossing with a column of thousands of values (speaker) is summarized, not printed wide.
            let shownValues = Array(values.prefix(12))
            var text = TextTable(
                ["emotion \\ \(table.by)"] + shownValues + (values.count > 12 ? ["… \(values.count - 12) more"] : []))
            var cells: [String: [String: Int]] = [:]
            for row in table.rows { cells[row.emotion, default: [:]][row.value] = row.count }
            for emotion in emotions {
                text.add(
                    [emotion] + shownValues.map { String(cells[emotion]?[$0] ?? 0) } + (values.count > 12 ? [""] : []))
            }
            out.append("")
            out.append(text.render())
        }
        let incomplete = report.speakerCoverage.filter { !$0.missing.isEmpty }
        out.append("")
        out.append(
            "speaker coverage: \(report.speakerCoverage.count - incomplete.count) of \(report.speakerCoverage.count) "
                + "\(Plural.noun(report.speakerCoverage.count, "speaker")) cover all "
                + Plural.count(emotions.filter { $0 != BalanceReport.unlabelled }.count, "emotion"))
        for speaker in incomplete.prefix(20) {
            out.append(
                "  \(speaker.speaker) (\(speaker.gender), \(Plural.count(speaker.samples, "sample"))) lacks \(speaker.missing.joined(separator: ", "))"
            )
        }
        if incomplete.count > 20 { out.append("  … and \(incomplete.count - 20) more (--format json lists all)") }
        return out.joined(separator: "\n")
    }

    /// Long format: one row per (table, emotion, value).
    static func csv(_ report: BalanceReport) -> String {
        var lines = ["table,emotion,value,count,duration_seconds"]
        for emotion in emotionOrder(report) {
            let cell = report.emotions[emotion]!
            lines.append("emotion,\(quote(emotion)),,\(cell.count),\(cell.durationSeconds)")
        }
        for table in report.tables {
            for row in table.rows {
                lines.append(
                    "\(quote(table.by)),\(quote(row.emotion)),\(quote(row.value)),\(row.count),\(row.durationSeconds)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
