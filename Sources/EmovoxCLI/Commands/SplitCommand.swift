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
extension DuplicateHandling: ExpressibleByArgument {}

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
    @Option(
        help: """
            Byte-identical copies of one recording: refuse (fail when copies would be on two sides), \
            drop (keep the copy with the lowest sample id) or keep (allow, with a warning).
            """)
    var duplicates: DuplicateHandling = .refuse

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
        var warnings = try SelectionCheck.run(selection, catalog: catalog, json: options.json).warnings
        let configuration = SplitConfiguration(
            strategy: splitStrategy, seed: seed, stratifyByLabel: true, stratifyByGender: !noGenderStratification,
            balancing: balance, labelMap: try labelMap.map { try LabelMap(parsing: $0) })
        let creation: SplitCreation
        do {
            creation = try catalog.createSplit(
                name: name, target: target, filter: try selection.filter(), selectionText: selectionText,
                configuration: configuration, toolVersion: EmovoxVersion.current, duplicates: duplicates)
        } catch let error as DuplicateLeakError {
            throw UsageFailure.report(error.description, warnings: warnings, json: options.json)
        } catch let error as LabelMapMismatchError {
            throw UsageFailure.report(error.description, warnings: warnings, json: options.json)
        }
        // Warnings of the selection were printed by the check; these are the split's own.
        let duplicateWarnings = try Self.warnings(about: creation, catalog: catalog)
        for warning in duplicateWarnings { log.warning("\(warning)") }
        warnings += duplicateWarnings
        let stored = creation.split
        if options.json {
            var summary = SplitSummary(stored, unlabelled: creation.unlabelled)
            summary.droppedDuplicates = creation.droppedDuplicates
            summary.warnings = warnings
            try JSONOutput.print(summary)
        } else {
            if creation.unlabelled > 0 {
                print(
                    "\(Plural.count(creation.unlabelled, "selected sample")) without \(target.rawValue) "
                        + "\(creation.unlabelled == 1 ? "was" : "were") left out")
            }
            print(SplitRendering.text(stored))
        }
    }
}

extension SplitCreateCommand {
    /// What `--duplicates keep` let through (one line per recording) and `--duplicates drop` left out.
    static func warnings(about creation: SplitCreation, catalog: Catalog) throws -> [String] {
        var warnings: [String] = []
        let groups = try catalog.duplicateGroups(of: creation.keptLeaks)
        for (leak, group) in zip(creation.keptLeaks, groups) {
            warnings.append("copies of one recording are in \(leak.placements) (--duplicates keep): \(group.summary)")
        }
        let dropped = creation.droppedDuplicates
        if !dropped.isEmpty {
            warnings.append(
                "--duplicates drop left out \(dropped.count) byte-identical cop\(dropped.count == 1 ? "y" : "ies") "
                    + "(sample ids " + dropped.prefix(20).map(String.init).joined(separator: ", ")
                    + (dropped.count > 20 ? ", …" : "") + ")")
        }
        return warnings
    }
}

/// `emovox split show NAME`.
struct SplitShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Sizes and label/gender distributions of each side and fold.")
    @Argument(help: "Name of the split.") var name: String
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let stored = try options.openCatalogForReading().split(named: name)
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
        abstract:
            "Verify that no speaker (with --statements, no statement) and no recording (byte-identical copies) appears on two sides of any fold."
    )
    @Argument(help: "Name of the split.") var name: String
    @Flag(help: "Also require statements (texts) to be disjoint between sides.") var statements = false
    @OptionGroup var options: CatalogOptions

    struct Report: Encodable {
        var split: String
        var ok: Bool
        var violations: [String]
        /// Groups of byte-identical copies on two sides, with their paths and speakers.
        var duplicates: [DuplicateGroup]
        var balance: [SplitBalance]
        /// Per-speaker label coverage of the training sides (is speaker normalization safe?).
        var labelCoverage: LabelCoverage

        enum CodingKeys: String, CodingKey {
            case split, ok, violations, duplicates, balance
            case labelCoverage = "label_coverage"
        }
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        let stored = try catalog.split(named: name)
        let ids = Set(stored.result.assignments.map(\.sampleID))
        let items = try catalog.splitItems(filter: .all, target: stored.target).items.filter {
            ids.contains($0.sampleID)
        }
        var violations = SplitValidator.check(stored.result, items: items, statementsDisjoint: statements)
            .map(\.description)
        if items.count != ids.count {
            violations.append(
                "\(Plural.count(ids.count - items.count, "sample")) of the split "
                    + "\(ids.count - items.count == 1 ? "is" : "are") no longer catalogued with a label")
        }
        let duplicates = try catalog.duplicateGroups(of: DuplicateLeak.find(in: stored.result))
        let coverage = try SplitPartitions(stored, catalog: catalog, features: nil).trainingCoverage()
        if !coverage.safe { log.warning("\(coverage.summary)") }
        if options.json {
            try JSONOutput.print(
                Report(
                    split: name, ok: violations.isEmpty, violations: violations, duplicates: duplicates,
                    balance: stored.result.balanceReports, labelCoverage: coverage))
        } else {
            print(SplitRendering.text(stored))
            print("")
            if violations.isEmpty {
                print("ok: no speaker\(statements ? " or statement" : "") appears on two sides")
            } else {
                for violation in violations.prefix(50) { print("violation: \(violation)") }
                for group in duplicates.prefix(50) { print("duplicate on two sides: \(group.summary)") }
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
        let splits = try options.openCatalogForReading().splitList()
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
