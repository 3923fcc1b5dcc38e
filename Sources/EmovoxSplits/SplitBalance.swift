/// Composition of one side of one fold, compared with the whole selection.
public struct SplitBalance: Sendable, Hashable, Codable {
    public var fold: Int
    public var side: SplitSide
    public var sampleCount: Int
    public var speakerCount: Int
    /// Share of the selection's samples on this side.
    public var fraction: Double
    /// Samples per (mapped) label; labels absent from the side are listed with 0.
    public var labelCounts: [String: Int]
    /// Samples per gender; genders absent from the side are listed with 0.
    public var genderCounts: [String: Int]
    /// Max over labels of |label share on this side − label share in the selection|.
    public var labelDeviation: Double
    /// Max over genders of |gender share on this side − gender share in the selection|.
    public var genderDeviation: Double

    /// The larger of the two deviations.
    public var deviation: Double { max(labelDeviation, genderDeviation) }

    public init(
        fold: Int, side: SplitSide, sampleCount: Int, speakerCount: Int, fraction: Double,
        labelCounts: [String: Int], genderCounts: [String: Int], labelDeviation: Double,
        genderDeviation: Double
    ) {
        self.fold = fold
        self.side = side
        self.sampleCount = sampleCount
        self.speakerCount = speakerCount
        self.fraction = fraction
        self.labelCounts = labelCounts
        self.genderCounts = genderCounts
        self.labelDeviation = labelDeviation
        self.genderDeviation = genderDeviation
    }
}
