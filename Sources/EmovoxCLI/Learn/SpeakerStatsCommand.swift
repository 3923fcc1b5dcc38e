import ArgumentParser
import EmovoxBoost
import Foundation

/// `emovox speaker-stats`: a speaker's enrollment statistics for a speaker-normalized model.
struct SpeakerStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speaker-stats",
        abstract: "Compute a speaker's feature statistics from a few unlabeled clips (an enrollment).",
        discussion: """
            Runs the model's recorded pipeline spec and feature sets on the clips and writes the location \
            and scale of each feature (the model's statistic) to --out, for `predict --speaker-stats`. \
            For a model trained with --reference-label, give clips of that label (e.g. neutral ones). \
            A clip that cannot be read is reported and left out.
            """)

    @Argument(help: "Audio files of one speaker.") var files: [String]
    @Option(help: "Model file (trained with --normalize speaker).") var model: String
    @Option(help: "Where to write the statistics (JSON).") var out: String
    @Option(help: "Parallel jobs.") var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one audio file") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let trained = try Model.load(commandModel: model)
        guard let normalization = trained.normalization, normalization.mode == .speaker || normalization.mode == .corpus
        else {
            throw CommandError("\(model) was not trained with speaker normalization; it needs no speaker statistics")
        }
        let (rows, outcomes) = try Predictor(model: trained, modelPath: model, jobs: jobs).features(files)
        for outcome in outcomes { if let error = outcome.error { log.error("\(outcome.file): \(error)") } }
        let ready = rows.keys.sorted()
        guard !ready.isEmpty else { throw CommandError("no clip could be analysed; nothing written") }
        if ready.count < normalization.minSamples {
            log.warning(
                "\(ready.count) clip(s), fewer than the model's minimum of \(normalization.minSamples): predict will use the model's global statistics instead"
            )
        }
        let matrix = try EmovoxBoost.FeatureMatrix(featureNames: trained.featureNames, rows: ready.map { rows[$0]! })
        let statistics = SpeakerStatistics(
            format: SpeakerStatistics.currentFormat, featureNames: trained.featureNames,
            statistic: normalization.statistic, files: ready.map { files[$0] },
            statistics: FeatureNormalizer.statistics(of: matrix, statistic: normalization.statistic))
        try AtomicFile.write(try JSONOutput.encoder().encode(statistics) + Data("\n".utf8), to: out)
        print("wrote \(out) (\(ready.count) clip(s), \(trained.featureNames.count) features)")
        if outcomes.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}
