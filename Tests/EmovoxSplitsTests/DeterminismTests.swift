import EmovoxSplits
import Testing

@Suite("Determinism")
struct DeterminismTests {
    static let strategies: [SplitStrategy] = [
        .holdout(testFraction: 0.2, validationFraction: 0.1), .kfold(5),
        .utterance(testFraction: 0.2),
    ]

    @Test("Same seed → identical bytes and hash, whatever the input order", arguments: strategies)
    func sameSeed(strategy: SplitStrategy) throws {
        let items = SyntheticCatalog.randomLarge(speakers: 120)
        let configuration = SplitConfiguration(strategy: strategy, seed: 42, balancing: .downsample)
        let first = try Splitter.split(items, configuration: configuration)
        let second = try Splitter.split(items.reversed(), configuration: configuration)
        #expect(first.canonicalAssignmentsTSV() == second.canonicalAssignmentsTSV())
        #expect(try first.canonicalJSON() == second.canonicalJSON())
        #expect(first.contentHash == second.contentHash)
        #expect(first.contentHash.count == 64)
    }

    @Test("A different seed gives a different assignment", arguments: strategies)
    func differentSeed(strategy: SplitStrategy) throws {
        let items = SyntheticCatalog.randomLarge(speakers: 120)
        let first = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: strategy, seed: 1))
        let second = try Splitter.split(
            items, configuration: SplitConfiguration(strategy: strategy, seed: 2))
        #expect(first.assignments != second.assignments)
        #expect(first.contentHash != second.contentHash)
    }

    @Test("The content hash follows the checksums, not the sample IDs")
    func hashIgnoresSampleIDs() throws {
        let items = SyntheticCatalog.ravdessLike()
        let renumbered = items.map { item in
            var copy = item
            copy.sampleID += 10_000
            return copy
        }
        let configuration = SplitConfiguration(strategy: .loso, seed: 0)
        let a = try Splitter.split(items, configuration: configuration)
        let b = try Splitter.split(renumbered, configuration: configuration)
        #expect(a.contentHash == b.contentHash)
        #expect(a.canonicalAssignmentsTSV() != b.canonicalAssignmentsTSV())
    }

    @Test("Configuration JSON is stable, key-sorted and round-trips")
    func configurationJSON() throws {
        let configuration = SplitConfiguration(
            strategy: .kfold(5, assignment: .roundRobin), seed: UInt64.max, stratifyByGender: false,
            balancing: .weights, labelMap: try LabelMap(parsing: "calm=neutral,neutral=neutral"))
        let json = try configuration.canonicalJSON()
        #expect(try SplitConfiguration.decode(json: json) == configuration)
        let text = String(decoding: json, as: UTF8.self)
        let keys = [
            "balancing", "labelMap", "seed", "strategy", "stratifyByGender", "stratifyByLabel",
        ]
        let positions = keys.map { text.range(of: "\"\($0)\"")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.contains("\"seed\":18446744073709551615"))
        #expect(text.contains("\"kind\":\"kfold\""))
        for strategy in Self.strategies + [
            .loso, .logo("corpus"), .utterance(testFraction: 0.3, disjointStatements: true),
        ] {
            let config = SplitConfiguration(strategy: strategy, seed: 3)
            #expect(try SplitConfiguration.decode(json: config.canonicalJSON()) == config)
        }
    }
}
