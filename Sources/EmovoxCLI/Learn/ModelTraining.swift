import EmovoxBoost
import EmovoxCatalog

/// Training on one fold of a split: the training side with its weights, and the validation side
/// (holdout splits that have one) for early stopping, both standardized as `normalization` says
/// (already resolved: see `NormalizationSettings.resolved`). Shared by `train`, `cv` and the demo.
enum ModelTraining {
    static func train(
        _ data: SplitData, fold: Int, parameters: TrainingParameters,
        normalization settings: NormalizationSettings =
            .init(), innerFolds: Int? = nil, catalog: Catalog, featureSets: [String]
    ) throws -> Model {
        let trainRows = data.rows(side: "train", fold: fold)
        let validRows = data.isFoldBased ? [] : data.rows(side: "validation", fold: fold)
        var parameters = parameters
        var provenance = try data.provenance(
            catalog: catalog, featureSets: featureSets, fold: data.isFoldBased ? fold : nil)
        if let innerFolds {
            let choice = try InnerValidation.chooseRounds(
                data, trainRows: trainRows, folds: innerFolds, parameters: parameters, normalization: settings)
            provenance["rounds_chosen_by"] =
                "\(innerFolds) speaker-disjoint inner folds (\(parameters.earlyStoppingMetric.rawValue)): "
                + "\(choice.rounds) of \(parameters.numIterations)"
            parameters.numIterations = choice.rounds
        }
        let normalization = try FeatureNormalization.fit(settings, trainRows: trainRows, columns: data.matrix.columns)
        var model = try Booster.train(
            try data.dataset(trainRows, weighted: true, normalization: normalization, side: "train"),
            validation: validRows.isEmpty
                ? nil
                : try data.dataset(validRows, weighted: false, normalization: normalization, side: "validation"),
            parameters: parameters, provenance: provenance)
        model.normalization = normalization
        return model
    }
}
