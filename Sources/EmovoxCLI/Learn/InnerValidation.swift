import EmovoxBoost

/// Boosting rounds chosen on the training side alone: speaker-disjoint inner folds (speakers
/// dealt round-robin in sorted order), each trained with every round's validation metric recorded;
/// the round with the best mean metric (`earlyStoppingMetric`; ties: fewer rounds) wins. The test
/// side is never seen, so the choice is honest for small corpora where a fixed round count over-
/// or under-fits.
enum InnerValidation {
    struct Choice {
        var rounds: Int
        /// The mean validation metric of each round.
        var curve: [Double]
    }

    static func chooseRounds(
        _ data: SplitData, trainRows: [ExportRow], folds: Int, parameters: TrainingParameters,
        normalization settings: NormalizationSettings
    ) throws -> Choice {
        let speakers = Array(Set(trainRows.map(\.info.speaker))).sorted()
        guard speakers.count >= folds else {
            throw CommandError(
                "--inner-folds \(folds): the training side has only \(speakers.count) speaker(s)")
        }
        let innerFold = Dictionary(uniqueKeysWithValues: speakers.enumerated().map { ($1, $0 % folds) })
        var inner = parameters
        inner.earlyStoppingRounds = 0
        var sums = [Double](repeating: 0, count: parameters.numIterations)
        for fold in 0..<folds {
            let train = trainRows.filter { innerFold[$0.info.speaker] != fold }
            let valid = trainRows.filter { innerFold[$0.info.speaker] == fold }
            let normalization = try FeatureNormalization.fit(settings, trainRows: train, columns: data.matrix.columns)
            let model = try Booster.train(
                try data.dataset(train, weighted: true, normalization: normalization, side: "inner train"),
                validation: try data.dataset(
                    valid, weighted: false, normalization: normalization, side: "inner validation"),
                parameters: inner)
            for (index, round) in model.history.rounds.enumerated() {
                // Log-loss is minimized; the sum is negated so that larger is better for both.
                sums[index] +=
                    parameters.earlyStoppingMetric == .logloss ? -(round.validLogLoss ?? 0) : round.validUAR ?? 0
            }
        }
        let curve = sums.map { $0 / Double(folds) }
        var best = 0
        for index in curve.indices where curve[index] > curve[best] { best = index }
        let sign = parameters.earlyStoppingMetric == .logloss ? -1.0 : 1.0
        return Choice(rounds: best + 1, curve: curve.map { $0 * sign })
    }
}
