import ArgumentParser
import EmovoxCatalog
import Foundation

/// `emovox corpus`: list, inspect and delete imported corpora.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "List, inspect or delete the imported corpora.",
        subcommands: [CorpusListCommand.self, CorpusShowCommand.self, CorpusDeleteCommand.self])
}

/// `emovox corpus list`.
struct CorpusListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every corpus with its samples, speakers, hours and license.")
    @OptionGroup var options: CatalogOptions

    struct Line: Encodable {
        var name: String
        var samples: Int
        var speakers: Int
        var hours: Double
        var license: String?
    }

    func run() throws {
        let lines = try options.openCatalogForReading().corpusOverviews().map {
            Line(
                name: $0.corpus.name, samples: $0.samples, speakers: $0.speakers, hours: $0.seconds / 3600,
                license: $0.corpus.license)
        }
        if options.json {
            try JSONOutput.print(lines)
            return
        }
        var table = TextTable(["corpus", "samples", "speakers", "hours", "license"])
        for line in lines {
            table.add([
                line.name, String(line.samples), String(line.speakers), String(format: "%.2f", line.hours),
                line.license ?? "",
            ])
        }
        print(table.render())
        print(Plural.count(lines.count, "corpus", "corpora"))
    }
}

/// `emovox corpus show NAME`.
struct CorpusShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A corpus' metadata, sizes, samples by emotion and gender, and the splits that use it.")
    @Argument(help: "Name of the corpus.") var name: String
    @OptionGroup var options: CatalogOptions

    struct Report: Encodable {
        var name: String
        var version: String?
        var description: String?
        var license: String?
        var citation: String?
        var homepage: String?
        var languages: [String]
        var samples: Int
        var speakers: Int
        var hours: Double
        var importErrors: Int
        var emotions: [String: Int]
        var genders: [String: Int]
        var speakerGenders: [String: Int]
        var splits: [String]

        enum CodingKeys: String, CodingKey {
            case name, version, description, license, citation, homepage, languages, samples, speakers, hours
            case importErrors = "import_errors"
            case emotions, genders
            case speakerGenders = "speaker_genders"
            case splits
        }

        init(_ detail: CorpusDetail) {
            let corpus = detail.overview.corpus
            name = corpus.name
            version = corpus.version
            description = corpus.description
            license = corpus.license
            citation = corpus.citation
            homepage = corpus.homepage
            languages = (corpus.languages ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            samples = detail.overview.samples
            speakers = detail.overview.speakers
            hours = detail.overview.seconds / 3600
            importErrors = detail.importErrors
            emotions = detail.samplesByEmotion
            genders = detail.samplesByGender
            speakerGenders = detail.speakersByGender
            splits = detail.splits
        }
    }

    func run() throws {
        let report: Report
        do {
            report = Report(try options.openCatalogForReading().corpusDetail(named: name))
        } catch let error as CorpusError {
            throw UsageFailure.report(error.description, json: options.json)
        }
        if options.json {
            try JSONOutput.print(report)
            return
        }
        var lines = ["corpus \(report.name)" + (report.version.map { " version \($0)" } ?? "")]
        for (key, value) in [
            ("description", report.description), ("license", report.license), ("citation", report.citation),
            ("homepage", report.homepage),
            ("languages", report.languages.isEmpty ? nil : report.languages.joined(separator: ", ")),
        ] {
            if let value { lines.append("\(key): \(value)") }
        }
        lines.append(
            "\(Plural.count(report.samples, "sample")), \(Plural.count(report.speakers, "speaker")), "
                + String(format: "%.2f h", report.hours) + ", "
                + Plural.count(report.importErrors, "import error"))
        lines.append("splits: " + (report.splits.isEmpty ? "none" : report.splits.joined(separator: ", ")))
        lines.append("")
        var emotions = TextTable(["emotion", "samples"])
        for (emotion, count) in report.emotions.sorted(by: { $0.key < $1.key }) {
            emotions.add([emotion, String(count)])
        }
        lines.append(emotions.render())
        lines.append("")
        var genders = TextTable(["gender", "samples", "speakers"])
        for gender in Set(report.genders.keys).union(report.speakerGenders.keys).sorted() {
            genders.add([gender, String(report.genders[gender] ?? 0), String(report.speakerGenders[gender] ?? 0)])
        }
        lines.append(genders.render())
        print(lines.joined(separator: "\n"))
    }
}

/// `emovox corpus delete NAME`.
struct CorpusDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a corpus and everything derived from its samples, in one transaction.",
        discussion: """
            Removes its samples, speakers, import errors, processing rows (features, level facts, failures) \
            and split memberships. A corpus that a split uses is refused unless --force, which deletes those \
            splits too (a split missing part of its samples would no longer match its hash and balance). \
            Pipeline runs stay as history; `emovox cache gc` then removes the cache entries no sample needs. \
            Importing the corpus again afterwards starts from scratch.
            """)
    @Argument(help: "Name of the corpus.") var name: String
    @Flag(help: "Also delete the splits that use the corpus.") var force = false
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let report: CorpusDeletion
        do {
            report = try options.openCatalog().deleteCorpus(named: name, deletingSplits: force)
        } catch let error as CorpusError {
            throw UsageFailure.report(error.description, json: options.json)
        }
        if options.json {
            try JSONOutput.print(report)
            return
        }
        print(
            "deleted corpus \(report.corpus): \(Plural.count(report.samples, "sample")), "
                + "\(Plural.count(report.speakers, "speaker")), \(Plural.count(report.importErrors, "import error")), "
                + "\(Plural.count(report.processingRows, "processing row")), "
                + "\(Plural.count(report.featureVectors, "feature vector")), "
                + Plural.count(report.pipelineFailures, "pipeline failure"))
        if !report.deletedSplits.isEmpty {
            print(
                "deleted \(Plural.noun(report.deletedSplits.count, "split")) "
                    + report.deletedSplits.joined(separator: ", "))
        }
    }
}
