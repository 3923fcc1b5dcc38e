import Foundation

/// A feature table read from CSV: numeric columns become features, one column holds the label.
///
/// Rules (so that the CLI can train on any CSV):
/// - The first record is the header; column names must be unique.
/// - A number is anything `strtod` reads completely: every finite double is accepted, parsed
///   exactly, then stored in single precision (`Float(saturating:)`: magnitudes beyond
///   `Float.greatestFiniteMagnitude`, such as 4e38, saturate to it; tiny ones round to the
///   nearest `Float`, down to ±0). Empty cells, `nan`/`NaN` and `NA` are missing values (NaN).
///   `inf`/`-inf` are rejected with an error naming the column and row (1-based data row,
///   header excluded).
/// - A column whose every non-missing cell is text (names, paths) is not a feature: it is
///   ignored and listed in `ignoredColumns`, as are the columns named in `ignoreColumns`.
/// - A column that mixes numbers and text is an error naming the first text cell's row and
///   column (`BoostError.nonNumericCell`), unless `nonNumeric` is `.missing`: then its text
///   cells are missing values. A column is never dropped because of one stray cell.
/// - Label cells are kept as strings; an empty label is an error.
public struct FeatureTable: Sendable, Equatable {
    /// The numeric feature columns.
    public let features: FeatureMatrix
    /// The label of each row, as written in the file.
    public let labels: [String]
    /// Columns that were dropped: explicitly ignored ones and non-numeric ones, in file order.
    public let ignoredColumns: [String]

    /// What a text cell in a column of numbers means.
    public enum NonNumericCells: String, Sendable, CaseIterable {
        /// The cell is an error naming its row and column (the default: a typo must not pass).
        case error
        /// The cell is a missing value (NaN), like an empty cell.
        case missing
    }

    /// Loads a CSV file. See the type documentation for the parsing rules.
    /// - Throws: `BoostError.csv` (I/O, not a regular file, syntax, ragged rows, empty label),
    ///   `.nonNumericCell`, `.nonFiniteValue` (±Inf), `.missingLabelColumn`, `.emptyDataset`.
    public static func load(
        csv path: String, labelColumn: String, ignoreColumns: Set<String> = [], nonNumeric: NonNumericCells = .error
    ) throws -> FeatureTable {
        try parse(
            bytes: try RegularFile.bytes(path, as: { .csv(path: path, line: nil, detail: "cannot read file: \($0)") }),
            source: path, labelColumn: labelColumn, ignoreColumns: ignoreColumns,
            nonNumeric: nonNumeric)
    }

    /// Parses CSV text already in memory; `source` names it in error messages.
    public static func parse(
        text: String, source: String = "<text>", labelColumn: String, ignoreColumns: Set<String> = [],
        nonNumeric: NonNumericCells = .error
    ) throws -> FeatureTable {
        try parse(
            bytes: Array(text.utf8), source: source, labelColumn: labelColumn, ignoreColumns: ignoreColumns,
            nonNumeric: nonNumeric)
    }

    static func parse(
        bytes: [UInt8], source: String, labelColumn: String, ignoreColumns: Set<String>, nonNumeric: NonNumericCells
    ) throws -> FeatureTable {
        var tokenizer = CSVTokenizer(bytes: bytes)
        var fields: [CSVTokenizer.Field] = []
        func next() throws -> Bool {
            do {
                return try tokenizer.nextRecord(into: &fields)
            } catch {
                throw BoostError.csv(path: source, line: error.line, detail: error.detail)
            }
        }
        guard try next() else { throw BoostError.csv(path: source, line: 1, detail: "file is empty (no header)") }
        let header = fields.map { tokenizer.string($0).trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw BoostError.csv(path: source, line: 1, detail: "duplicate column name '\(name)'")
        }
        guard let labelIndex = header.firstIndex(of: labelColumn) else {
            throw BoostError.missingLabelColumn(column: labelColumn, path: source)
        }
        let columnCount = header.count
        // Values go straight into one row-major array with a slot per candidate column (no
        // per-column arrays, whose growth would double the peak memory); a text cell stores NaN.
        // Whether a column is all text, all numbers or mixed is known only at the end, so the
        // first text cell and the first ±Inf of each column are remembered until then.
        let slots = (0..<columnCount).filter { $0 != labelIndex && !ignoreColumns.contains(header[$0]) }
        let width = slots.count
        var values: [Float] = []
        // Newlines bound the row count (quoted ones only make it an over-estimate), so the array is
        // allocated once instead of growing by doubling.
        var newlines = 0
        for byte in bytes where byte == 0x0A { newlines += 1 }
        values.reserveCapacity(width * (newlines + 1))
        var firstInfinity = [(row: Int, value: Float)?](repeating: nil, count: columnCount)
        var firstText = [(row: Int, line: Int, text: String)?](repeating: nil, count: columnCount)
        var hasNumber = [Bool](repeating: false, count: columnCount)
        var labels: [String] = []
        var row = 0
        while try next() {
            row += 1
            guard fields.count == columnCount else {
                throw BoostError.csv(
                    path: source, line: tokenizer.line,
                    detail: "row has \(fields.count) fields, header has \(columnCount)")
            }
            let label = tokenizer.string(fields[labelIndex]).trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else {
                throw BoostError.csv(
                    path: source, line: tokenizer.line, detail: "empty label in column '\(labelColumn)'")
            }
            labels.append(label)
            for column in slots {
                guard let number = parseNumber(tokenizer.bytes, fields[column]) else {
                    if firstText[column] == nil {
                        firstText[column] = (row, tokenizer.line, tokenizer.string(fields[column]))
                    }
                    values.append(.nan)
                    continue
                }
                let value = Float(saturating: number)
                if !value.isNaN { hasNumber[column] = true }
                if value.isInfinite && firstInfinity[column] == nil { firstInfinity[column] = (row, value) }
                values.append(value)
            }
        }
        guard row > 0 else { throw BoostError.emptyDataset }
        // A column of text only (names, paths) is not a feature; numbers with text among them are.
        let isText = (0..<columnCount).map { firstText[$0] != nil && !hasNumber[$0] }
        let featureColumns = slots.filter { !isText[$0] }
        for column in featureColumns {
            if let text = firstText[column], nonNumeric == .error {
                throw BoostError.nonNumericCell(
                    path: source, line: text.line, column: header[column], row: text.row, text: text.text)
            }
            if let infinity = firstInfinity[column] {
                throw BoostError.nonFiniteValue(column: header[column], row: infinity.row, value: infinity.value)
            }
        }
        let ignored = (0..<columnCount).filter {
            $0 != labelIndex && (isText[$0] || ignoreColumns.contains(header[$0]))
        }
        .map { header[$0] }
        if featureColumns.count < width {
            let kept = slots.indices.filter { !isText[slots[$0]] }
            var compact = [Float](repeating: 0, count: row * kept.count)
            for r in 0..<row {
                for (j, slot) in kept.enumerated() { compact[r * kept.count + j] = values[r * width + slot] }
            }
            values = compact
        }
        let matrix = try FeatureMatrix(featureNames: featureColumns.map { header[$0] }, rowCount: row, values: values)
        return FeatureTable(features: matrix, labels: labels, ignoredColumns: ignored)
    }

    /// Parses a numeric cell exactly (`strtod` rounds correctly, so every double's shortest
    /// text gives that double back); `nil` means "not a number". Missing spellings give NaN.
    static func parseNumber(_ bytes: [UInt8], _ field: CSVTokenizer.Field) -> Double? {
        var start = field.start
        var end = field.end
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        let length = end - start
        if length == 0 { return .nan }
        if length == 2 && (bytes[start] | 0x20) == 0x6E && (bytes[start + 1] | 0x20) == 0x61 { return .nan }  // NA
        // strtod needs a NUL-terminated buffer; numbers are short, so this copy is usually on the
        // stack (a long one, "0.1000…0001", is still a number).
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &endPointer)
            guard let endPointer, endPointer - buffer.baseAddress! == length else { return nil }
            return value
        }
    }
}

extension Float {
    /// The `Float` nearest to a double, except that a finite double beyond `Float`'s range gives
    /// `±greatestFiniteMagnitude` rather than ±infinity: 4e38 is a (large) number, not an overflow.
    /// Infinities and NaN are kept.
    init(saturating value: Double) {
        if value.isFinite && abs(value) > Double(Float.greatestFiniteMagnitude) {
            self = value < 0 ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude
        } else {
            self.init(value)
        }
    }
}
