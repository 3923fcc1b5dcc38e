/// Independent check of a stored split against the items it was made from (`emovox split check`).
public enum SplitValidator {
    /// Lists every violation, sorted by kind then subject; empty when the split is sound.
    ///
    /// Speaker leakage is not checked for `.utterance` splits, whose point is to have every
    /// speaker on both sides. Statement leakage is checked only when `statementsDisjoint` is true.
    /// Byte-identical copies (one checksum) on two sides are always reported.
    /// A leave-one-group-out split on a column that speakers span (e.g. `statement`) mixes speakers
    /// across folds by construction, and that is reported as speaker leakage.
    public static func check(
        _ result: SplitResult, items: [SplitItem], statementsDisjoint: Bool
    ) -> [SplitViolation] {
        var itemByID: [Int64: SplitItem] = [:]
        itemByID.reserveCapacity(items.count)
        for item in items { itemByID[item.sampleID] = item }
        let foldBased = result.configuration.strategy.isFoldBased
        var checkSpeakers = true
        if case .utterance = result.configuration.strategy { checkSpeakers = false }

        var violations: [SplitViolation] = []
        var seen = Set<Int64>()
        // Placement = test fold for fold-based splits, side order otherwise.
        var speakerPlacements: [String: Set<Int>] = [:]
        var statementPlacements: [String: Set<Int>] = [:]
        for assignment in result.assignments {
            guard let item = itemByID[assignment.sampleID] else {
                violations.append(
                    SplitViolation(
                        kind: .unknownSample, subject: String(assignment.sampleID), detail: ""))
                continue
            }
            if !seen.insert(assignment.sampleID).inserted {
                violations.append(
                    SplitViolation(
                        kind: .duplicateSample, subject: String(assignment.sampleID), detail: ""))
            }
            let placement = foldBased ? assignment.fold : assignment.side.order
            if checkSpeakers { speakerPlacements[item.speaker, default: []].insert(placement) }
            if statementsDisjoint, let statement = item.statement {
                statementPlacements[statement, default: []].insert(placement)
            }
        }
        func describe(_ placements: Set<Int>) -> String {
            let sorted = placements.sorted()
            if foldBased { return "folds " + sorted.map(String.init).joined(separator: ", ") }
            return sorted.map { SplitSide.allCases[$0].rawValue }.joined(separator: ", ")
        }
        for (speaker, placements) in speakerPlacements.sorted(by: { $0.key < $1.key })
        where placements.count > 1 {
            violations.append(
                SplitViolation(kind: .speakerLeak, subject: speaker, detail: describe(placements)))
        }
        for (statement, placements) in statementPlacements.sorted(by: { $0.key < $1.key })
        where placements.count > 1 {
            violations.append(
                SplitViolation(
                    kind: .statementLeak, subject: statement, detail: describe(placements)))
        }
        for leak in DuplicateLeak.find(in: result) {
            violations.append(
                SplitViolation(
                    kind: .duplicateLeak, subject: leak.checksum,
                    detail: "\(leak.placements) (samples \(leak.sampleIDs.map(String.init).joined(separator: ", ")))"))
        }
        return violations
    }
}
