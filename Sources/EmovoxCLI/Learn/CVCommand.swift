import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import Foundation

/// `emovox cv`: train and evaluate every fold of a split; pooled and per-fold metrics.
struct CVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "Cross-validate: train and evaluate every fold (k-fold, LOSO, LOGO; holdout: its one fold).",
        discussion: """
            Reports metrics of the pooled out-of-fold predictions (--json: uar, accuracy, macro_f1, labels, \
            confusion, …) and per fold, with the mean and standard deviation over folds.
            """)

    @Option(help: "Split to cross-validate.") var split: String
    @Option(help: "Feature sets, comma-separated.") var features: String
    @Option(help: "Pipeline spec hash whose features to use (default: the latest run with all sets).")
    var specHash: String?
    @Option(help: "Also write a self-contained HTML report.") var report: String?
    @OptionGroup var training: TrainingOptions
    @OptionGroup var options: CatalogOptions

    /// How a fold's UAR is averaged, printed with the per-fold figures: a LOGO or LOSO test side
    /// often lacks some labels, and a recall over no samples is not a zero.
    static let foldUARAveraging = "per-fold UAR averages recall over the labels present in that fold's test side"

    struct FoldLine: Encodable {
        var fold: Int
        /// The group value the fold leaves out (LOSO, LOGO), else the fold index.
        var name: String
        var samples: Int
        var uar: Double
        var accuracy: Double
        var macroF1: Double
        /// The labels present in the fold's test side: those its UAR averages over.
        var testLabels: [String]
        enum CodingKeys: String, CodingKey {
            case fold, name, samples, uar, accuracy
            case macroF1 = "macro_f1"
            case testLabels = "test_labels"
        }
    }

    struct Result: Encodable {
        var pooled: EvaluationSummary
        var folds: [FoldLine]
        var foldNames: [String]
        var split: String
        var splitHash: String
        var pipelineSpecHash: String
        /// The normalization used ("auto" resolved).
        var normalize: String
        var labelCoverage: LabelCoverage

        func encode(to encoder: any Encoder) throws {
            // The pooled metrics sit at the top level (uar, accuracy, macro_f1, labels, confusion, …).
            try pooled.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(folds, forKey: .folds)
            try container.encode(foldNames, forKey: .foldNames)
            try container.encode(CVCommand.foldUARAveraging, forKey: .foldUARAveraging)
            try container.encode(split, forKey: .split)
            try container.encode(splitHash, forKey: .splitHash)
            try container.encode(pipelineSpecHash, forKey: .pipelineSpecHash)
            try container.encode(normalize, forKey: Keys("normalize"))
            try container.encode(labelCoverage, forKey: Keys("label_coverage"))
            for (name, values) in [
                ("uar", folds.map(\.uar)), ("accuracy", folds.map(\.accuracy)), ("macro_f1", folds.map(\.macroF1)),
            ] {
                try container.encode(Self.mean(values), forKey: Keys(name + "_fold_mean"))
                try container.encode(Self.std(values), forKey: Keys(name + "_fold_std"))
            }
        }

        struct Keys: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
            static let folds = Keys("folds")
            static let foldNames = Keys("fold_names")
            static let foldUARAveraging = Keys("fold_uar_averaging")
            static let split = Keys("split")
            static let splitHash = Keys("split_hash")
            static let pipelineSpecHash = Keys("pipeline_spec_hash")
        }

        static func mean(_ values: [Double]) -> Double {
            values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        static func std(_ values: [Double]) -> Double {
            guard values.count > 1 else { return 0 }
            let m = mean(values)
            return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
        }
    }

    func run() throws {
        let parameters = try training.parameters()
        let catalog = try options.openCatalogForReading()
        let sets = FeatureSetList.parse(features)
        let data = try SplitData(catalog: catalog, split: split, featureSets: sets, specHash: specHash)
        let requested = try training.normalizationSettings()
        let coverage = data.coverage(folds: 0..<data.foldCount, mode: requested.choice)
        let settings = requested.resolved(coverage: coverage)
        let innerFolds = try training.innerFoldCount()
        var truth: [String] = []
        var predicted: [String] = []
        var speakers: [String] = []
        var folds: [FoldLine] = []
        var lastModel: Model?
        let bar = ProgressBar(label: "cv", step: "fold")
        for fold in 0..<data.foldCount {
            let model = try ModelTraining.train(
                data, fold: fold, parameters: parameters, normalization: settings, innerFolds: innerFolds,
                catalog: catalog, featureSets: sets)
            let (testRows, foldPredicted) = try Evaluation.predictTest(model: model, data: data, fold: fold)
            let summary = Evaluation.summarize(
                model: model, data: data, fold: fold, testRows: testRows, predicted: foldPredicted)
            truth += testRows.map(\.label)
            predicted += foldPredicted
            speakers += testRows.map(\.info.speaker)
            folds.append(
                FoldLine(
                    fold: fold, name: data.stored.result.foldName(fold), samples: summary.samples, uar: summary.uar,
                    accuracy: summary.accuracy, macroF1: summary.macroF1,
                    testLabels: Set(testRows.map(\.label)).sorted()))
            lastModel = model
            bar.update(done: fold + 1, total: data.foldCount)
        }
        let pooled = EvaluationSummary(
            truth: truth, predicted: predicted, speakers: speakers, labels: data.partitions.labels, majority: nil)
        let result = Result(
            pooled: pooled, folds: folds, foldNames: folds.map(\.name), split: split,
            splitHash: data.stored.result.contentHash, pipelineSpecHash: data.matrix.specHash,
            normalize: settings.choice.rawValue, labelCoverage: coverage)
        if let report {
            var foldTable =
                "<h2>Folds</h2><p>\(HTMLReport.escape(Self.foldUARAveraging)).</p><table><tr><th class=\"l\">fold</th>"
                + "<th>samples</th><th>UAR</th><th>accuracy</th><th>macro-F1</th><th class=\"l\">test labels</th></tr>"
            for line in folds {
                foldTable +=
                    "<tr><th class=\"l\">\(HTMLReport.escape(line.name))</th><td>\(line.samples)</td>"
                    + "<td>\(HTMLReport.format(line.uar))</td><td>\(HTMLReport.format(line.accuracy))</td>"
                    + "<td>\(HTMLReport.format(line.macroF1))</td>"
                    + "<td class=\"l\">\(HTMLReport.escape(line.testLabels.joined(separator: ", ")))</td></tr>"
            }
            foldTable += "</table>"
            try AtomicFile.write(
                HTMLReport.render(
                    title: "Cross-validation of split \(split) (\(sets.joined(separator: ", ")))", summary: pooled,
                    model: lastModel, extra: foldTable), to: report)
        }
        if options.json {
            try JSONOutput.print(result)
        } else {
            print(pooled.text(title: "cross-validation of \(split): pooled over \(Plural.count(folds.count, "fold"))"))
            print("")
            var table = TextTable(["fold", "samples", "UAR", "accuracy", "macro-F1", "test labels"])
            for line in folds {
                table.add([
                    line.name, String(line.samples), String(format: "%.3f", line.uar),
                    String(format: "%.3f", line.accuracy), String(format: "%.3f", line.macroF1),
                    line.testLabels.joined(separator: ", "),
                ])
            }
            print(table.render())
            print(Self.foldUARAveraging)
            print(
                String(
                    format: "per fold: UAR %.3f ± %.3f, accuracy %.3f ± %.3f, macro-F1 %.3f ± %.3f",
                    Result.mean(folds.map(\.uar)), Result.std(folds.map(\.uar)), Result.mean(folds.map(\.accuracy)),
                    Result.std(folds.map(\.accuracy)), Result.mean(folds.map(\.macroF1)),
                    Result.std(folds.map(\.macroF1))))
        }
    }
}
