import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import Foundation

/// `emovox evaluate`: a model on a split's test side (or a CSV table).
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Accuracy, UAR, macro-F1, per-class and per-speaker results and the confusion matrix on a test side.")

    @Option(help: "Model file.") var model: String
    @Option(help: "Split whose test side to evaluate on.") var split: String?
    @Option(help: "Fold (default: the fold the model was trained for).") var fold: Int?
    @Option(help: "Test feature table (CSV) instead of a split.") var testCsv: String?
    @Option(help: "Label column of the CSV table.") var labelColumn = "label"
    @Option(help: "Numeric CSV columns that are not features.")
    var ignoreColumns = ExportWriters.listColumns.joined(separator: ",")
    @Option(help: "A text cell in a CSV column of numbers: error (naming row and column) or missing.")
    var nonNumeric: FeatureTable.NonNumericCells = .error
    @Option(help: "Also write a self-contained HTML report.") var report: String?
    @OptionGroup(title: "Normalization (default: the model's; these change how test speakers are standardized)")
    var normalization: NormalizationOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        if (split == nil) == (testCsv == nil) { throw ValidationError("give exactly one of --split and --test-csv") }
    }

    /// The model's normalization changed by the flags, or nil when no flag was given.
    private func testNormalization(_ trained: Model) throws -> FeatureNormalization? {
        guard
            normalization.normalize != nil || normalization.normalizeStat != nil
                || normalization.normalizeMinSamples != nil || normalization.referenceLabel != nil
        else { return nil }
        let recorded = trained.normalization
        let settings = try normalization.settings(
            file: recorded.map {
                NormalizationParametersFile(
                    normalize: NormalizationChoice(rawValue: $0.mode.rawValue), normalizeStat: $0.statistic,
                    normalizeMinSamples: $0.minSamples, referenceLabel: $0.referenceLabel)
            })
        if let recorded { return try recorded.overridden(by: settings) }
        guard settings.choice == .none else {
            throw CommandError(
                "\(model) was trained on raw features; --normalize \(settings.choice.rawValue) needs a model "
                    + "trained with it")
        }
        return nil
    }

    func run() throws {
        let trained = try Model.load(commandModel: model)
        let summary: EvaluationSummary
        let testNormalization = try self.testNormalization(trained)
        if let testCsv {
            if let recorded = testNormalization ?? trained.normalization, recorded.mode != .none {
                guard recorded.mode == .global else {
                    throw CommandError(
                        "\(model) standardizes each \(recorded.mode.rawValue) on its own rows; a CSV table has no "
                            + "\(recorded.mode.rawValue)s: evaluate on a split, or give --normalize global or none")
                }
            }
            let table = try FeatureTable.load(
                commandTable: testCsv, labelColumn: labelColumn, ignoring: ignored, nonNumeric: nonNumeric)
            let normalized = try (testNormalization ?? trained.normalization).map {
                $0.mode == .none ? table.features : try FeatureNormalizer.apply($0.global, to: table.features)
            }
            let predicted = try trained.predictLabels(normalized ?? table.features)
            summary = EvaluationSummary(
                truth: table.labels, predicted: predicted, speakers: table.labels.map { _ in "(unknown)" },
                labels: trained.labelNames, majority: nil)
        } else {
            let catalog = try options.openCatalogForReading()
            let sets = FeatureSetList.parse(trained.provenance["feature_sets"])
            guard !sets.isEmpty else {
                throw CommandError("\(model): the model records no feature sets; use --test-csv")
            }
            let data = try SplitData(
                catalog: catalog, split: split!, featureSets: sets, specHash: trained.provenance["pipeline_spec_hash"])
            let fold = self.fold ?? trained.provenance["fold"].flatMap { Int($0) } ?? 0
            guard fold < data.foldCount else {
                throw CommandError(
                    "split \(data.stored.name) has \(Plural.count(data.foldCount, "fold")); fold \(fold) does not exist"
                )
            }
            summary = try Evaluation.summarize(
                model: trained, data: data, fold: fold, normalization: testNormalization.map { .some($0) })
        }
        if let report {
            try AtomicFile.write(
                HTMLReport.render(title: "Evaluation of \(model)", summary: summary, model: trained), to: report)
        }
        if options.json {
            try JSONOutput.print(summary)
        } else {
            print(summary.text(title: "model \(model)"))
        }
    }
}

extension Evaluation {
    /// The test side of `fold` and its predicted labels; the rows are standardized with
    /// `normalization` (default: the model's own), each test speaker from its own rows.
    static func predictTest(
        model: Model, data: SplitData, fold: Int, normalization: FeatureNormalization?? = nil
    ) throws -> (rows: [ExportRow], predicted: [String]) {
        let testRows = data.rows(side: "test", fold: fold)
        let features = try data.features(testRows, normalization: normalization ?? model.normalization, side: "test")
        return (testRows, try model.predictLabels(features))
    }

    /// Predicts the test side of `fold` and summarizes it; the majority baseline comes from the
    /// training side, as an honest baseline must.
    static func summarize(
        model: Model, data: SplitData, fold: Int, normalization: FeatureNormalization?? = nil
    ) throws -> EvaluationSummary {
        let (testRows, predicted) = try predictTest(model: model, data: data, fold: fold, normalization: normalization)
        return summarize(model: model, data: data, fold: fold, testRows: testRows, predicted: predicted)
    }

    /// Summarizes predictions already made for the test side of `fold`.
    static func summarize(model: Model, data: SplitData, fold: Int, testRows: [ExportRow], predicted: [String])
        -> EvaluationSummary
    {
        var counts: [String: Int] = [:]
        for row in data.rows(side: "train", fold: fold) { counts[row.label, default: 0] += 1 }
        let majority = counts.keys.sorted().max { counts[$0]! < counts[$1]! }
        return EvaluationSummary(
            truth: testRows.map(\.label), predicted: predicted, speakers: testRows.map(\.info.speaker),
            labels: model.labelNames, majority: majority)
    }
}
