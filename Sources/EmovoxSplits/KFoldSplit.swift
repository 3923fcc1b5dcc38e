/// K speaker-disjoint folds: round-robin over sorted speakers, or stratified by the partition
/// search with equal target sizes.
enum KFoldSplit {
    /// The test fold of every item of `selection`.
    static func folds(
        _ selection: PreparedSelection, foldCount: Int, assignment: KFoldAssignment,
        configuration: SplitConfiguration
    ) throws(SplitError) -> [Int] {
        guard foldCount >= 2 else { throw .tooFewFolds(foldCount) }
        guard foldCount <= selection.speakers.count else {
            throw .moreFoldsThanSpeakers(folds: foldCount, speakers: selection.speakers.count)
        }
        let foldOfSpeaker: [Int]
        switch assignment {
        case .roundRobin:
            // Speakers are already indexed in sorted order.
            foldOfSpeaker = (0..<selection.speakers.count).map { $0 % foldCount }
        case .stratifiedSearch:
            let problem = PartitionProblem(
                speakersOf: selection, stratifyByLabel: configuration.stratifyByLabel,
                stratifyByGender: configuration.stratifyByGender,
                targets: [Double](repeating: 1 / Double(foldCount), count: foldCount))
            foldOfSpeaker = StratifiedPartitioner.solve(problem, seed: configuration.seed).binOf
        }
        return selection.speakerOf.map { foldOfSpeaker[$0] }
    }
}
