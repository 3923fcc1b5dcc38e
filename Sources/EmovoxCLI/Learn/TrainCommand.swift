import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import Foundation

/// `emovox train`: a gradient-boosted-tree classifier from a split's training side, or any CSV.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the bundled gradient-boosted-tree classifier on a split (or on CSV feature tables).",
        discussion: """
            With --split: the training side of --fold (holdout: fold 0) with the split's weights; a holdout \
            validation side, when the split has one, drives early stopping. With --train-csv: numeric columns \
            are features, --label-column the class. The model file (JSON) carries the trees, bin edges, \
            feature and label names, parameters, training history and the data's provenance.
            """)

    @Option(help: "Split to train on.") var split: String?
    @Option(help: "Fold whose training side to use (k-fold, LOSO, LOGO).") var fold = 0
    @Option(help: "Feature sets, comma-separated (e.g. gemaps,mfcc,level).") var features: String?
    @Option(help: "Must match the split's target (emotion, speaker or gender) when given.") var target: SplitTarget?
    @Option(help: "Pipeline spec hash whose features to use (default: the latest run with all sets).")
    var specHash: String?
    @Option(help: "Training feature table (CSV) instead of a split.") var trainCsv: String?
    @Option(help: "Validation feature table (CSV) for early stopping.") var validCsv: String?
    @Option(help: "Label column of the CSV tables.") var labelColumn = "label"
    @Option(help: "Numeric CSV columns that are not features.")
    var ignoreColumns = ExportWriters.listColumns.joined(separator: ",")
    @Option(help: "A text cell in a CSV column of numbers: error (naming row and column) or missing.")
    var nonNumeric: FeatureTable.NonNumericCells = .error
    @Option(help: "Where to write the model (JSON); missing folders are created.") var out: String
    @OptionGroup var training: TrainingOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        switch (split, trainCsv) {
        case (nil, nil): throw ValidationError("give --split NAME --features SETS, or --train-csv FILE")
        case (.some, .some): throw ValidationError("--split and --train-csv exclude each other")
        case (.some, nil) where FeatureSetList.parse(features).isEmpty:
            throw ValidationError("--split needs --features (e.g. --features gemaps)")
        default: break
        }
        guard fold >= 0 else { throw ValidationError("--fold must be 0 or more") }
    }

    func run() throws {
        let parameters = try training.parameters()
        let settings = try training.normalizationSettings()
        let model: Model
        if let trainCsv {
            guard settings.choice == .none, try training.innerFoldCount() == nil else {
                throw CommandError(
                    "--normalize \(settings.choice.rawValue) and --inner-folds need --split (a CSV table has no "
                        + "speakers); standardize the tables yourself or train on a split")
            }
            let trainTable = try FeatureTable.load(
                commandTable: trainCsv, labelColumn: labelColumn, ignoring: ignored, nonNumeric: nonNumeric)
            let trainSet = try LabeledDataset(table: trainTable)
            let validSet = try validCsv.map {
                try LabeledDataset(
                    table: try FeatureTable.load(
                        commandTable: $0, labelColumn: labelColumn, ignoring: ignored, nonNumeric: nonNumeric),
                    labelNames: trainSet.labelNames)
            }
            model = try Booster.train(
                trainSet, validation: validSet, parameters: parameters,
                provenance: ["tool_version": EmovoxVersion.current, "train_csv": trainCsv])
        } else {
            let catalog = try options.openCatalogForReading()
            let sets = FeatureSetList.parse(features)
            let data = try SplitData(catalog: catalog, split: split!, featureSets: sets, specHash: specHash)
            if let target, target != data.stored.target {
                throw CommandError(
                    "split \(data.stored.name) labels \(data.stored.target.rawValue), not \(target.rawValue); "
                        + "create a split with --target \(target.rawValue)")
            }
            guard fold < data.foldCount else {
                throw CommandError(
                    "split \(data.stored.name) has \(Plural.count(data.foldCount, "fold")); --fold \(fold) does not exist"
                )
            }
            let coverage = data.coverage(folds: fold..<fold + 1, mode: settings.choice)
            model = try ModelTraining.train(
                data, fold: fold, parameters: parameters, normalization: settings.resolved(coverage: coverage),
                innerFolds: try training.innerFoldCount(), catalog: catalog, featureSets: sets)
        }
        // Written like every other output: missing folders created, the old file replaced whole.
        try AtomicFile.write(try model.encoded(), to: out)
        let history = model.history
        if options.json {
            try JSONOutput.print([
                "model": out, "iterations": String(history.keptIterations),
                "stopped_early": String(history.stoppedEarly), "features": String(model.featureNames.count),
                "classes": model.labelNames.joined(separator: ","),
                "normalize": model.normalization?.mode.rawValue ?? "none",
            ])
        } else {
            let last = history.rounds.last
            print(
                "trained \(Plural.count(history.keptIterations, "round")) × "
                    + "\(Plural.count(model.treesPerIteration, "tree")) on "
                    + "\(Plural.count(model.featureNames.count, "feature")), "
                    + Plural.count(model.labelNames.count, "class", "classes")
                    + (history.stoppedEarly ? " (stopped early)" : "")
                    + (last.map { String(format: "; train log-loss %.4f", $0.trainLogLoss) } ?? "")
                    + (last?.validUAR.map { String(format: ", validation UAR %.3f", $0) } ?? ""))
            print("wrote \(out)")
        }
    }
}
