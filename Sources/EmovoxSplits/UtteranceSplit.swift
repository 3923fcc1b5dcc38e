/// Speaker-identification split: every speaker on both sides.
enum UtteranceSplit {
    /// The side of every item of `selection`.
    static func sides(
        _ selection: PreparedSelection, testFraction: Double, disjointStatements: Bool,
        configuration: SplitConfiguration
    ) throws(SplitError) -> [SplitSide] {
        for speaker in 0..<selection.speakers.count
        where selection.items(ofSpeaker: speaker).count < 2 {
            throw .speakerHasSingleSample(speaker: selection.speakers[speaker])
        }
        if disjointStatements {
            return try statementDisjointSides(
                selection, testFraction: testFraction, configuration: configuration)
        }
        return perSpeakerSides(selection, testFraction: testFraction, seed: configuration.seed)
    }

    /// Per speaker: items ordered by label (shuffled within a label), then systematic sampling with
    /// a random offset — item j is test when ⌊(j+1)·t + u⌋ > ⌊j·t + u⌋. Each speaker gets
    /// ⌊n·t⌋ or ⌈n·t⌉ test items and each of its labels is split within one item of the target.
    static func perSpeakerSides(
        _ selection: PreparedSelection, testFraction: Double, seed: UInt64
    ) -> [SplitSide] {
        var sides = [SplitSide](repeating: .train, count: selection.count)
        var ordered: [Int] = []
        for speaker in 0..<selection.speakers.count {
            var generator = Xoshiro256StarStar(
                seed: seed, stream: RandomStream.utteranceAllocation.rawValue,
                index: UInt64(speaker))
            ordered.removeAll(keepingCapacity: true)
            ordered.append(contentsOf: selection.items(ofSpeaker: speaker))
            // Stable: within a label, items stay in sample-ID order before the shuffle.
            ordered.sort { (selection.labelOf[$0], $0) < (selection.labelOf[$1], $1) }
            var runStart = 0
            while runStart < ordered.count {
                var runEnd = runStart + 1
                let label = selection.labelOf[ordered[runStart]]
                while runEnd < ordered.count, selection.labelOf[ordered[runEnd]] == label {
                    runEnd += 1
                }
                ordered[runStart..<runEnd].seededShuffle(using: &generator)
                runStart = runEnd
            }
            let offset = generator.nextUnitDouble()
            var testCount = 0
            for (position, item) in ordered.enumerated() {
                let before = (Double(position) * testFraction + offset).rounded(.down)
                let after = (Double(position + 1) * testFraction + offset).rounded(.down)
                if after > before {
                    sides[item] = .test
                    testCount += 1
                }
            }
            // Extreme fractions on tiny speakers can leave one side empty; move one item over.
            if testCount == 0 {
                sides[ordered[generator.next(below: ordered.count)]] = .test
            } else if testCount == ordered.count {
                sides[ordered[generator.next(below: ordered.count)]] = .train
            }
        }
        return sides
    }

    /// Statements are the units of the partition search, with speakers as coverage keys so that
    /// every speaker keeps at least one statement on each side.
    static func statementDisjointSides(
        _ selection: PreparedSelection, testFraction: Double, configuration: SplitConfiguration
    ) throws(SplitError) -> [SplitSide] {
        var statementNames: [String] = []
        statementNames.reserveCapacity(selection.count)
        for item in selection.items {
            guard let statement = item.statement else {
                throw .missingStatement(sampleID: item.sampleID)
            }
            statementNames.append(statement)
        }
        let (statements, statementOf) = PreparedSelection.index(statementNames)
        for speaker in 0..<selection.speakers.count {
            let items = selection.items(ofSpeaker: speaker)
            let first = statementOf[items.first!]
            if !items.contains(where: { statementOf[$0] != first }) {
                throw .speakerHasSingleStatement(speaker: selection.speakers[speaker])
            }
        }
        let labelFeatures = configuration.stratifyByLabel ? selection.labels.count : 0
        let genderFeatures = configuration.stratifyByGender ? selection.genders.count : 0
        let featureCount = labelFeatures + genderFeatures
        var features = [Int](repeating: 0, count: statements.count * featureCount)
        var sizes = [Int](repeating: 0, count: statements.count)
        for item in 0..<selection.count {
            let statement = statementOf[item]
            sizes[statement] += 1
            if labelFeatures > 0 {
                features[statement * featureCount + selection.labelOf[item]] += 1
            }
            if genderFeatures > 0 {
                features[statement * featureCount + labelFeatures + selection.genderOf[item]] += 1
            }
        }
        // Coverage lists: (speaker, samples) per statement, from items grouped by statement.
        let (statementStart, itemsByStatement) = PreparedSelection.group(
            statementOf, groupCount: statements.count)
        var coverageStart = [0]
        var coverageKeys: [Int] = []
        var coverageCounts: [Int] = []
        var speakersOfStatement: [Int] = []
        for statement in 0..<statements.count {
            speakersOfStatement.removeAll(keepingCapacity: true)
            for item in itemsByStatement[statementStart[statement]..<statementStart[statement + 1]] {
                speakersOfStatement.append(selection.speakerOf[item])
            }
            speakersOfStatement.sort()
            var index = 0
            while index < speakersOfStatement.count {
                var end = index + 1
                while end < speakersOfStatement.count,
                    speakersOfStatement[end] == speakersOfStatement[index]
                {
                    end += 1
                }
                coverageKeys.append(speakersOfStatement[index])
                coverageCounts.append(end - index)
                index = end
            }
            coverageStart.append(coverageKeys.count)
        }
        let problem = PartitionProblem(
            unitCount: statements.count, featureCount: featureCount, unitFeatures: features,
            unitSizes: sizes, targets: [1 - testFraction, testFraction],
            coverageKeyCount: selection.speakers.count, coverageStart: coverageStart,
            coverageKeys: coverageKeys, coverageCounts: coverageCounts)
        let (binOfStatement, uncovered) = StratifiedPartitioner.solve(
            problem, seed: configuration.seed)
        guard uncovered.isEmpty else {
            throw .statementsCannotCoverSpeakers(uncovered.map { selection.speakers[$0] })
        }
        let binSides: [SplitSide] = [.train, .test]
        return statementOf.map { binSides[binOfStatement[$0]] }
    }
}
