/// Where one item ended up.
public struct SplitAssignment: Sendable, Hashable, Codable {
    public var sampleID: Int64
    public var checksum: String
    /// The label after the label map (the training target).
    public var label: String
    /// Train/validation/test for holdout and utterance splits; always `test` for fold-based ones.
    public var side: SplitSide
    /// 0 for holdout and utterance splits; for fold-based splits the fold whose test side holds the
    /// item (the item is training data in every other fold).
    public var fold: Int

    public init(sampleID: Int64, checksum: String, label: String, side: SplitSide, fold: Int) {
        self.sampleID = sampleID
        self.checksum = checksum
        self.label = label
        self.side = side
        self.fold = fold
    }
}
