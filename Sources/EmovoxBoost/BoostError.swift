import Foundation

/// Everything that can go wrong while loading data, training or predicting with EmovoxBoost.
///
/// Each case carries enough context (column, row, parameter name) for the message to be acted on
/// without a debugger.
public enum BoostError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A feature value is +Inf or -Inf. NaN is allowed (it means "missing"); infinities are not,
    /// because they usually signal a numerical bug upstream.
    case nonFiniteValue(column: String, row: Int, value: Float)
    /// Array sizes that must agree do not.
    case dimensionMismatch(String)
    /// Two features share a name, so name-based matching at prediction time would be ambiguous.
    case duplicateFeatureName(String)
    /// The training labels contain fewer than two distinct classes.
    case singleClass(label: String?)
    /// A label index is outside `0..<labelNames.count`.
    case labelOutOfRange(row: Int, label: Int, classCount: Int)
    /// A label string is not in the list of known label names.
    case unknownLabel(row: Int, label: String)
    /// A sample weight is negative or not finite, or all weights are zero.
    case invalidWeight(row: Int?, detail: String)
    /// A training parameter is outside its allowed range.
    case invalidParameter(name: String, value: String, requirement: String)
    /// The features offered for prediction do not match the ones the model was trained on.
    case featureNameMismatch(
        expectedCount: Int, actualCount: Int, firstDifference: Int?, expected: String?, actual: String?)
    /// The validation set disagrees with the training set (feature or label names).
    case incompatibleValidationSet(String)
    /// The CSV file could not be read or parsed.
    case csv(path: String, line: Int?, detail: String)
    /// A CSV column of numbers has a text cell (`row` is the 1-based data row, `line` the file's).
    case nonNumericCell(path: String, line: Int, column: String, row: Int, text: String)
    /// The requested label column is not in the CSV header.
    case missingLabelColumn(column: String, path: String)
    /// The dataset has no rows.
    case emptyDataset
    /// A model file is malformed or internally inconsistent.
    case invalidModel(String)
    /// A model file was written by an incompatible version of the format.
    case unsupportedFormatVersion(found: Int, supported: Int)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .nonFiniteValue(column, row, value):
            return
                "feature '\(column)' has non-finite value \(value) at row \(row) (NaN means missing; ±Inf is not allowed)"
        case let .dimensionMismatch(detail):
            return "dimension mismatch: \(detail)"
        case let .duplicateFeatureName(name):
            return "duplicate feature name '\(name)'"
        case let .singleClass(label):
            return "training labels contain a single class\(label.map { " ('\($0)')" } ?? ""); at least two are needed"
        case let .labelOutOfRange(row, label, classCount):
            return "label \(label) at row \(row) is outside 0..<\(classCount)"
        case let .unknownLabel(row, label):
            return "label '\(label)' at row \(row) is not one of the known labels"
        case let .invalidWeight(row, detail):
            return "invalid sample weight\(row.map { " at row \($0)" } ?? ""): \(detail)"
        case let .invalidParameter(name, value, requirement):
            return "invalid parameter \(name) = \(value): must be \(requirement)"
        case let .featureNameMismatch(expectedCount, actualCount, index, expected, actual):
            var text = "feature names do not match the model (model has \(expectedCount), input has \(actualCount))"
            if let index {
                text +=
                    "; first difference at position \(index): model '\(expected ?? "<none>")', input '\(actual ?? "<none>")'"
            }
            return text
        case let .incompatibleValidationSet(detail):
            return "validation set is incompatible with the training set: \(detail)"
        case let .csv(path, line, detail):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(detail)"
        case let .nonNumericCell(path, line, column, row, text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return
                "\(path):\(line): column '\(column)', row \(row): '\(shown)' is not a number "
                + "(the column's other cells are numbers; fix the cell, or read such cells as missing values)"
        case let .missingLabelColumn(column, path):
            return "\(path): label column '\(column)' not found in header"
        case .emptyDataset:
            return "dataset has no rows"
        case let .invalidModel(detail):
            return "invalid model: \(detail)"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write: \(reason)"
        case let .unsupportedFormatVersion(found, supported):
            return "model formatVersion \(found) is not supported (this build reads version \(supported))"
        }
    }
}
