import EmovoxSplits
import Testing

@Suite("Utterance split")
struct UtteranceSplitTests {
    @Test("Every speaker on both sides, each with its share of test items within one item")
    func everySpeakerOnBothSides() throws {
        let items = SyntheticCatalog.randomLarge()
        let result = try Splitter.split(
            items,
            configuration: SplitConfiguration(strategy: .utterance(testFraction: 0.25), seed: 2))
        let speakerOf = Dictionary(uniqueKeysWithValues: items.map { ($0.sampleID, $0.speaker) })
        var sides: [String: [SplitSide]] = [:]
        for assignment in result.assignments {
            sides[speakerOf[assignment.sampleID]!, default: []].append(assignment.side)
        }
        for (speaker, speakerSides) in sides {
            let tests = speakerSides.filter { $0 == .test }.count
            let target = Double(speakerSides.count) * 0.25
            #expect(tests >= 1 && tests < speakerSides.count, "\(speaker)")
            #expect(Double(tests) >= target.rounded(.down) && Double(tests) <= target.rounded(.up))
        }
        let allLabels = result.assignments.map(\.label)
        let testLabels = result.assignments.filter { $0.side == .test }.map(\.label)
        #expect(SplitAssertions.maxShareDifference(testLabels, allLabels) <= 0.03)
        // The validator does not call speakers on both sides leakage for utterance splits...
        #expect(SplitValidator.check(result, items: items, statementsDisjoint: false).isEmpty)
        // ...but statements are mixed here, and it notices when asked.
        #expect(
            SplitValidator.check(result, items: items, statementsDisjoint: true)
                .contains { $0.kind == .statementLeak })
    }

    @Test("Disjoint statements: each statement on one side, every speaker still on both")
    func disjointStatements() throws {
        do {
            let items = SyntheticCatalog.ravdessLike()
            let result = try Splitter.split(
                items,
                configuration: SplitConfiguration(
                    strategy: .utterance(testFraction: 0.3, disjointStatements: true), seed: 4))
            let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.sampleID, $0) })
            var statementSides: [String: Set<SplitSide>] = [:]
            var speakerSides: [String: Set<SplitSide>] = [:]
            for assignment in result.assignments {
                let item = byID[assignment.sampleID]!
                statementSides[item.statement!, default: []].insert(assignment.side)
                speakerSides[item.speaker, default: []].insert(assignment.side)
            }
            #expect(statementSides.values.allSatisfy { $0.count == 1 })
            #expect(speakerSides.values.allSatisfy { $0 == [.train, .test] })
            #expect(SplitValidator.check(result, items: items, statementsDisjoint: true).isEmpty)
        }
    }
}
