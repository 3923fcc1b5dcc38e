import Foundation

/// The gradient-boosting training loop.
public enum Booster {
    /// Trains a classifier.
    ///
    /// Each iteration computes gradients of the objective at the current scores, grows one tree per
    /// class on the (optionally bagged) rows and adds its shrunk output to the scores. With a
    /// validation set, metrics are recorded every round and, if `earlyStoppingRounds > 0`,
    /// training stops once the chosen metric has not improved for that many rounds; the model then
    /// keeps the trees up to the best round.
    ///
    /// - Parameters:
    ///   - training: rows, labels and optional sample weights. At least two classes must occur.
    ///   - validation: optional held-out set with the same feature and label names.
    ///   - parameters: hyper-parameters (validated here).
    ///   - provenance: caller facts copied into the model unchanged.
    ///   - progress: called after every round (from the calling thread).
    /// - Throws: `BoostError` for invalid parameters or data.
    public static func train(
        _ training: LabeledDataset, validation: LabeledDataset? = nil, parameters: TrainingParameters = .init(),
        provenance: [String: String] = [:], progress: ((TrainingHistory.Round) -> Void)? = nil
    ) throws -> Model {
        try parameters.validate()
        let rowCount = training.rowCount
        guard rowCount > 0 else { throw BoostError.emptyDataset }
        let classCount = training.classCount
        let present = Set(training.labels)
        guard present.count >= 2 else {
            throw BoostError.singleClass(label: present.first.map { training.labelNames[$0] })
        }
        if let validation {
            guard validation.features.featureNames == training.features.featureNames else {
                throw BoostError.incompatibleValidationSet("feature names differ")
            }
            guard validation.labelNames == training.labelNames else {
                throw BoostError.incompatibleValidationSet(
                    "label names differ (\(validation.labelNames) vs \(training.labelNames))")
            }
        }
        let weights = ClassWeighting.effectiveWeights(
            labels: training.labels, classCount: classCount, sampleWeights: training.weights,
            scheme: parameters.classWeight)
        guard weights.contains(where: { $0 > 0 }) else {
            throw BoostError.invalidWeight(row: nil, detail: "all effective weights are zero")
        }

        let runner = ParallelRunner(threads: parameters.threads)
        let binMapper = BinMapper(
            learningFrom: training.features, maxBin: parameters.maxBin, threads: runner.threadCount)
        let binned = binMapper.binned(training.features, threads: runner.threadCount)
        let objectiveKind = ObjectiveKind.automatic(classCount: classCount)
        let objective = objectiveKind.makeObjective(classCount: classCount)
        let k = objective.treesPerIteration
        // The k trees of a round depend only on that round's gradients, so several are grown at
        // once, one learner per thread: coarse-grained work that keeps both cores busy where a
        // tree's own feature-parallel work is too small to split (a few dozen features). Not with
        // per-node feature sampling, whose one random stream is consumed tree after tree.
        let classWorkers = parameters.featureFractionByNode >= 1 ? min(runner.threadCount, k) : 1
        let learners = (0..<classWorkers).map { _ in
            TreeLearner(
                binned: binned, binnings: binMapper.features, parameters: parameters,
                runner: classWorkers > 1 ? ParallelRunner(threads: 1) : runner)
        }
        let initialScores = objective.initialScores(labels: training.labels, weights: weights)
        let eligibleFeatures = FeaturePreselection.select(
            binMapper.features.indices.filter { !binMapper.features[$0].isTrivial },
            count: parameters.featureSelectionCount, method: parameters.featureSelection, binned: binned,
            binnings: binMapper.features, labels: training.labels, classCount: classCount, weights: weights,
            threads: runner.threadCount)

        var scores = [Double](repeating: 0, count: k * rowCount)
        for c in 0..<k { for row in 0..<rowCount { scores[c * rowCount + row] = initialScores[c] } }
        var gradients = [Float](repeating: 0, count: k * rowCount)
        var hessians = [Float](repeating: 0, count: k * rowCount)
        let validRows = validation?.rowCount ?? 0
        var validScores = [Double](repeating: 0, count: k * validRows)
        for c in 0..<k { for row in 0..<validRows { validScores[c * validRows + row] = initialScores[c] } }

        var baggingRandom = Xoshiro256StarStar(seed: parameters.seed, stream: 1)
        var treeFeatureRandom = Xoshiro256StarStar(seed: parameters.seed, stream: 2)
        var nodeFeatureRandom = Xoshiro256StarStar(seed: parameters.seed, stream: 3)
        let bagging = parameters.baggingFreq > 0 && parameters.baggingFraction < 1

        var trees: [Tree] = []
        var history = TrainingHistory()
        var bestIteration = -1
        var bestValue = 0.0
        let earlyStopping = validation != nil && parameters.earlyStoppingRounds > 0

        for iteration in 0..<parameters.numIterations {
            if bagging && iteration % parameters.baggingFreq == 0 {
                let bag = RowSampler.sample(
                    rowCount: rowCount, fraction: parameters.baggingFraction, random: &baggingRandom)
                for learner in learners { learner.setBag(bag) }
            }
            scores.withUnsafeBufferPointer { scores in
                gradients.withUnsafeMutableBufferPointer { gradients in
                    hessians.withUnsafeMutableBufferPointer { hessians in
                        objective.computeGradients(
                            scores: scores, labels: training.labels, weights: weights, gradients: gradients,
                            hessians: hessians)
                    }
                }
            }
            // Drawn in class order, as when the trees are grown one after another.
            let treeFeatures = (0..<k).map { _ in
                FeatureSampler.sample(
                    eligibleFeatures, fraction: parameters.featureFraction, random: &treeFeatureRandom)
            }
            let grown = growRound(
                learners: learners, runner: runner, gradients: gradients, hessians: hessians, scores: &scores,
                rowCount: rowCount, treeFeatures: treeFeatures, nodeRandom: &nodeFeatureRandom)
            for (c, tree) in grown.enumerated() {
                if let validation {
                    validation.features.values.withUnsafeBufferPointer { values in
                        let featureCount = validation.features.featureCount
                        for row in 0..<validRows {
                            validScores[c * validRows + row] +=
                                tree.leafValues[tree.leafIndex(row: values.baseAddress! + row * featureCount)]
                        }
                    }
                }
                trees.append(tree)
            }

            let trainProbabilities = probabilities(scores: scores, rowCount: rowCount, objective: objective)
            var round = TrainingHistory.Round(
                iteration: iteration + 1,
                trainLogLoss: Metrics.logLoss(probabilities: trainProbabilities, labels: training.labels),
                validLogLoss: nil, validUAR: nil)
            if let validation {
                let validProbabilities = probabilities(scores: validScores, rowCount: validRows, objective: objective)
                round = TrainingHistory.Round(
                    iteration: iteration + 1, trainLogLoss: round.trainLogLoss,
                    validLogLoss: Metrics.logLoss(probabilities: validProbabilities, labels: validation.labels),
                    validUAR: Metrics.unweightedAverageRecall(
                        trueLabels: validation.labels, predictedLabels: validProbabilities.map(Model.argmax),
                        classCount: classCount))
            }
            history.rounds.append(round)
            progress?(round)

            if earlyStopping {
                let value =
                    parameters.earlyStoppingMetric == .logloss ? round.validLogLoss ?? 0 : round.validUAR ?? 0
                let improved =
                    bestIteration < 0
                    || (parameters.earlyStoppingMetric == .logloss ? value < bestValue : value > bestValue)
                if improved {
                    bestIteration = iteration
                    bestValue = value
                } else if iteration - bestIteration >= parameters.earlyStoppingRounds {
                    history.stoppedEarly = true
                    break
                }
            }
        }

        let keptIterations = earlyStopping ? bestIteration + 1 : history.rounds.count
        history.keptIterations = keptIterations
        return Model(
            objective: objectiveKind, featureNames: training.features.featureNames, labelNames: training.labelNames,
            binning: binMapper.features, initialScores: initialScores, treesPerIteration: k,
            trees: Array(trees.prefix(keptIterations * k)), parameters: parameters, history: history,
            provenance: provenance)
    }

    /// Grows one round's trees, class `c` on `gradients`/`hessians` rows `c · rowCount ..<`, adding
    /// each tree's output to its class's `scores` rows. One learner grows them one after another;
    /// several grow them side by side, worker `w` taking classes `w`, `w + learners.count`, …, each
    /// writing only its own classes' rows (used only without per-node sampling, so `nodeRandom` is
    /// then never drawn from and every tree is the one the single learner would grow).
    private static func growRound(
        learners: [TreeLearner], runner: ParallelRunner, gradients: [Float], hessians: [Float],
        scores: inout [Double], rowCount: Int, treeFeatures: [[Int]], nodeRandom: inout Xoshiro256StarStar
    ) -> [Tree] {
        let k = treeFeatures.count
        let workers = learners.count
        var grown = [Tree?](repeating: nil, count: k)
        gradients.withUnsafeBufferPointer { gradients in
            hessians.withUnsafeBufferPointer { hessians in
                scores.withUnsafeMutableBufferPointer { scores in
                    grown.withUnsafeMutableBufferPointer { grown in
                        let gradientPointer = SendablePointer(gradients.baseAddress)
                        let hessianPointer = SendablePointer(hessians.baseAddress)
                        let scorePointer = SendableMutablePointer(scores.baseAddress)
                        let treePointer = SendableMutablePointer(grown.baseAddress)
                        func growClasses(of worker: Int, nodeRandom: inout Xoshiro256StarStar) {
                            for c in stride(from: worker, to: k, by: workers) {
                                let tree = learners[worker].grow(
                                    gradients: gradientPointer.pointer! + c * rowCount,
                                    hessians: hessianPointer.pointer! + c * rowCount, treeFeatures: treeFeatures[c],
                                    nodeRandom: &nodeRandom)
                                learners[worker].addOutput(of: tree, to: scorePointer.pointer! + c * rowCount)
                                (treePointer.pointer! + c).pointee = tree
                            }
                        }
                        if workers == 1 {
                            growClasses(of: 0, nodeRandom: &nodeRandom)
                        } else {
                            let unused = nodeRandom
                            runner.forEachChunk(count: workers) { worker in
                                var copy = unused
                                growClasses(of: worker, nodeRandom: &copy)
                            }
                        }
                    }
                }
            }
        }
        return grown.map { $0! }
    }

    /// Per-row probabilities from class-major raw scores.
    private static func probabilities(scores: [Double], rowCount: Int, objective: any Objective) -> [[Double]] {
        let k = objective.treesPerIteration
        var raw = [Double](repeating: 0, count: k)
        var output = [Double](repeating: 0, count: objective.classCount)
        var result: [[Double]] = []
        result.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            for c in 0..<k { raw[c] = scores[c * rowCount + row] }
            raw.withUnsafeBufferPointer { raw in
                output.withUnsafeMutableBufferPointer { objective.probabilities(rawScores: raw, into: $0) }
            }
            result.append(output)
        }
        return result
    }
}
