import EmovoxCatalog
import EmovoxSplits

/// Turns a stored split into the partitions users train and test on: sides for holdout and
/// utterance splits, (train, test) per fold for fold-based ones.
struct SplitPartitions {
    var partitions: [ExportPartition]
    /// Sorted labels of the split (after its label map).
    var labels: [String]
    /// Samples of the split left out because the feature matrix has no values for them.
    var missingFeatures: Int

    /// - Parameter features: values by sample id, in the matrix's column order; nil exports lists only.
    init(_ stored: StoredSplit, catalog: Catalog, features: FeatureMatrix?) throws {
        let result = stored.result
        let info = try catalog.sampleInfo(ids: result.assignments.map(\.sampleID))
        var values: [Int64: [Double]]?
        if let features {
            values = Dictionary(uniqueKeysWithValues: features.rows.map { ($0.sampleId, $0.values) })
        }
        var missing = Set<Int64>()
        func row(_ assignment: SplitAssignment, weight: Double) -> ExportRow? {
            guard let sample = info[assignment.sampleID] else { return nil }
            var vector: [Double]?
            if let values {
                guard let found = values[assignment.sampleID] else {
                    missing.insert(assignment.sampleID)
                    return nil
                }
                vector = found
            }
            return ExportRow(
                sampleId: assignment.sampleID, checksum: assignment.checksum, info: sample, label: assignment.label,
                weight: weight, features: vector)
        }
        var partitions: [ExportPartition] = []
        if result.configuration.strategy.isFoldBased {
            for fold in 0..<result.foldCount {
                var train: [ExportRow] = []
                var test: [ExportRow] = []
                for assignment in result.assignments {
                    if result.isTest(assignment, fold: fold) {
                        if let r = row(assignment, weight: 1) { test.append(r) }
                    } else if let weight = result.trainingWeight(assignment, fold: fold), weight > 0 {
                        if let r = row(assignment, weight: weight) { train.append(r) }
                    }
                }
                partitions.append(ExportPartition(side: "train", folder: "fold-\(fold)", rows: train))
                partitions.append(ExportPartition(side: "test", folder: "fold-\(fold)", rows: test))
            }
        } else {
            for side in SplitSide.allCases.sorted() {
                var rows: [ExportRow] = []
                for assignment in result.assignments where assignment.side == side {
                    let weight = side == .train ? (result.trainingWeight(assignment, fold: 0) ?? 1) : 1
                    if weight > 0, let r = row(assignment, weight: weight) { rows.append(r) }
                }
                if !rows.isEmpty || side != .validation {
                    partitions.append(ExportPartition(side: side.rawValue, folder: "", rows: rows))
                }
            }
        }
        self.partitions = partitions
        labels = Set(result.assignments.map(\.label)).sorted()
        missingFeatures = missing.count
    }
}
