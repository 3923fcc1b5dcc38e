import ArgumentParser
import EmovoxCatalog
import EmovoxSpeakers
import Foundation

/// `emovox speakers train-extractor`: UBM, total-variability matrix and back-end from catalogued
/// speakers, in one file.
struct TrainExtractorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-extractor",
        abstract: "Train a speaker extractor (UBM + i-vector extractor + PLDA back-end) on catalogued speakers.",
        discussion: """
            Recordings that cannot be read are reported and left out. The same selection, settings and \
            seed give a byte-identical file for any --jobs. Defaults suit a dozen speakers and a few \
            minutes on two cores.
            """)

    @Option(help: "Where to write the extractor.") var out: String
    @Option(help: "UBM components.") var components = 256
    @Option(help: "UBM EM iterations.") var ubmIterations = 8
    @Option(help: "At most this many frames (drawn with the seed) train the UBM.") var ubmFrames = 200_000
    @Option(help: "i-vector dimension (rank of T).") var rank = 150
    @Option(help: "Total-variability EM iterations.") var tvIterations = 5
    @Option(help: "Back-end embedding dimension (at most --rank).") var embeddingDimension = 150
    @Flag(help: "Back-end without LDA/within-speaker whitening: centering and length normalization only.")
    var noWccn = false
    @Option(help: "Seed of the frame subsample and the model starts.") var seed: UInt64 = 1
    @Option(help: "Parallel jobs.") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard components >= 2 else { throw ValidationError("--components must be at least 2") }
        guard rank >= 1, embeddingDimension >= 1 else {
            throw ValidationError("--rank and --embedding-dimension must be at least 1")
        }
        guard ubmIterations >= 1, tvIterations >= 1, ubmFrames >= components else {
            throw ValidationError(
                "--ubm-iterations and --tv-iterations must be at least 1, --ubm-frames at least --components")
        }
    }

    var selectionText: String {
        [selection.corpus.map { "corpus = \($0)" }, selection.condition].compactMap { $0 }.joined(separator: " and ")
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        let check = try SelectionCheck.run(selection, catalog: catalog, json: options.json)
        let recordings = try catalog.speakerRecordings(try selection.filter())
        guard check.selected > 0, !recordings.isEmpty else {
            throw UsageFailure.report("the selection matches no sample", json: options.json)
        }
        var trainer = SpeakerExtractorTrainer()
        let configuration = trainer.features
        log.info("analysing \(recordings.count) recordings")
        let frames = ChunkedParallel.map(count: recordings.count, jobs: jobs) {
            i -> Result<FrameMatrix, CommandError> in
            do {
                let samples = try SpeakerAudio.samples(recordings[i].path, rate: configuration.sampleRate)
                return .success(SpeakerFrameFeatures(configuration: configuration).frames(samples))
            } catch let error as CommandError {
                return .failure(error)
            } catch {
                return .failure(CommandError("\(recordings[i].path): \(error)"))
            }
        }
        var utterances: [LabelledFrames] = []
        var used: [CatalogRecording] = []
        var failed = 0
        for (recording, result) in zip(recordings, frames) {
            switch result {
            case .success(let matrix) where matrix.rows > 0:
                utterances.append(LabelledFrames(speaker: recording.speaker, frames: matrix))
                used.append(recording)
            case .success:
                failed += 1
                log.error("\(recording.path): too short for a single analysis frame")
            case .failure(let error):
                failed += 1
                log.error("\(error)")
            }
        }
        let speakers = Set(used.map(\.speaker)).count
        guard speakers >= 2 else {
            throw CommandError(
                "an extractor needs recordings of at least 2 speakers; the usable selection has \(speakers)")
        }
        trainer.components = components
        trainer.ubmIterations = ubmIterations
        trainer.ubmFrames = ubmFrames
        trainer.rank = rank
        trainer.totalVariabilityIterations = tvIterations
        trainer.embeddingDimension = min(embeddingDimension, rank)
        trainer.seed = seed
        trainer.withinSpeakerWhitening = !noWccn
        trainer.jobs = jobs
        let totalFrames = utterances.reduce(0) { $0 + $1.frames.rows }
        let lines = used.map { "\($0.checksum)\t\($0.speaker)\n" }.joined()
        let provenance = ExtractorProvenance(
            toolVersion: EmovoxVersion.current, selection: selectionText, utterances: utterances.count,
            speakers: speakers, frames: totalFrames, ubmFrames: min(totalFrames, ubmFrames), seed: seed,
            ubmIterations: ubmIterations, totalVariabilityIterations: tvIterations,
            dataHash: SpeakerExtractorFile.checksum(Data(lines.utf8)))
        let model: SpeakerExtractor
        do {
            model = try trainer.train(utterances, provenance: provenance) { log.info("\($0)") }
        } catch {
            throw CommandError("training failed: a covariance was singular (too few recordings per speaker?)")
        }
        try AtomicFile.write(try SpeakerExtractorFile.encode(model), to: out)
        let report = Report(
            out: out, utterances: utterances.count, speakers: speakers, frames: totalFrames, failed: failed,
            components: components, rank: rank, embeddingDimension: model.transform.dimension,
            thresholds: model.calibration)
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(
                "wrote \(out): \(utterances.count) recordings of \(speakers) speakers, \(totalFrames) speech frames; "
                    + "\(components) components, rank \(rank), embedding \(model.transform.dimension)")
            if failed > 0 { print("\(failed) recording(s) left out (see the errors above)") }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    struct Report: Encodable {
        var out: String
        var utterances: Int
        var speakers: Int
        var frames: Int
        var failed: Int
        var components: Int
        var rank: Int
        var embeddingDimension: Int
        var thresholds: ScoreCalibration

        enum CodingKeys: String, CodingKey {
            case out, utterances, speakers, frames, failed, components, rank, thresholds
            case embeddingDimension = "embedding_dimension"
        }
    }
}
