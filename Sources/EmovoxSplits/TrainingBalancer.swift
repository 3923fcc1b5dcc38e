/// Applies ``TrainingBalancing`` to the training side of every fold.
enum TrainingBalancer {
    /// Cost is O(items × folds): fine for holdout and k-fold; for LOSO/LOGO with thousands of folds
    /// prefer `.weights` (whose storage does not grow with the number of items).
    static func balance(
        _ selection: PreparedSelection, sides: [SplitSide], folds: [Int], foldCount: Int,
        foldBased: Bool, method: TrainingBalancing, seed: UInt64
    ) -> [TrainingBalance] {
        guard method != .none else { return [] }
        let labels = selection.labels.count
        var training: [[Int]] = Array(repeating: [], count: labels)
        var balances: [TrainingBalance] = []
        for fold in 0..<foldCount {
            for label in 0..<labels { training[label].removeAll(keepingCapacity: true) }
            for item in 0..<selection.count {
                let isTraining = foldBased ? folds[item] != fold : sides[item] == .train
                if isTraining { training[selection.labelOf[item]].append(item) }
            }
            var classCounts: [String: Int] = [:]
            for label in 0..<labels { classCounts[selection.labels[label]] = training[label].count }
            let present = (0..<labels).filter { !training[$0].isEmpty }
            let trainingSize = present.reduce(0) { $0 + training[$1].count }
            var classWeights: [String: Double] = [:]
            var dropped: [Int64] = []
            switch method {
            case .none:
                break
            case .weights:
                // n / (L · n_l): every class carries the same total weight and the mean is 1.
                for label in present {
                    classWeights[selection.labels[label]] =
                        Double(trainingSize)
                        / (Double(present.count) * Double(training[label].count))
                }
            case .downsample:
                let minority = present.map { training[$0].count }.min() ?? 0
                for label in present {
                    classWeights[selection.labels[label]] = 1
                    guard training[label].count > minority else { continue }
                    var generator = Xoshiro256StarStar(
                        seed: seed, stream: RandomStream.downsampling.rawValue,
                        index: UInt64(fold) << 32 | UInt64(label))
                    training[label].seededShuffle(using: &generator)
                    for item in training[label][minority...] {
                        dropped.append(selection.items[item].sampleID)
                    }
                }
                dropped.sort()
            }
            balances.append(
                TrainingBalance(
                    fold: fold, method: method, classCounts: classCounts,
                    classWeights: classWeights, droppedSampleIDs: dropped))
        }
        return balances
    }
}
