/// Leave-one-out folds over a categorical column: one fold per distinct value, in sorted order.
enum GroupFoldSplit {
    /// LOSO: the test fold of every item is its speaker's index among the sorted speakers, which
    /// name the folds.
    static func speakerFolds(_ selection: PreparedSelection) throws(SplitError) -> (
        folds: [Int], names: [String]
    ) {
        guard selection.speakers.count >= 2 else {
            throw .tooFewSpeakers(required: 2, available: selection.speakers.count)
        }
        return (selection.speakerOf, selection.speakers)
    }

    /// LOGO: the test fold of every item is the index of its value in `column` among the sorted
    /// distinct values, which name the folds.
    static func groupFolds(_ selection: PreparedSelection, column: String) throws(SplitError) -> (
        folds: [Int], names: [String]
    ) {
        var values: [String] = []
        values.reserveCapacity(selection.count)
        for item in selection.items {
            guard let value = item.groupValue(column) else {
                throw .missingGroupValue(column: column, sampleID: item.sampleID)
            }
            values.append(value)
        }
        let (distinct, indexOf) = PreparedSelection.index(values)
        guard distinct.count >= 2 else { throw .tooFewGroups(column: column, values: distinct) }
        return (indexOf, distinct)
    }
}
