import ArgumentParser
import EmovoxCatalog
import EmovoxSplits
import Foundation

/// `emovox split`: create, inspect, verify and delete named splits.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Speaker-independent, stratified, reproducible train/test splits and folds.",
        subcommands: [
            SplitCreateCommand.self, SplitShowCommand.self, SplitCheckCommand.self, SplitListCommand.self,
            SplitDeleteCommand.self,
        ])
}

extension SplitSide: ExpressibleByArgument {}
extension TrainingBalancing: ExpressibleByArgument {}
extension KFoldAssignment: ExpressibleByArgument {}
extension SplitTarget: ExpressibleByArgument {}

/// The strategies `--strategy` accepts.
enum SplitStrategyName: String, ExpressibleByArgument, CaseIterable {
    case holdout, kfold, loso, logo, utterance
}

/// `emovox split create NAME`.
struct SplitCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a named split of the selected samples.",
        discussion: """
            Strategies: holdout (speaker-disjoint train/test, optionally validation), kfold (K speaker-disjoint \
            folds), loso (leave one speaker out), logo --group COLUMN (leave one group out: corpus, language, \
            gender, statement, …), utterance (every speaker on both sides, for speaker identification). The \
            same selection, options and seed always give the same assignment, byte for byte.
            """)

    @Argument(help: "Name of the split.") var name: String
    @Option(help: "holdout, kfold, loso, logo or utterance.") var strategy: SplitStrategyName = .holdout
    @Option(help: "Test fraction for holdout and utterance.") var testFraction = 0.2
    @Option(help: "Validation fraction for holdout.") var validationFraction: Double?
    @Option(help: "Number of folds for kfold.") var folds = 5
    @Option(help: "Fold assignment for kfold: stratified-search or round-robin (sorted speakers dealt in turn).")
    var assignment: KFoldAssignment = .stratifiedSearch
    @Option(help: "Column whose values are the groups for logo.") var group: String?
    @Flag(help: "For utterance: keep each statement (text) on one side.") var disjointStatements = false
    @Option(help: "Seed of the split's random search.") var seed: UInt64 = 0
    @Option(help: "Label map, e.g. \"calm=neutral,neutral=neutral,happy=happy\"; unmapped labels are dropped.")
    var labelMap: String?
    @Option(help: "Balance the training side: none, downsample or weights.") var balance: TrainingBalancing = .none
    @Option(help: "What the labels are: emotion, speaker or gender.") var target: SplitTarget = .emotion
    @Flag(help: "Do not balance gender across sides.") var noGenderStratification = false

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        if strategy == .logo, group == nil { throw ValidationError("--strategy logo needs --group COLUMN") }
        if let group {
            do {
                _ = try CatalogColumn.named(group)
            } catch {
                throw ValidationError("--group: \(error.message)")
            }
        }
        if let labelMap {
            do {
                _ = try LabelMap(parsing: labelMap)
            } catch {
                throw ValidationError("--label-map: \(error)")
            }
        }
        guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw ValidationError("split names use letters, digits, '.', '_' and '-'")
        }
    }

    var splitStrategy: SplitStrategy {
        switch strategy {
        case .holdout: .holdout(testFraction: testFraction, validationFraction: validationFraction)
        case .kfold: .kfold(folds, assignment: assignment)
        case .loso: .loso
        case .logo: .logo(group ?? "corpus")
        case .utterance: .utterance(testFraction: testFraction, disjointStatements: disjointStatements)
        }
    }

    var selectionText: String {
        [selection.corpus.map { "corpus = \($0)" }, selection.condition].compactMap { $0 }.joined(separator: " and ")
    }

    func run() throws {
        let catalog = try options.openCatalog()
        let configuration = SplitConfiguration(
            strategy: splitStrategy, seed: seed, stratifyByLabel: true, stratifyByGender: !noGenderStratification,
            balancing: balance, labelMap: try labelMap.map { try LabelMap(parsing: $0) })
        let (stored, unlabelled) = try catalog.createSplit(
            name: name, target: target, filter: try selection.filter(), selectionText: selectionText,
            configuration: configuration, toolVersion: EmovoxVersion.current)
        if options.json {
            try JSONOutput.print(SplitSummary(stored, unlabelled: unlabelled))
        } else {
            if unlabelled > 0 { print("\(unlabelled) selected samples have no \(target.rawValue) and were left out") }
            print(SplitRendering.text(stored))
        }
    }
}

/// `emovox split show NAME`.
struct SplitShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Sizes and label/gender distributions of each side and fold.")
    @Argument(help: "Name of the split.") var name: String
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let stored = try options.openCatalog().split(named: name)
        if options.json {
            try JSONOutput.print(SplitSummary(stored, unlabelled: nil))
        } else {
            print(SplitRendering.text(stored))
        }
    }
}

/// `emovox split check NAME`: no speaker (and optionally no statement) on two sides.
struct SplitCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify that no speaker (with --statements, no statement) appears on two sides of any fold.")
    @Argument(help: "Name of the split.") var name: String
    @Flag(help: "Also require statements (texts) to be disjoint between sides.") var statements = false
    @OptionGroup var options: CatalogOptions

    struct Report: Encodable {
        var split: String
        var ok: Bool
        var violations: [String]
        var balance: [SplitBalance]
        /// Per-speaker label coverage of the training sides (is speaker normalization safe?).
        var labelCoverage: LabelCoverage

        enum CodingKeys: String, CodingKey {
            case split, ok, violations, balance
            case labelCoverage = "label_coverage"
        }
    }

    func run() throws {
        let catalog = try options.openCatalog()
        let stored = try catalog.split(named: name)
        let ids = Set(stored.result.assignments.map(\.sampleID))
        let items = try catalog.splitItems(filter: .all, target: stored.target).items.filter {
            ids.contains($0.sampleID)
        }
        var violations = SplitValidator.check(stored.result, items: items, statementsDisjoint: statements)
            .map(\.description)
        if items.count != ids.count {
            violations.append("\(ids.count - items.count) samples of the split are no longer catalogued with a label")
        }
        let coverage = try SplitPartitions(stored, catalog: catalog, features: nil).trainingCoverage()
        if !coverage.safe { log.warning("\(coverage.summary)") }
        if options.json {
            try JSONOutput.print(
                Report(
                    split: name, ok: violations.isEmpty, violations: violations, balance: stored.result.balanceReports,
                    labelCoverage: coverage))
        } else {
            print(SplitRendering.text(stored))
            print("")
            if violations.isEmpty {
                print("ok: no speaker\(statements ? " or statement" : "") appears on two sides")
            } else {
                for violation in violations.prefix(50) { print("violation: \(violation)") }
            }
            print(coverage.summary)
        }
        if !violations.isEmpty { throw ExitCode(1) }
    }
}

/// `emovox split list`.
struct SplitListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored splits.")
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let splits = try options.openCatalog().splitList()
        if options.json {
            try JSONOutput.print(
                splits.map {
                    [
                        "name": $0.name, "target": $0.target, "samples": String($0.samples),
                        "content_hash": $0.contentHash,
                    ]
                })
            return
        }
        var table = TextTable(["split", "target", "samples", "content hash"])
        for split in splits {
            table.add([split.name, split.target, String(split.samples), String(split.contentHash.prefix(16))])
        }
        print(table.render())
    }
}

/// `emovox split delete NAME`.
struct SplitDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a stored split.")
    @Argument(help: "Name of the split.") var name: String
    @OptionGroup var options: CatalogOptions

    func run() throws {
        guard try options.openCatalog().deleteSplit(named: name) else {
            throw CommandError("no split named '\(name)'")
        }
        if !options.json { print("deleted split \(name)") }
    }
}
