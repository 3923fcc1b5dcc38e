import ArgumentParser
import EmovoxSpeakers
import Foundation

/// `emovox speakers identify FILE…`: who is speaking, among the enrolled people, or "unknown".
struct IdentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Name the enrolled person speaking in each recording, or \"unknown\" below the threshold.",
        discussion: """
            The default threshold is the extractor's: the equal-error point of its training speakers' \
            trials for the chosen scoring. A recording that cannot be read is reported and costs only its \
            own line (exit status 1).
            """)

    /// What a recording is attributed to when no enrolled person scores above the threshold.
    static let unknown = "unknown"

    @Argument(help: "Recordings to identify.") var files: [String] = []
    @Option(help: "How many best matches to list per recording.") var top = 1
    @Option(help: "Decision threshold (default: the extractor's calibrated one).") var threshold: Double?
    @OptionGroup var extractor: ExtractorOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one recording") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    struct Match: Encodable {
        var speaker: String
        var score: Double
    }

    struct Line: Encodable {
        var file: String
        var speaker: String?
        var matches: [Match]?
        var error: String?
    }

    struct Report: Encodable {
        var scoring: SpeakerScoring
        var threshold: Double
        var results: [Line]
    }

    func run() throws {
        let loaded = try SpeakerAudio.loadExtractor(extractor.extractor)
        let enrolled = try EnrolledSpeakers(
            catalog: try options.openCatalogForReading(), extractor: loaded, path: extractor.extractor)
        let threshold = self.threshold ?? loaded.model.calibration.threshold(extractor.scoring)
        let embeddings = SpeakerAudio.embeddings(files, extractor: loaded.model, jobs: extractor.jobs)
        var lines: [Line] = []
        for (file, result) in zip(files, embeddings) {
            switch result {
            case .success(let test):
                let ranked = enrolled.ranked(test, extractor: loaded.model, scoring: extractor.scoring)
                let best = ranked[0]
                lines.append(
                    Line(
                        file: file, speaker: best.score >= threshold ? best.name : Self.unknown,
                        matches: ranked.prefix(top).map { Match(speaker: $0.name, score: $0.score) }))
            case .failure(let error):
                log.error("\(error)")
                lines.append(Line(file: file, error: error.description))
            }
        }
        if options.json {
            try JSONOutput.print(Report(scoring: extractor.scoring, threshold: threshold, results: lines))
        } else {
            for line in lines {
                guard let speaker = line.speaker, let matches = line.matches else { continue }
                let shown = matches.map { "\($0.speaker) \(String(format: "%.3f", $0.score))" }.joined(separator: ", ")
                print("\(line.file): \(speaker) (\(shown))")
            }
        }
        if lines.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}
