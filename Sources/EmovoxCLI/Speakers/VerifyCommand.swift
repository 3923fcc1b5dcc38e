import ArgumentParser
import EmovoxSpeakers
import Foundation

/// `emovox speakers verify FILE --as NAME`: is this the enrolled person?
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Score a recording against one enrolled person and accept or reject the claim.")

    @Argument(help: "The recording.") var file: String
    @Option(name: .customLong("as"), help: "The enrolled person claimed to be speaking.") var claimed: String
    @Option(help: "Decision threshold (default: the extractor's calibrated one).") var threshold: Double?
    @OptionGroup var extractor: ExtractorOptions
    @OptionGroup var options: CatalogOptions

    struct Report: Encodable {
        var file: String
        var speaker: String
        var scoring: SpeakerScoring
        var score: Double
        var threshold: Double
        var accepted: Bool
    }

    func run() throws {
        let loaded = try SpeakerAudio.loadExtractor(extractor.extractor)
        let enrolled = try EnrolledSpeakers(
            catalog: try options.openCatalogForReading(), extractor: loaded, path: extractor.extractor)
        guard let enrollment = enrolled.embeddings[claimed] else {
            throw UsageFailure.report(
                "no speaker named '\(claimed)' is enrolled with \(extractor.extractor) (enrolled: "
                    + enrolled.names.joined(separator: ", ") + ")", json: options.json)
        }
        let test = try SpeakerAudio.embedding(file, extractor: loaded.model).get()
        let threshold = self.threshold ?? loaded.model.calibration.threshold(extractor.scoring)
        let score = loaded.model.score(enrollment: enrollment, test: test, scoring: extractor.scoring)
        let report = Report(
            file: file, speaker: claimed, scoring: extractor.scoring, score: score, threshold: threshold,
            accepted: score >= threshold)
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(
                "\(file): \(report.accepted ? "accepted" : "rejected") as \(claimed) "
                    + "(score \(String(format: "%.3f", score)), threshold \(String(format: "%.3f", threshold)))")
        }
    }
}
