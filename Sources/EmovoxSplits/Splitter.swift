/// Entry point: turns a selection and a configuration into a ``SplitResult``.
///
/// Pure and deterministic: the result depends only on the items (as a set — input order does not
/// matter) and the configuration, never on hashing order, thread count or the system RNG.
public enum Splitter {
    /// Splits `items` according to `configuration`.
    ///
    /// - Throws: ``SplitError`` for an impossible request, before producing anything.
    public static func split(_ items: [SplitItem], configuration: SplitConfiguration)
        throws(SplitError) -> SplitResult
    {
        try validateParameters(configuration.strategy)
        let selection = try PreparedSelection(items: items, labelMap: configuration.labelMap)
        var sides = [SplitSide](repeating: .test, count: selection.count)
        var folds = [Int](repeating: 0, count: selection.count)
        var foldCount = 1
        var foldNames: [String]?
        switch configuration.strategy {
        case .holdout(let testFraction, let validationFraction):
            sides = try HoldoutSplit.sides(
                selection, testFraction: testFraction, validationFraction: validationFraction,
                configuration: configuration)
        case .kfold(let k, let assignment):
            folds = try KFoldSplit.folds(
                selection, foldCount: k, assignment: assignment, configuration: configuration)
            foldCount = k
        case .loso:
            let (groupFolds, names) = try GroupFoldSplit.speakerFolds(selection)
            (folds, foldCount, foldNames) = (groupFolds, names.count, names)
        case .logo(let column):
            let (groupFolds, names) = try GroupFoldSplit.groupFolds(selection, column: column)
            (folds, foldCount, foldNames) = (groupFolds, names.count, names)
        case .utterance(let testFraction, let disjointStatements):
            sides = try UtteranceSplit.sides(
                selection, testFraction: testFraction, disjointStatements: disjointStatements,
                configuration: configuration)
        }
        let foldBased = configuration.strategy.isFoldBased
        let assignments = (0..<selection.count).map { index in
            let item = selection.items[index]
            return SplitAssignment(
                sampleID: item.sampleID, checksum: item.checksum, label: item.label,
                side: sides[index], fold: folds[index])
        }
        return SplitResult(
            configuration: configuration, foldCount: foldCount, assignments: assignments,
            droppedByLabel: selection.droppedByLabel,
            balanceReports: SplitBalanceReporter.reports(
                selection, sides: sides, folds: folds, foldCount: foldCount, foldBased: foldBased),
            trainingBalance: TrainingBalancer.balance(
                selection, sides: sides, folds: folds, foldCount: foldCount, foldBased: foldBased,
                method: configuration.balancing, seed: configuration.seed),
            foldNames: foldNames)
    }

    /// Checks the numeric parameters that do not depend on the items.
    static func validateParameters(_ strategy: SplitStrategy) throws(SplitError) {
        switch strategy {
        case .holdout(let testFraction, let validationFraction):
            try validateTestFraction(testFraction)
            if let validationFraction {
                guard validationFraction > 0, validationFraction < 1,
                    testFraction + validationFraction < 1
                else {
                    throw .invalidValidationFraction(validationFraction, testFraction: testFraction)
                }
            }
        case .kfold(let k, _):
            guard k >= 2 else { throw .tooFewFolds(k) }
        case .utterance(let testFraction, _):
            try validateTestFraction(testFraction)
        case .loso, .logo:
            break
        }
    }

    private static func validateTestFraction(_ fraction: Double) throws(SplitError) {
        // Written so that NaN fails too.
        guard fraction > 0, fraction < 1 else { throw .invalidTestFraction(fraction) }
    }
}
