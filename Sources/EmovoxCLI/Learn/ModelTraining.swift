import EmovoxBoost
import EmovoxCatalog

/// Training on one fold of a split: the training side with its weights, and the validation side
/// (holdout splits that have one) for early stopping. Shared by `train`, `cv` and the demo.
enum ModelTraining {
    static func train(
        _ data: SplitData, fold: Int, parameters: TrainingParameters, catalog: Catalog, featureSets: [String]
    ) throws -> Model {
        let trainRows = data.rows(side: "train", fold: fold)
        let validRows = data.isFoldBased ? [] : data.rows(side: "validation", fold: fold)
        return try Booster.train(
            try data.dataset(trainRows, weighted: true),
            validation: validRows.isEmpty ? nil : try data.dataset(validRows, weighted: false), parameters: parameters,
            provenance: try data.provenance(
                catalog: catalog, featureSets: featureSets, fold: data.isFoldBased ? fold : nil))
    }
}
