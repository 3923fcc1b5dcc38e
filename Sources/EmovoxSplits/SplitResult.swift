import Foundation

/// A finished split: what the catalog persists and the exporter writes out.
public struct SplitResult: Sendable, Hashable, Codable {
    /// The configuration that produced this result.
    public var configuration: SplitConfiguration
    /// 1 for holdout and utterance splits; the number of folds for fold-based ones.
    public var foldCount: Int
    /// One entry per kept item, ascending by sample ID.
    public var assignments: [SplitAssignment]
    /// Items removed by the label map, per original label.
    public var droppedByLabel: [String: Int]
    /// Composition of every side of every fold, ordered by fold then side.
    public var balanceReports: [SplitBalance]
    /// Training-side balancing per fold; empty when `configuration.balancing == .none`.
    public var trainingBalance: [TrainingBalance]
    /// See ``SplitContentHash``.
    public var contentHash: String
    /// The group value each fold leaves out, by fold index: the sorted speakers of a LOSO split, the
    /// sorted values of the group column of a LOGO split; nil for other strategies (and for splits
    /// stored before folds were named).
    public var foldNames: [String]?

    public init(
        configuration: SplitConfiguration, foldCount: Int, assignments: [SplitAssignment],
        droppedByLabel: [String: Int], balanceReports: [SplitBalance],
        trainingBalance: [TrainingBalance], foldNames: [String]? = nil
    ) {
        self.configuration = configuration
        self.foldCount = foldCount
        let isSorted = !zip(assignments, assignments.dropFirst()).contains {
            $0.sampleID > $1.sampleID
        }
        self.assignments = isSorted ? assignments : assignments.sorted { $0.sampleID < $1.sampleID }
        self.droppedByLabel = droppedByLabel
        self.balanceReports = balanceReports
        self.trainingBalance = trainingBalance
        self.contentHash = SplitContentHash.compute(assignments)
        self.foldNames = foldNames
    }

    /// How fold `fold` is called in reports: its group value when it has one, else its index.
    public func foldName(_ fold: Int) -> String {
        if let foldNames, foldNames.indices.contains(fold) { return foldNames[fold] }
        return String(fold)
    }

    /// Canonical text of the assignment, one line per item ascending by sample ID:
    /// `sampleID \t checksum \t label \t side \t fold \n`.
    public func canonicalAssignmentsTSV() -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(assignments.count * 96)
        for assignment in assignments {
            bytes.append(contentsOf: String(assignment.sampleID).utf8)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: assignment.checksum.utf8)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: assignment.label.utf8)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: assignment.side.rawValue.utf8)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: String(assignment.fold).utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return Data(bytes)
    }

    /// The whole result as stable JSON (sorted keys).
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Whether the item is training data in `fold`: side `train` for holdout/utterance splits,
    /// any fold other than its own for fold-based splits.
    public func isTraining(_ assignment: SplitAssignment, fold: Int) -> Bool {
        configuration.strategy.isFoldBased ? assignment.fold != fold : assignment.side == .train
    }

    /// Whether the item is test data in `fold`.
    public func isTest(_ assignment: SplitAssignment, fold: Int) -> Bool {
        assignment.side == .test && assignment.fold == fold
    }

    /// The weight of an item when training `fold`: nil when the item is not training data in that
    /// fold, 0 when down-sampling dropped it, its class weight under `.weights`, else 1.
    public func trainingWeight(_ assignment: SplitAssignment, fold: Int) -> Double? {
        guard isTraining(assignment, fold: fold) else { return nil }
        guard let balance = trainingBalance(fold: fold) else { return 1 }
        return balance.weight(label: assignment.label, sampleID: assignment.sampleID)
    }

    /// The training balance recorded for `fold`, if balancing was requested.
    public func trainingBalance(fold: Int) -> TrainingBalance? {
        trainingBalance.first { $0.fold == fold }
    }
}
