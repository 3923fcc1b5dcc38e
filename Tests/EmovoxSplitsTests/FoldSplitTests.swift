import EmovoxSplits
import Testing

@Suite("Fold-based splits")
struct FoldSplitTests {
    @Test("k=5 stratified folds cover every sample exactly once, without speaker leakage")
    func kfoldCoverage() throws {
        let items = SyntheticCatalog.randomLarge()
        let result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .kfold(5), seed: 11))
        #expect(result.foldCount == 5)
        #expect(result.assignments.map(\.sampleID) == items.map(\.sampleID).sorted())
        #expect(Set(result.assignments.map(\.sampleID)).count == items.count)
        #expect(result.assignments.allSatisfy { (0..<5).contains($0.fold) && $0.side == .test })
        SplitAssertions.expectNoSpeakerLeak(result, items)
        let allLabels = result.assignments.map(\.label)
        for fold in 0..<5 {
            let foldLabels = result.assignments.filter { $0.fold == fold }.map(\.label)
            #expect(abs(Double(foldLabels.count) / Double(items.count) - 0.2) <= 0.02)
            #expect(SplitAssertions.maxShareDifference(foldLabels, allLabels) <= 0.03)
        }
    }

    @Test("Round-robin deals sorted speakers to fold i mod k")
    func roundRobin() throws {
        let items = SyntheticCatalog.ravdessLike()
        let result = try Splitter.split(
            items,
            configuration: SplitConfiguration(strategy: .kfold(5, assignment: .roundRobin), seed: 0)
        )
        let speakerOf = Dictionary(uniqueKeysWithValues: items.map { ($0.sampleID, $0.speaker) })
        let sortedSpeakers = Set(items.map(\.speaker)).sorted()
        for assignment in result.assignments {
            let rank = sortedSpeakers.firstIndex(of: speakerOf[assignment.sampleID]!)!
            #expect(assignment.fold == rank % 5)
        }
        // Independent of the seed.
        let other = try Splitter.split(
            items,
            configuration: SplitConfiguration(strategy: .kfold(5, assignment: .roundRobin), seed: 9)
        )
        #expect(other.contentHash == result.contentHash)
    }

    @Test("LOSO yields one fold per speaker, in sorted speaker order")
    func loso() throws {
        let items = SyntheticCatalog.ravdessLike()
        let result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .loso, seed: 0))
        #expect(result.foldCount == 24)
        let speakerOf = Dictionary(uniqueKeysWithValues: items.map { ($0.sampleID, $0.speaker) })
        let sortedSpeakers = Set(items.map(\.speaker)).sorted()
        for fold in 0..<24 {
            let speakers = Set(
                result.assignments.filter { $0.fold == fold }.map { speakerOf[$0.sampleID]! })
            #expect(speakers == [sortedSpeakers[fold]])
        }
        SplitAssertions.expectNoSpeakerLeak(result, items)
        // Reports: the train side of a fold holds every other speaker.
        let train = try #require(result.balanceReports.first { $0.fold == 3 && $0.side == .train })
        #expect(train.speakerCount == 23)
        #expect(train.sampleCount == items.count - 60)
    }

    @Test("LOGO yields one fold per distinct group value, sorted", arguments: ["corpus", "gender"])
    func logo(column: String) throws {
        let items = SyntheticCatalog.randomLarge()
        let result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .logo(column), seed: 0))
        let values = Set(items.map { $0.groupValue(column)! }).sorted()
        #expect(result.foldCount == values.count)
        let valueOf = Dictionary(
            uniqueKeysWithValues: items.map { ($0.sampleID, $0.groupValue(column)!) })
        for (fold, value) in values.enumerated() {
            let foldValues = Set(
                result.assignments.filter { $0.fold == fold }.map { valueOf[$0.sampleID]! })
            #expect(foldValues == [value])
        }
        SplitAssertions.expectNoSpeakerLeak(result, items)
    }
}
