import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import EmovoxSplits
import Foundation

/// `emovox demo`: the whole job on a fresh machine, on a corpus it synthesizes itself.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "The whole job on a synthetic corpus: synthesize, import, preprocess, split, train, evaluate, predict.",
        discussion: """
            Generates a small multilingual corpus with espeak-ng (RAVDESS layout), imports it, reports its \
            balance, runs Pipelines/default.yaml, makes a speaker-independent holdout split, trains the bundled \
            gradient-boosted trees on gemaps + prosody + level features, evaluates on the unseen speakers, \
            writes <out>/model.json and <out>/report.html, and classifies one held-out clip. A second run \
            reuses everything already computed.
            """)

    @Option(help: "Folder for the generated corpus, model and report.")
    var out = "emovox-demo"

    @Option(help: "Number of synthetic actors (2-\(DemoVoice.all.count)).")
    var actors = DemoVoice.all.count

    @Option(help: "Parallel jobs.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Stop after the balance report (no preprocessing, split or training).")
    var importOnly = false

    @OptionGroup var options: CatalogOptions

    static let featureSets = ["gemaps", "prosody", "level"]
    static let splitName = "emovox-demo"

    func validate() throws {
        guard (2...DemoVoice.all.count).contains(actors) else {
            throw ValidationError("--actors must be between 2 and \(DemoVoice.all.count)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    struct Summary: Encodable {
        var generated: Int
        var corpus: String
        var `import`: ImportReport
        var balance: BalanceReport
        var pipeline: RunSummary?
        var split: SplitSummary?
        var evaluation: EvaluationSummary?
        var model: String?
        var report: String?
        var prediction: PredictCommand.Prediction?
    }

    func run() throws {
        let generator = DemoCorpusGenerator(directory: out, actors: actors, jobs: jobs)
        let bar = ProgressBar(label: "synthesize", unit: "clips")
        let generated = try generator.generate { bar.update(done: $0, total: $1) }
        say("demo corpus: \(Plural.count(generated, "clip")) generated in \(out)/")

        let resource = try ResourceLocator.load("emovox-demo", .manifest)
        let manifest = try CorpusManifest.parse(resource.text, file: resource.name)
        let catalog = try options.openCatalog()
        let importBar = ProgressBar(label: "import", unit: "files")
        let report = try CorpusImporter(catalog: catalog, jobs: jobs).importCorpus(
            manifest, manifestFile: resource.name, directory: out, progress: { importBar.update(done: $0, total: $1) })
        let corpusFilter = SampleFilter.all.and(.corpus, equals: manifest.name)
        let balance = try catalog.balance(filter: corpusFilter, by: [.gender, .language, .accent])
        say(
            "catalog \(options.db): \(report.imported) imported, \(report.unchanged) unchanged, \(report.failed) failed\n"
        )
        say(BalanceRendering.table(balance))
        var summary = Summary(generated: generated, corpus: out, import: report, balance: balance)
        guard !importOnly else { return try finish(summary) }

        // Preprocess: decode, 16 kHz, trim, loudness-normalize, features; cached per sample.
        let runBar = ProgressBar(label: "preprocess")
        let pipeline = try PipelineExecution.run(
            spec: try LoadedSpec.load("default"), catalog: catalog, filter: corpusFilter,
            selection: "corpus = \(manifest.name)", jobs: jobs, progress: { runBar.update(done: $0, total: $1) })
        summary.pipeline = pipeline
        say(
            "\npreprocessed \(pipeline.processed) clips (\(pipeline.cached) from cache, \(pipeline.failed) failed) "
                + String(format: "in %.1f s", pipeline.seconds))

        // A speaker-independent holdout split: the test actors are never heard in training.
        try catalog.deleteSplit(named: Self.splitName)
        let split = try catalog.createSplit(
            name: Self.splitName, target: .emotion, filter: corpusFilter, selectionText: "corpus = \(manifest.name)",
            configuration: SplitConfiguration(strategy: .holdout(testFraction: 0.25), seed: 0),
            toolVersion: EmovoxVersion.current
        ).split
        summary.split = SplitSummary(split, unlabelled: nil)
        say("\n" + SplitRendering.text(split))

        // Train, evaluate on the held-out speakers, write the model and an HTML report.
        var parameters = TrainingParameters()
        parameters.numIterations = 200
        parameters.learningRate = 0.05
        parameters.numLeaves = 15
        parameters.minDataInLeaf = 5
        parameters.classWeight = .balanced
        let data = try SplitData(catalog: catalog, split: Self.splitName, featureSets: Self.featureSets, specHash: nil)
        let model = try ModelTraining.train(
            data, fold: 0, parameters: parameters, catalog: catalog, featureSets: Self.featureSets)
        let modelPath = out + "/model.json"
        try model.save(to: modelPath)
        let evaluation = try Evaluation.summarize(model: model, data: data, fold: 0)
        let reportPath = out + "/report.html"
        try AtomicFile.write(
            HTMLReport.render(title: "Emovox demo: held-out speakers", summary: evaluation, model: model),
            to: reportPath)
        summary.evaluation = evaluation
        summary.model = modelPath
        summary.report = reportPath
        say(
            "\n"
                + evaluation.text(
                    title: "evaluation on held-out speakers (\(Self.featureSets.joined(separator: " + ")))"))

        // Classify one held-out clip from its audio alone, as a user would new recordings.
        if let clip = data.rows(side: "test", fold: 0).first {
            let prediction = try Predictor(model: model, modelPath: modelPath, jobs: 1).predict([clip.info.path])[0]
            summary.prediction = prediction
            say(
                "\npredict \(clip.info.path): \(prediction.label ?? prediction.error ?? "?") (true label: \(clip.label))"
            )
        }
        say("\nmodel: \(modelPath)   report: \(reportPath)")
        try finish(summary)
    }

    private func say(_ text: String) {
        if !options.json { print(text) }
    }

    private func finish(_ summary: Summary) throws {
        if options.json { try JSONOutput.print(summary) }
        if summary.import.failed > 0 || (summary.pipeline?.failed ?? 0) > 0 { throw ExitCode(1) }
    }
}
