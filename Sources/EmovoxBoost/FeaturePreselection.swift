import Foundation

/// Filter-based feature pre-selection: ranks every feature by a univariate relevance score computed
/// on the training rows alone and keeps the best `count`.
///
/// It runs inside `Booster.train`, on the training set the booster was given, so in cross-validation
/// each fold selects from its own training side and the test side never influences which features
/// exist — the usual leak of selecting on the whole corpus before splitting cannot happen here.
///
/// Scores are computed from the quantile-binned matrix the learner already holds (no second pass
/// over raw values), with the effective sample weights (so `classWeight: balanced` ranks features
/// by how well they separate classes of equal prior):
/// - `mutualInformation`: I(feature; class) in nats, with the feature coarsened to at most
///   `mutualInformationGroups` equal-weight groups of adjacent bins (plus a group for missing
///   values). Coarsening keeps the plug-in estimator's upward bias — roughly
///   (groups − 1)(classes − 1) / 2n — about the same for every feature, so features with many
///   distinct values are not favoured merely for having them.
/// - `anova`: the one-way ANOVA F statistic of the feature's bin index across classes. Bins are
///   quantiles, so this is an F test on ranks (close to Kruskal–Wallis): insensitive to scale and
///   to outliers, which raw-value F scores are not. Missing values are left out.
///
/// Ties are broken by feature index, so the selection is deterministic.
enum FeaturePreselection {
    /// Upper bound on the groups a feature is coarsened to for mutual information.
    static let mutualInformationGroups = 16

    /// Indices (ascending) of the `count` best-scoring features among `candidates`.
    static func select(
        _ candidates: [Int], count: Int, method: TrainingParameters.FeatureSelection, binned: BinnedMatrix,
        binnings: [FeatureBinning], labels: [Int], classCount: Int, weights: [Float], threads: Int
    ) -> [Int] {
        guard method != .none, count < candidates.count else { return candidates }
        let scores = self.scores(
            of: candidates, method: method, binned: binned, binnings: binnings, labels: labels,
            classCount: classCount, weights: weights, threads: threads)
        let ranked = candidates.indices.sorted { a, b in
            scores[a] != scores[b] ? scores[a] > scores[b] : candidates[a] < candidates[b]
        }
        return ranked.prefix(max(1, count)).map { candidates[$0] }.sorted()
    }

    /// The relevance score of each candidate (same order as `candidates`); higher is better.
    static func scores(
        of candidates: [Int], method: TrainingParameters.FeatureSelection, binned: BinnedMatrix,
        binnings: [FeatureBinning], labels: [Int], classCount: Int, weights: [Float], threads: Int
    ) -> [Double] {
        var scores = [Double](repeating: 0, count: candidates.count)
        let rowCount = binned.rowCount
        let bins = SendablePointer(UnsafePointer(binned.bins))
        scores.withUnsafeMutableBufferPointer { output in
            let target = SendableMutablePointer(output.baseAddress)
            labels.withUnsafeBufferPointer { labels in
                weights.withUnsafeBufferPointer { weights in
                    let labelPointer = SendablePointer(labels.baseAddress)
                    let weightPointer = SendablePointer(weights.baseAddress)
                    ParallelRunner(threads: threads).forEachChunk(count: candidates.count) { index in
                        let feature = candidates[index]
                        let binning = binnings[feature]
                        // Weighted (bin × class) contingency table of this feature.
                        var table = [Double](repeating: 0, count: binning.binCount * classCount)
                        let column = bins.pointer! + feature * rowCount
                        for row in 0..<rowCount {
                            table[Int(column[row]) * classCount + labelPointer[row]] += Double(weightPointer[row])
                        }
                        target.pointer![index] =
                            switch method {
                            case .none: 0
                            case .mutualInformation:
                                mutualInformation(table: table, binning: binning, classCount: classCount)
                            case .anova: anovaF(table: table, binning: binning, classCount: classCount)
                            }
                    }
                }
            }
        }
        return scores
    }

    /// Mutual information of the coarsened feature and the class, from a bin × class table.
    static func mutualInformation(table: [Double], binning: FeatureBinning, classCount: Int) -> Double {
        let valueBins = binning.valueBinCount
        var valueTotal = 0.0
        for bin in 0..<valueBins { for c in 0..<classCount { valueTotal += table[bin * classCount + c] } }
        // Merge adjacent value bins into groups of about equal weight; missing values form their own.
        var groups: [[Double]] = []
        var current = [Double](repeating: 0, count: classCount)
        var currentWeight = 0.0
        var cumulative = 0.0
        let groupWeight = valueTotal / Double(mutualInformationGroups)
        for bin in 0..<valueBins {
            for c in 0..<classCount {
                current[c] += table[bin * classCount + c]
                currentWeight += table[bin * classCount + c]
                cumulative += table[bin * classCount + c]
            }
            if currentWeight > 0 && cumulative >= Double(groups.count + 1) * groupWeight - 1e-9 {
                groups.append(current)
                current = [Double](repeating: 0, count: classCount)
                currentWeight = 0
            }
        }
        if currentWeight > 0 { groups.append(current) }
        let missing = (0..<classCount).map { table[binning.missingBin * classCount + $0] }
        if missing.contains(where: { $0 > 0 }) { groups.append(missing) }

        var classTotals = [Double](repeating: 0, count: classCount)
        var total = 0.0
        for group in groups {
            for c in 0..<classCount {
                classTotals[c] += group[c]
                total += group[c]
            }
        }
        guard total > 0 else { return 0 }
        var information = 0.0
        for group in groups {
            let groupTotal = group.reduce(0, +)
            for c in 0..<classCount where group[c] > 0 {
                information += group[c] / total * log(group[c] * total / (groupTotal * classTotals[c]))
            }
        }
        return information
    }

    /// One-way ANOVA F of the bin index across classes (missing values excluded); 0 when undefined.
    static func anovaF(table: [Double], binning: FeatureBinning, classCount: Int) -> Double {
        var weight = [Double](repeating: 0, count: classCount)
        var sum = [Double](repeating: 0, count: classCount)
        var sumSquares = [Double](repeating: 0, count: classCount)
        for bin in 0..<binning.valueBinCount {
            let x = Double(bin)
            for c in 0..<classCount {
                let w = table[bin * classCount + c]
                weight[c] += w
                sum[c] += w * x
                sumSquares[c] += w * x * x
            }
        }
        let total = weight.reduce(0, +)
        let groups = weight.filter { $0 > 0 }.count
        guard groups >= 2, total > Double(groups) else { return 0 }
        let grandMean = sum.reduce(0, +) / total
        var between = 0.0
        var within = 0.0
        for c in 0..<classCount where weight[c] > 0 {
            let mean = sum[c] / weight[c]
            between += weight[c] * (mean - grandMean) * (mean - grandMean)
            within += sumSquares[c] - weight[c] * mean * mean
        }
        let betweenMean = between / Double(groups - 1)
        let withinMean = max(within, 0) / (total - Double(groups))
        guard withinMean > 0 else { return between > 0 ? .greatestFiniteMagnitude : 0 }
        return betweenMean / withinMean
    }
}
