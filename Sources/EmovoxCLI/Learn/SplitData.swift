import EmovoxBoost
import EmovoxCatalog
import EmovoxSplits
import Foundation

/// A split's partitions with feature values, ready for the trainer: what `train`, `evaluate` and
/// `cv` share.
struct SplitData {
    let stored: StoredSplit
    let matrix: EmovoxCatalog.FeatureMatrix
    let partitions: SplitPartitions

    init(catalog: Catalog, split: String, featureSets: [String], specHash: String?) throws {
        stored = try catalog.split(named: split)
        let wanted = Set(stored.result.assignments.map(\.sampleID))
        var matrix = try catalog.featureMatrix(sets: featureSets, specHash: specHash)
        matrix.rows = matrix.rows.filter { wanted.contains($0.sampleId) }
        self.matrix = matrix
        partitions = try SplitPartitions(stored, catalog: catalog, features: matrix)
        if partitions.missingFeatures > 0 {
            let sets = featureSets.joined(separator: ",")
            log.warning(
                "\(Plural.count(partitions.missingFeatures, "sample")) of split \(split) have no stored values for \(sets) and are left out (run the pipeline on them)"
            )
        }
    }

    var isFoldBased: Bool { stored.result.configuration.strategy.isFoldBased }
    var foldCount: Int { stored.result.foldCount }

    /// The rows of `side` in `fold` (fold 0 for holdout and utterance splits).
    func rows(side: String, fold: Int) -> [ExportRow] {
        let folder = isFoldBased ? "fold-\(fold)" : ""
        return partitions.partitions.first { $0.side == side && $0.folder == folder }?.rows ?? []
    }

    /// A trainer dataset over `rows`, labels indexed in `labelNames` (the split's sorted labels),
    /// standardized by `normalization` (each speaker of `side` from its own rows).
    func dataset(
        _ rows: [ExportRow], weighted: Bool, normalization: FeatureNormalization? = nil, side: String = "train"
    ) throws -> LabeledDataset {
        let index = Dictionary(uniqueKeysWithValues: partitions.labels.enumerated().map { ($1, $0) })
        let features = try self.features(rows, normalization: normalization, side: side)
        return try LabeledDataset(
            features: features, labels: rows.map { index[$0.label]! }, labelNames: partitions.labels,
            weights: weighted ? rows.map { Float($0.weight) } : nil)
    }

    /// The feature matrix of `rows`, standardized by `normalization` when given.
    func features(_ rows: [ExportRow], normalization: FeatureNormalization?, side: String) throws
        -> EmovoxBoost.FeatureMatrix
    {
        guard let normalization else {
            return try EmovoxBoost.FeatureMatrix(featureNames: matrix.columns, rows: rows.map { $0.features ?? [] })
        }
        return try normalization.matrix(rows, columns: matrix.columns, side: side)
    }

    /// Label coverage of the training side of `folds` (each sample once), by speaker or by corpus.
    func coverage(folds: Range<Int>, mode: NormalizationChoice) -> LabelCoverage {
        partitions.trainingCoverage(
            folders: Set(folds.map { isFoldBased ? "fold-\($0)" : "" }), byCorpus: mode == .corpus)
    }

    /// Facts the model carries so it can be traced to its data and re-applied to new audio.
    func provenance(catalog: Catalog, featureSets: [String], fold: Int?) throws -> [String: String] {
        var provenance: [String: String] = [
            "tool_version": EmovoxVersion.current,
            "split": stored.name,
            "split_hash": stored.result.contentHash,
            "selection_hash": stored.selectionHash,
            "target": stored.target.rawValue,
            "feature_sets": featureSets.map { "\($0)@\(matrix.setVersions[$0] ?? 0)" }.joined(separator: ","),
            "pipeline_spec_hash": matrix.specHash,
        ]
        if let fold { provenance["fold"] = String(fold) }
        if let text = try catalog.specText(hash: matrix.specHash) { provenance["pipeline_spec"] = text }
        return provenance
    }
}
