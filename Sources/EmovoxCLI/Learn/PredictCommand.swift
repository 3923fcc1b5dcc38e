import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import EmovoxPipeline
import Foundation

/// `emovox predict`: classify new audio with a model, through the model's own pipeline spec.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify audio files (any format libsndfile reads) with a trained model.",
        discussion: """
            Runs the pipeline spec and feature sets recorded in the model on each file, then prints the \
            predicted label and the class probabilities. A file that cannot be read is reported and \
            skipped; the exit status is 1 if any file failed. --db is accepted like every command's, but \
            predict never opens the catalog: the model carries its spec, feature sets and labels.
            """)

    @Argument(help: "Audio files.") var files: [String]
    @Option(help: "Model file.") var model: String
    @Option(help: "Parallel jobs.") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(
        help: """
            Speaker statistics from `emovox speaker-stats` (an enrollment of the speaker) for a model \
            trained with speaker normalization.
            """)
    var speakerStats: String?
    @Flag(
        help: """
            Standardize with statistics over the files of this call (one speaker, unlabeled), for a \
            model trained with speaker normalization.
            """)
    var adapt = false
    @OptionGroup var options: CatalogOptions
    var json: Bool { options.json }

    struct Prediction: Encodable {
        var file: String
        var label: String?
        var probabilities: [String: Double]?
        var error: String?
    }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one audio file") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if adapt, speakerStats != nil { throw ValidationError("--adapt and --speaker-stats exclude each other") }
    }

    func run() throws {
        let trained = try Model.load(commandModel: model)
        let statistics = try speakerStats.map { try SpeakerStatistics.load(from: $0, for: trained, modelPath: model) }
        let predictions = try Predictor(model: trained, modelPath: model, jobs: jobs).predict(
            files, speakerStatistics: statistics, adapt: adapt)
        if json {
            try JSONOutput.print(predictions)
        } else {
            for prediction in predictions {
                if let error = prediction.error {
                    log.error("\(prediction.file): \(error)")
                    continue
                }
                let ranked = (prediction.probabilities ?? [:]).sorted {
                    $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key)
                }
                print(
                    "\(prediction.file): \(prediction.label ?? "?")  "
                        + ranked.prefix(4).map { String(format: "%@ %.2f", $0.key, $0.value) }.joined(separator: ", "))
            }
        }
        if predictions.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}

/// Applies a model to audio files: its recorded spec, its feature sets, its column order.
struct Predictor {
    let model: Model
    let modelPath: String
    let jobs: Int

    /// Features of `files` in the model's column order (by file index), and a prediction entry per
    /// file carrying the error of each file that failed.
    func features(_ files: [String]) throws -> (rows: [Int: [Double]], predictions: [PredictCommand.Prediction]) {
        guard let specText = model.provenance["pipeline_spec"] else {
            throw CommandError(
                "\(modelPath): the model records no pipeline spec (it was trained from CSV tables); "
                    + "predict needs a model trained on a split")
        }
        let spec = try PipelineSpec.parse(yaml: specText, file: "\(modelPath) (recorded spec)")
        let sets = FeatureSetList.parse(model.provenance["feature_sets"])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "emovox-predict-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runner = try PipelineRunner(
            spec: spec, cache: try PipelineCache(directory: scratch.path), featureSets: FeatureSetResolution.resolver,
            options: .init(jobs: jobs))

        var inputs: [PipelineInput] = []
        var predictions = files.map { PredictCommand.Prediction(file: $0) }
        for (index, file) in files.enumerated() {
            // Only regular files: /dev/zero would be hashed forever, a FIFO would block.
            if let problem = RegularFile.problem(file) {
                predictions[index].error = problem
                continue
            }
            do {
                inputs.append(
                    PipelineInput(
                        sampleID: Int64(index), path: file, checksum: try SourceVerifier.hash(path: file).checksum)
                )
            } catch {
                predictions[index].error = "cannot read the file (\(error.reason))"
            }
        }
        var rows: [Int: [Double]] = [:]
        runner.run(inputs) { input, result in
            let index = Int(input.sampleID)
            switch result {
            case .failure(let failure):
                predictions[index].error = "\(failure.step) failed: \(failure.reason)"
            case .success(let output):
                let processed = ProcessingResult(sampleId: input.sampleID, output: output)
                var values: [Double] = []
                var names: [String] = []
                for set in sets {
                    if set == LevelFeatures.name {
                        values += LevelFeatures.values(of: processed)
                        names += LevelFeatures.columns.map { "level.\($0)" }
                    } else if let vector = processed.features.first(where: { $0.setName == set }) {
                        values += vector.values
                        names += vector.names.map { "\(set).\($0)" }
                    }
                }
                if names == model.featureNames {
                    rows[index] = values
                } else {
                    // A feature set whose names changed since training must not be fed by position.
                    predictions[index].error =
                        "the recorded spec yields \(names.count) features that differ from the model's \(model.featureNames.count)"
                }
            }
        }
        return (rows, predictions)
    }

    /// Predictions for `files`, standardized as the model was trained: with `speakerStatistics`,
    /// with statistics over these files (`adapt`), or (with a warning) with the model's global ones.
    func predict(_ files: [String], speakerStatistics: SpeakerStatistics? = nil, adapt: Bool = false) throws
        -> [PredictCommand.Prediction]
    {
        var (rows, predictions) = try features(files)
        let ready = rows.keys.sorted()
        guard !ready.isEmpty else { return predictions }
        let raw = try EmovoxBoost.FeatureMatrix(featureNames: model.featureNames, rows: ready.map { rows[$0]! })
        let matrix = try PredictionNormalization(model: model, modelPath: modelPath).apply(
            to: raw, speakerStatistics: speakerStatistics, adapt: adapt)
        let probabilities = try model.predictProbabilities(matrix)
        for (row, index) in ready.enumerated() {
            let p = probabilities[row]
            let best = p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) } ?? 0
            predictions[index].label = model.labelNames[best]
            predictions[index].probabilities = Dictionary(
                uniqueKeysWithValues: model.labelNames.enumerated().map { ($1, p[$0]) })
        }
        return predictions
    }
}
