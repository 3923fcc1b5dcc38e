import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import Foundation

/// `emovox import`: a corpus described by a manifest (default), a CSV list, or the failures so far.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a corpus into the catalog.",
        subcommands: [ImportCorpusCommand.self, ImportCSVCommand.self, ImportErrorsCommand.self],
        defaultSubcommand: ImportCorpusCommand.self)
}

/// `emovox import <manifest> <dir>`.
struct ImportCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Import a corpus directory described by a manifest (a name from Manifests/ or a path).",
        discussion:
            "Re-importing adds nothing; files whose bytes changed are updated and reported. Exits 1 when some files failed."
    )

    @Argument(help: "Manifest name (ravdess, crema-d, tess, savee, emo-db, …) or path to a manifest YAML file.")
    var manifest: String

    @Argument(help: "The corpus directory.")
    var directory: String

    @Option(help: "Threads reading headers and checksums.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(
        help:
            "Follow symbolic links to directories and to files outside the corpus directory (by default they are skipped and counted)."
    )
    var followSymlinks = false

    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let resource = try ResourceLocator.load(manifest, .manifest)
        let parsed = try CorpusManifest.parse(resource.text, file: resource.name)
        let catalog = try options.openCatalog()
        let bar = ProgressBar(label: "import \(parsed.name)", unit: "files")
        let report: ImportReport
        do {
            report = try CorpusImporter(catalog: catalog, jobs: jobs).importCorpus(
                parsed, manifestFile: resource.name, directory: directory, followSymlinks: followSymlinks,
                progress: { bar.update(done: $0, total: $1) })
        } catch let error as EmptySelectionError {
            for warning in error.warnings { log.warning("\(warning)") }
            throw UsageFailure.report(error.message, warnings: error.warnings, json: options.json)
        }
        try ImportSummary.print(report, json: options.json)
    }
}

/// `emovox import csv <file>`.
struct ImportCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Import recordings listed in a CSV file (one row per file).",
        discussion: """
            Paths are relative to --root (default: the CSV file's folder). Emotions must be canonical \
            (neutral, calm, happy, sad, angry, fearful, disgust, surprised, boredom, other) or mapped \
            with --emotion-map "ang=angry,hap=happy".
            """)

    @Argument(help: "The CSV file, with a header row.")
    var file: String

    @Option(help: "Corpus name in the catalog.")
    var corpus: String

    @Option(help: "Folder the paths are relative to.")
    var root: String?

    @Option(help: "Column holding the file path.") var pathColumn = "path"
    @Option(help: "Column holding the speaker id.") var speakerColumn = "speaker"
    @Option(help: "Column holding the emotion label (\"\" for none).") var emotionColumn = "emotion"
    @Option(help: "Column holding the speaker's gender.") var genderColumn: String?
    @Option(help: "Column holding the speaker's age.") var ageColumn: String?
    @Option(help: "Column holding the speaker's accent.") var accentColumn: String?
    @Option(help: "Column holding the speaker's native language.") var nativeLanguageColumn: String?
    @Option(help: "Column holding the sample's language.") var languageColumn: String?
    @Option(help: "Column holding the statement or text id.") var statementColumn: String?
    @Option(help: "Column holding the transcript.") var transcriptColumn: String?
    @Option(help: "Column holding the emotional intensity.") var intensityColumn: String?
    @Option(help: "Label mapping, e.g. \"ang=angry,hap=happy\".") var emotionMap: String?
    @Option(help: "License of the corpus.") var license: String?
    @Option(help: "Default language (BCP-47) of the samples.") var language: String?
    @Option(help: "Threads reading headers and checksums.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: CatalogOptions

    func parsedEmotionMap() throws -> [String: CanonicalEmotion] {
        guard let emotionMap else { return [:] }
        var map: [String: CanonicalEmotion] = [:]
        for pair in emotionMap.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let emotion = CanonicalEmotion(rawValue: parts[1]) else {
                throw ValidationError("--emotion-map: '\(pair)' is not label=canonical-emotion")
            }
            map[parts[0]] = emotion
        }
        return map
    }

    func validate() throws {
        _ = try parsedEmotionMap()
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard corpus.range(of: #"^[a-z0-9][a-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw ValidationError("--corpus must be lower-case letters, digits, '.', '_' or '-'")
        }
    }

    func run() throws {
        var columns = CSVImporter.Columns()
        columns.path = pathColumn
        columns.speaker = speakerColumn
        columns.emotion = emotionColumn.isEmpty ? nil : emotionColumn
        columns.gender = genderColumn
        columns.age = ageColumn
        columns.accent = accentColumn
        columns.nativeLanguage = nativeLanguageColumn
        columns.language = languageColumn
        columns.statement = statementColumn
        columns.transcript = transcriptColumn
        columns.intensity = intensityColumn
        // /dev/zero or a FIFO would be read for ever; a missing file is said so.
        if let problem = RegularFile.problem(file) { throw CommandError("\(file): \(problem)") }
        let catalog = try options.openCatalog()
        let bar = ProgressBar(label: "import \(corpus)", unit: "files")
        let report = try CSVImporter(catalog: catalog, jobs: jobs).importCSV(
            file, corpus: Corpus(name: corpus, license: license, languages: language), columns: columns,
            root: root, emotionMap: try parsedEmotionMap(), progress: { bar.update(done: $0, total: $1) })
        try ImportSummary.print(report, json: options.json)
    }
}

/// `emovox import errors`: the files that failed, and why.
struct ImportErrorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "List files that failed to import, with the reason.")

    @Option(help: "Only this corpus.") var corpus: String?
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog = try options.openCatalogForReading()
        if let corpus, try catalog.corpus(named: corpus) == nil {
            throw UsageFailure.report("no corpus named '\(corpus)' in the catalog", json: options.json)
        }
        let failures = try catalog.importFailures(corpus: corpus)
        if options.json {
            try JSONOutput.print(failures.map { ["root": $0.root, "path": $0.path, "reason": $0.reason] })
        } else {
            for failure in failures { print("\(failure.root)/\(failure.path): \(failure.reason)") }
        }
    }
}

/// Prints an import's outcome and turns failures into the exit status.
enum ImportSummary {
    static func print(_ report: ImportReport, json: Bool) throws {
        let shown = 50
        for failure in report.failures.prefix(shown) {
            log.error("\(report.root)/\(failure.path): \(failure.reason)")
        }
        if report.failures.count > shown {
            Terminal.note(
                "… and \(report.failures.count - shown) more (emovox import errors --corpus \(report.corpus))")
        }
        for path in report.changedPaths.prefix(shown) {
            log.warning("\(report.root)/\(path) changed (new checksum; catalog row updated)")
        }
        for warning in report.warnings { log.warning("\(warning)") }
        for group in report.duplicates.prefix(shown) {
            log.warning("byte-identical files: \(group.summary)")
        }
        if json {
            try JSONOutput.print(report)
        } else {
            Swift.print(
                "\(report.corpus): \(report.imported) imported, \(report.unchanged) unchanged, "
                    + "\(report.changed) changed, \(report.failed) failed, \(report.skipped) skipped, "
                    + "\(report.skippedSymlinks) symbolic link(s) skipped, \(report.duplicates.count) duplicate group(s) "
                    + String(format: "in %.1f s", report.seconds))
        }
        if report.failed > 0 { throw ExitCode(1) }
    }
}
