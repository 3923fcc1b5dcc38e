import EmovoxSplits
import Testing

@Suite("Training balancing")
struct BalancingTests {
    /// RAVDESS with calm merged into neutral: 288 neutral vs 192 of the others, so unbalanced.
    static func unbalancedItems() -> [SplitItem] {
        SyntheticCatalog.ravdessLike().map { item in
            var copy = item
            if copy.label == "calm" { copy.label = "neutral" }
            return copy
        }
    }

    @Test("Down-sampling makes every training class the size of the smallest; test untouched")
    func downsampleHoldout() throws {
        let items = Self.unbalancedItems()
        let result = try Splitter.split(
            items,
            configuration: SplitConfiguration(
                strategy: .holdout(testFraction: 0.2), seed: 8, balancing: .downsample))
        let balance = try #require(result.trainingBalance(fold: 0))
        var kept: [String: Int] = [:]
        var trainingCounts: [String: Int] = [:]
        for assignment in result.assignments where assignment.side == .train {
            trainingCounts[assignment.label, default: 0] += 1
            if balance.isKept(sampleID: assignment.sampleID) {
                kept[assignment.label, default: 0] += 1
            }
        }
        #expect(balance.classCounts == trainingCounts)
        let minority = trainingCounts.values.min()!
        #expect(kept.count == 7)
        #expect(kept.values.allSatisfy { $0 == minority })
        // Only training samples are ever dropped.
        let testIDs = Set(result.assignments.filter { $0.side == .test }.map(\.sampleID))
        #expect(balance.droppedSampleIDs.allSatisfy { !testIDs.contains($0) })
        #expect(balance.droppedSampleIDs == balance.droppedSampleIDs.sorted())
    }

    @Test("Down-sampling per k-fold fold balances each fold's training side")
    func downsampleKFold() throws {
        let items = SyntheticCatalog.randomLarge(speakers: 80)
        let result = try Splitter.split(
            items,
            configuration: SplitConfiguration(strategy: .kfold(4), seed: 8, balancing: .downsample))
        #expect(result.trainingBalance.map(\.fold) == [0, 1, 2, 3])
        for fold in 0..<4 {
            let balance = try #require(result.trainingBalance(fold: fold))
            var kept: [String: Int] = [:]
            for assignment in result.assignments
            where result.isTraining(assignment, fold: fold)
                && balance.isKept(sampleID: assignment.sampleID)
            {
                kept[assignment.label, default: 0] += 1
            }
            #expect(Set(kept.values).count == 1, "fold \(fold): \(kept)")
            #expect(kept.values.first == balance.classCounts.values.min())
        }
    }

    @Test("Inverse-frequency weights average 1 and give every class the same total weight")
    func weights() throws {
        let items = SyntheticCatalog.randomLarge(speakers: 80)
        for strategy in [SplitStrategy.holdout(testFraction: 0.25), .kfold(3)] {
            let result = try Splitter.split(
                items,
                configuration: SplitConfiguration(strategy: strategy, seed: 8, balancing: .weights))
            for fold in 0..<result.foldCount {
                let balance = try #require(result.trainingBalance(fold: fold))
                let training = result.assignments.filter { result.isTraining($0, fold: fold) }
                let weights = training.compactMap { result.trainingWeight($0, fold: fold) }
                #expect(weights.count == training.count)
                let mean = weights.reduce(0, +) / Double(weights.count)
                #expect(abs(mean - 1) < 1e-9)
                var classTotals: [String: Double] = [:]
                for (assignment, weight) in zip(training, weights) {
                    classTotals[assignment.label, default: 0] += weight
                }
                let totals = classTotals.values
                #expect(totals.max()! - totals.min()! < 1e-6)
                #expect(balance.droppedSampleIDs.isEmpty)
            }
        }
    }

    @Test("No balancing records nothing")
    func none() throws {
        let result = try Splitter.split(
            SyntheticCatalog.ravdessLike(),
            configuration: SplitConfiguration(strategy: .holdout(testFraction: 0.2), seed: 1))
        #expect(result.trainingBalance.isEmpty)
    }
}
