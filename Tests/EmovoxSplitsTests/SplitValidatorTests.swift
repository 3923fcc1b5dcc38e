import EmovoxSplits
import Testing

@Suite("Split validator")
struct SplitValidatorTests {
    @Test("Reports a speaker moved to the other side of a holdout split")
    func holdoutLeak() throws {
        let items = SyntheticCatalog.ravdessLike()
        var result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .holdout(testFraction: 0.2), seed: 1)
        )
        #expect(SplitValidator.check(result, items: items, statementsDisjoint: false).isEmpty)
        let index = try #require(result.assignments.firstIndex { $0.side == .test })
        result.assignments[index].side = .train
        let speaker = items.first { $0.sampleID == result.assignments[index].sampleID }!.speaker
        let violations = SplitValidator.check(result, items: items, statementsDisjoint: false)
        #expect(
            violations == [
                SplitViolation(kind: .speakerLeak, subject: speaker, detail: "train, test")
            ])
    }

    @Test("Reports a speaker spread over two folds, unknown and duplicate samples")
    func foldLeak() throws {
        let items = SyntheticCatalog.ravdessLike()
        var result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .kfold(4), seed: 1))
        result.assignments[0].fold = (result.assignments[0].fold + 1) % 4
        result.assignments.append(result.assignments[1])
        var unknown = result.assignments[2]
        unknown.sampleID = -5
        result.assignments.append(unknown)
        let kinds = SplitValidator.check(result, items: items, statementsDisjoint: false).map(
            \.kind)
        #expect(
            kinds.sorted { $0.rawValue < $1.rawValue } == [
                .duplicateSample, .speakerLeak, .unknownSample,
            ])
    }

    @Test("Statement leakage in a speaker-disjoint split is reported only when asked")
    func statementLeak() throws {
        let items = SyntheticCatalog.ravdessLike()
        let result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .holdout(testFraction: 0.2), seed: 1)
        )
        #expect(SplitValidator.check(result, items: items, statementsDisjoint: false).isEmpty)
        let violations = SplitValidator.check(result, items: items, statementsDisjoint: true)
        #expect(Set(violations.map(\.subject)) == ["dogs", "kids"])
        #expect(violations.allSatisfy { $0.kind == .statementLeak })
    }
}
