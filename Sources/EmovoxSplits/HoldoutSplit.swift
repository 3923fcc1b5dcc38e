/// Speaker-disjoint train/(validation/)test split, stratified by the partition search.
enum HoldoutSplit {
    /// The side of every item of `selection`.
    static func sides(
        _ selection: PreparedSelection, testFraction: Double, validationFraction: Double?,
        configuration: SplitConfiguration
    ) throws(SplitError) -> [SplitSide] {
        let binSides: [SplitSide]
        let targets: [Double]
        if let validationFraction {
            binSides = [.train, .validation, .test]
            targets = [1 - testFraction - validationFraction, validationFraction, testFraction]
        } else {
            binSides = [.train, .test]
            targets = [1 - testFraction, testFraction]
        }
        guard selection.speakers.count >= binSides.count else {
            throw .tooFewSpeakers(required: binSides.count, available: selection.speakers.count)
        }
        let problem = PartitionProblem(
            speakersOf: selection, stratifyByLabel: configuration.stratifyByLabel,
            stratifyByGender: configuration.stratifyByGender, targets: targets)
        let (binOfSpeaker, _) = StratifiedPartitioner.solve(problem, seed: configuration.seed)
        return selection.speakerOf.map { binSides[binOfSpeaker[$0]] }
    }
}
