import EmovoxSplits
import Testing

/// Shared measurements on split results, computed from the assignments rather than the reports.
enum SplitAssertions {
    /// Share of each label among `items`.
    static func labelShares(_ labels: [String]) -> [String: Double] {
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts.mapValues { Double($0) / Double(labels.count) }
    }

    /// Max over labels of the absolute difference of shares.
    static func maxShareDifference(_ part: [String], _ whole: [String]) -> Double {
        let partShares = labelShares(part)
        let wholeShares = labelShares(whole)
        return wholeShares.keys.map { abs((partShares[$0] ?? 0) - wholeShares[$0]!) }.max() ?? 0
    }

    /// Every speaker must sit in exactly one placement (side for holdout, test fold for fold-based
    /// splits); checked directly and through ``SplitValidator``.
    static func expectNoSpeakerLeak(
        _ result: SplitResult, _ items: [SplitItem],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let speakerOf = Dictionary(uniqueKeysWithValues: items.map { ($0.sampleID, $0.speaker) })
        var placements: [String: Set<String>] = [:]
        for assignment in result.assignments {
            let placement =
                result.configuration.strategy.isFoldBased
                ? "fold \(assignment.fold)" : assignment.side.rawValue
            placements[speakerOf[assignment.sampleID]!, default: []].insert(placement)
        }
        let leaking = placements.filter { $0.value.count > 1 }.keys.sorted()
        #expect(
            leaking.isEmpty, "leaking speakers: \(leaking.prefix(5))",
            sourceLocation: sourceLocation)
        let violations = SplitValidator.check(result, items: items, statementsDisjoint: false)
        #expect(violations.isEmpty, "\(violations.prefix(3))", sourceLocation: sourceLocation)
    }
}
