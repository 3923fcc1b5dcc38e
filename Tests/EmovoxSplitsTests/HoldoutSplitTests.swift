import EmovoxSplits
import Testing

@Suite("Holdout split")
struct HoldoutSplitTests {
    static let catalogs: [(name: String, items: [SplitItem])] = [
        ("ravdess-like", SyntheticCatalog.ravdessLike()),
        ("random-300", SyntheticCatalog.randomLarge()),
    ]

    @Test(
        "80/20 is speaker-disjoint and each side's label mix is within 3 points of the whole",
        arguments: [0, 1])
    func stratifiedEightyTwenty(catalog: Int) throws {
        let items = Self.catalogs[catalog].items
        let result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .holdout(testFraction: 0.2), seed: 1)
        )
        SplitAssertions.expectNoSpeakerLeak(result, items)
        #expect(result.assignments.count == items.count)
        #expect(result.foldCount == 1)

        let allLabels = result.assignments.map(\.label)
        for side in [SplitSide.train, .test] {
            let sideLabels = result.assignments.filter { $0.side == side }.map(\.label)
            let difference = SplitAssertions.maxShareDifference(sideLabels, allLabels)
            #expect(difference <= 0.03, "\(side): label shares differ by \(difference)")
            // The reported deviation must be the one we measure.
            let report = try #require(result.balanceReports.first { $0.side == side })
            #expect(abs(report.labelDeviation - difference) < 1e-12)
            #expect(report.sampleCount == sideLabels.count)
        }
        // Sample fraction honoured to within the granularity of one (largest) speaker.
        let speakerSizes = Dictionary(grouping: items, by: \.speaker).values.map(\.count)
        let granularity = Double(speakerSizes.max()!) / Double(items.count)
        let testShare =
            Double(result.assignments.filter { $0.side == .test }.count) / Double(items.count)
        #expect(abs(testShare - 0.2) <= granularity + 0.01, "test share \(testShare)")
    }

    @Test("Gender balance: the test side's gender shares track the selection's")
    func genderBalance() throws {
        let items = SyntheticCatalog.randomLarge()
        let result = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: .holdout(testFraction: 0.2), seed: 3)
        )
        let genderOf = Dictionary(uniqueKeysWithValues: items.map { ($0.sampleID, $0.gender) })
        let testGenders = result.assignments.filter { $0.side == .test }.map {
            genderOf[$0.sampleID]!
        }
        let difference = SplitAssertions.maxShareDifference(testGenders, items.map(\.gender))
        #expect(difference <= 0.03)
        let report = try #require(result.balanceReports.first { $0.side == .test })
        #expect(abs(report.genderDeviation - difference) < 1e-12)
    }

    @Test("Train/validation/test: three speaker-disjoint sides near their target fractions")
    func withValidation() throws {
        let items = SyntheticCatalog.randomLarge()
        let result = try Splitter.split(
            items,
            configuration: SplitConfiguration(
                strategy: .holdout(testFraction: 0.2, validationFraction: 0.1), seed: 5))
        SplitAssertions.expectNoSpeakerLeak(result, items)
        let allLabels = result.assignments.map(\.label)
        for (side, target) in [(SplitSide.train, 0.7), (.validation, 0.1), (.test, 0.2)] {
            let sideLabels = result.assignments.filter { $0.side == side }.map(\.label)
            #expect(abs(Double(sideLabels.count) / Double(items.count) - target) <= 0.02)
            #expect(SplitAssertions.maxShareDifference(sideLabels, allLabels) <= 0.03)
        }
        #expect(result.balanceReports.map(\.side) == [.train, .validation, .test])
    }
}
