/// Why a split cannot be made. Thrown before anything is produced.
public enum SplitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No items to split (possibly after the label map dropped everything).
    case emptySelection(droppedByLabelMap: Int)
    /// Two items share a sample ID.
    case duplicateSampleID(Int64)
    /// A test fraction outside the open interval (0, 1).
    case invalidTestFraction(Double)
    /// A validation fraction outside (0, 1) or leaving no room for training.
    case invalidValidationFraction(Double, testFraction: Double)
    /// Fewer than two folds requested.
    case tooFewFolds(Int)
    /// More folds than speakers, so some fold would have no test speaker.
    case moreFoldsThanSpeakers(folds: Int, speakers: Int)
    /// A speaker-disjoint split needs at least one speaker per side.
    case tooFewSpeakers(required: Int, available: Int)
    /// A leave-one-group-out column with fewer than two distinct values.
    case tooFewGroups(column: String, values: [String])
    /// An item has no value in the leave-one-group-out column.
    case missingGroupValue(column: String, sampleID: Int64)
    /// An utterance split needs at least two samples per speaker (one for each side).
    case speakerHasSingleSample(speaker: String)
    /// A statement-disjoint split needs a statement on every item.
    case missingStatement(sampleID: Int64)
    /// A statement-disjoint utterance split needs at least two statements per speaker.
    case speakerHasSingleStatement(speaker: String)
    /// No statement-disjoint assignment found that puts these speakers on both sides.
    case statementsCannotCoverSpeakers([String])
    /// A malformed label map.
    case invalidLabelMap(String)

    public var description: String {
        switch self {
        case .emptySelection(let dropped):
            dropped > 0
                ? "the selection is empty after the label map dropped all \(dropped) items"
                : "the selection is empty"
        case .duplicateSampleID(let id):
            "sample \(id) appears more than once in the selection"
        case .invalidTestFraction(let fraction):
            "test fraction \(fraction) must be strictly between 0 and 1"
        case .invalidValidationFraction(let fraction, let test):
            "validation fraction \(fraction) must be strictly between 0 and 1 and leave room for "
                + "training next to test fraction \(test)"
        case .tooFewFolds(let folds):
            "\(folds) folds requested; at least 2 are needed"
        case .moreFoldsThanSpeakers(let folds, let speakers):
            "\(folds) folds requested but the selection has only \(speakers) speakers"
        case .tooFewSpeakers(let required, let available):
            "a speaker-disjoint split with \(required) sides needs at least \(required) speakers; "
                + "the selection has \(available)"
        case .tooFewGroups(let column, let values):
            "group column \"\(column)\" has \(values.count) distinct value(s) "
                + "\(values.map { "\"\($0)\"" }.joined(separator: ", ")); at least 2 are needed"
        case .missingGroupValue(let column, let sampleID):
            "sample \(sampleID) has no value for group column \"\(column)\""
        case .speakerHasSingleSample(let speaker):
            "speaker \"\(speaker)\" has only one sample and cannot appear on both sides"
        case .missingStatement(let sampleID):
            "sample \(sampleID) has no statement, so statements cannot be kept disjoint"
        case .speakerHasSingleStatement(let speaker):
            "speaker \"\(speaker)\" has only one statement and cannot appear on both sides "
                + "with disjoint statements"
        case .statementsCannotCoverSpeakers(let speakers):
            "no statement-disjoint split puts every speaker on both sides; uncovered: "
                + speakers.prefix(10).joined(separator: ", ")
                + (speakers.count > 10 ? " and \(speakers.count - 10) more" : "")
        case .invalidLabelMap(let detail):
            "invalid label map: \(detail)"
        }
    }
}
