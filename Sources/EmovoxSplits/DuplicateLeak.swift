/// Copies of one recording (one checksum) that a split puts on more than one side, or in more
/// than one test fold: the model is then tested on a recording it was trained on.
public struct DuplicateLeak: Sendable, Hashable, Codable {
    /// SHA-256 of the recording.
    public var checksum: String
    /// The copies' sample IDs, ascending.
    public var sampleIDs: [Int64]
    /// Where the copies are, e.g. `"train, test"` or `"folds 0, 3"`.
    public var placements: String

    public init(checksum: String, sampleIDs: [Int64], placements: String) {
        self.checksum = checksum
        self.sampleIDs = sampleIDs
        self.placements = placements
    }

    enum CodingKeys: String, CodingKey {
        case checksum
        case sampleIDs = "sample_ids"
        case placements
    }

    /// The copies of each recording in `result` that sit on different sides (holdout, utterance)
    /// or in different test folds (k-fold, LOSO, LOGO), ordered by their lowest sample ID.
    public static func find(in result: SplitResult) -> [DuplicateLeak] {
        let foldBased = result.configuration.strategy.isFoldBased
        var byChecksum: [String: [SplitAssignment]] = [:]
        for assignment in result.assignments { byChecksum[assignment.checksum, default: []].append(assignment) }
        var leaks: [DuplicateLeak] = []
        for (checksum, copies) in byChecksum where copies.count > 1 {
            let placements = Set(copies.map { foldBased ? $0.fold : $0.side.order }).sorted()
            guard placements.count > 1 else { continue }
            let described =
                foldBased
                ? "folds " + placements.map(String.init).joined(separator: ", ")
                : placements.map { SplitSide.allCases[$0].rawValue }.joined(separator: ", ")
            leaks.append(
                DuplicateLeak(checksum: checksum, sampleIDs: copies.map(\.sampleID).sorted(), placements: described))
        }
        return leaks.sorted { $0.sampleIDs[0] < $1.sampleIDs[0] }
    }
}

/// What `split create` does with byte-identical copies in the selection.
public enum DuplicateHandling: String, Sendable, CaseIterable, Codable {
    /// Refuse a split that puts copies of one recording on two sides (the default).
    case refuse
    /// Keep one copy of each recording (the lowest sample ID) and leave the others out.
    case drop
    /// Allow copies on two sides, with a warning.
    case keep

    /// `items` with only the first copy (lowest sample ID) of each checksum, and the IDs of the
    /// copies left out, ascending.
    public static func firstCopies(of items: [SplitItem]) -> (kept: [SplitItem], dropped: [Int64]) {
        var firstByChecksum: [String: Int64] = [:]
        for item in items where firstByChecksum[item.checksum].map({ item.sampleID < $0 }) ?? true {
            firstByChecksum[item.checksum] = item.sampleID
        }
        var kept: [SplitItem] = []
        var dropped: [Int64] = []
        for item in items {
            if firstByChecksum[item.checksum] == item.sampleID {
                kept.append(item)
            } else {
                dropped.append(item.sampleID)
            }
        }
        return (kept, dropped.sorted())
    }
}
