import EmovoxCatalog
import EmovoxSplits
import Foundation

/// The JSON shape of a split for `--json` and `meta.json`.
struct SplitSummary: Encodable {
    var name: String
    var target: String
    var selection: String
    var selectionHash: String
    var contentHash: String
    var toolVersion: String
    var configuration: SplitConfiguration
    var folds: Int
    /// LOSO and LOGO: the group value each fold leaves out, by fold index.
    var foldNames: [String]?
    var samples: Int
    var droppedByLabelMap: [String: Int]
    var unlabelled: Int?
    var balance: [SplitBalance]
    var trainingBalance: [TrainingBalance]
    /// Sample IDs left out by `--duplicates drop` (at creation only).
    var droppedDuplicates: [Int64]?
    /// What selected less than asked or was let through (at creation only).
    var warnings: [String]?

    init(_ stored: StoredSplit, unlabelled: Int?) {
        name = stored.name
        target = stored.target.rawValue
        selection = stored.selection
        selectionHash = stored.selectionHash
        contentHash = stored.result.contentHash
        toolVersion = stored.toolVersion
        configuration = stored.result.configuration
        folds = stored.result.foldCount
        foldNames = stored.result.foldNames
        samples = stored.result.assignments.count
        droppedByLabelMap = stored.result.droppedByLabel
        self.unlabelled = unlabelled
        balance = stored.result.balanceReports
        trainingBalance = stored.result.trainingBalance
    }

    enum CodingKeys: String, CodingKey {
        case name, target, selection
        case selectionHash = "selection_hash"
        case contentHash = "content_hash"
        case toolVersion = "tool_version"
        case configuration, folds
        case foldNames = "fold_names"
        case samples
        case droppedByLabelMap = "dropped_by_label_map"
        case unlabelled, balance
        case trainingBalance = "training_balance"
        case droppedDuplicates = "dropped_duplicates"
        case warnings
    }
}

/// Text rendering of a split's balance.
enum SplitRendering {
    static func text(_ stored: StoredSplit) -> String {
        let result = stored.result
        var out: [String] = []
        out.append(
            "split \(stored.name): \(result.configuration.strategy.kind), target \(stored.target.rawValue), "
                + "seed \(result.configuration.seed), \(Plural.count(result.assignments.count, "sample")), \(Plural.count(result.foldCount, "fold"))"
        )
        out.append("content hash \(result.contentHash)")
        let dropped = result.droppedByLabel.filter { $0.value > 0 }
        if !dropped.isEmpty {
            out.append(
                "dropped by the label map: "
                    + dropped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let labels = Set(result.balanceReports.flatMap(\.labelCounts.keys)).sorted()
        let genders = Set(result.balanceReports.flatMap(\.genderCounts.keys)).sorted()
        var table = TextTable(
            ["fold", "side", "samples", "speakers", "share %"] + labels + genders + ["max dev. pp"])
        for report in result.balanceReports {
            table.add(
                [
                    result.foldName(report.fold), report.side.rawValue, String(report.sampleCount),
                    String(report.speakerCount),
                    String(format: "%.1f", 100 * report.fraction),
                ]
                    + labels.map { String(report.labelCounts[$0] ?? 0) }
                    + genders.map { String(report.genderCounts[$0] ?? 0) }
                    + [String(format: "%.2f", 100 * report.deviation)])
        }
        out.append(table.render())
        return out.joined(separator: "\n")
    }
}
