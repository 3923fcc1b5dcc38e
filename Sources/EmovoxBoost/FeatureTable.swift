import Foundation

/// A feature table read from CSV: numeric columns become features, one column holds the label.
///
/// Rules (so that the CLI can train on any CSV):
/// - The first record is the header; column names must be unique.
/// - A column is numeric when every non-empty cell parses as a number. Empty cells, `nan`/`NaN`
///   and `NA` are missing values (NaN). `inf`/`-inf` parse as numbers but are rejected with an
///   error naming the column and row (1-based data row, header excluded).
/// - Non-numeric columns other than the label column are ignored and listed in `ignoredColumns`,
///   as are the columns named in `ignoreColumns`.
/// - Label cells are kept as strings; an empty label is an error.
public struct FeatureTable: Sendable, Equatable {
    /// The numeric feature columns.
    public let features: FeatureMatrix
    /// The label of each row, as written in the file.
    public let labels: [String]
    /// Columns that were dropped: explicitly ignored ones and non-numeric ones, in file order.
    public let ignoredColumns: [String]

    /// Loads a CSV file. See the type documentation for the parsing rules.
    /// - Throws: `BoostError.csv` (I/O, syntax, ragged rows, empty label, ±Inf),
    ///   `.missingLabelColumn`, `.emptyDataset`.
    public static func load(csv path: String, labelColumn: String, ignoreColumns: Set<String> = []) throws
        -> FeatureTable
    {
        try parse(bytes: readBytes(path), source: path, labelColumn: labelColumn, ignoreColumns: ignoreColumns)
    }

    /// The file's bytes, read straight into one array (no intermediate `Data` copy: for a
    /// 10,000 × 6,000 table the text alone is ~0.4 GB).
    private static func readBytes(_ path: String) throws -> [UInt8] {
        func failure() -> BoostError {
            .csv(path: path, line: nil, detail: "cannot read file: \(String(cString: strerror(errno)))")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure() }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure() }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                if n == 0 { break }  // the file shrank while being read
                throw failure()
            }
            filled += n
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    /// Parses CSV text already in memory; `source` names it in error messages.
    public static func parse(
        text: String, source: String = "<text>", labelColumn: String, ignoreColumns: Set<String> = []
    ) throws -> FeatureTable {
        try parse(bytes: Array(text.utf8), source: source, labelColumn: labelColumn, ignoreColumns: ignoreColumns)
    }

    static func parse(bytes: [UInt8], source: String, labelColumn: String, ignoreColumns: Set<String>) throws
        -> FeatureTable
    {
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
        // per-column arrays, whose growth would double the peak memory). A column that proves
        // non-numeric is dropped at the end; the first ±Inf of each column is reported only if
        // the column ends up numeric.
        var candidate = (0..<columnCount).map { $0 != labelIndex && !ignoreColumns.contains(header[$0]) }
        let slots = (0..<columnCount).filter { candidate[$0] }
        let width = slots.count
        var values: [Float] = []
        // Newlines bound the row count (quoted ones only make it an over-estimate), so the array is
        // allocated once instead of growing by doubling.
        var newlines = 0
        for byte in bytes where byte == 0x0A { newlines += 1 }
        values.reserveCapacity(width * (newlines + 1))
        var firstInfinity = [(row: Int, value: Float)?](repeating: nil, count: columnCount)
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
                guard candidate[column], let value = parseNumber(tokenizer.bytes, fields[column]) else {
                    candidate[column] = false
                    values.append(.nan)  // placeholder; the column is dropped below
                    continue
                }
                if value.isInfinite && firstInfinity[column] == nil { firstInfinity[column] = (row, value) }
                values.append(value)
            }
        }
        guard row > 0 else { throw BoostError.emptyDataset }
        let featureColumns = slots.filter { candidate[$0] }
        for column in featureColumns {
            if let infinity = firstInfinity[column] {
                throw BoostError.nonFiniteValue(column: header[column], row: infinity.row, value: infinity.value)
            }
        }
        let ignored = (0..<columnCount).filter { $0 != labelIndex && !candidate[$0] }.map { header[$0] }
        if featureColumns.count < width {
            let kept = slots.indices.filter { candidate[slots[$0]] }
            var compact = [Float](repeating: 0, count: row * kept.count)
            for r in 0..<row {
                for (j, slot) in kept.enumerated() { compact[r * kept.count + j] = values[r * width + slot] }
            }
            values = compact
        }
        let matrix = try FeatureMatrix(featureNames: featureColumns.map { header[$0] }, rowCount: row, values: values)
        return FeatureTable(features: matrix, labels: labels, ignoredColumns: ignored)
    }

    /// Parses a numeric cell; `nil` means "not a number". Missing spellings give NaN.
    private static func parseNumber(_ bytes: [UInt8], _ field: CSVTokenizer.Field) -> Float? {
        var start = field.start
        var end = field.end
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        let length = end - start
        if length == 0 { return .nan }
        if length == 2 && (bytes[start] | 0x20) == 0x6E && (bytes[start + 1] | 0x20) == 0x61 { return .nan }  // NA
        guard length < 64 else { return nil }
        // strtod needs a NUL-terminated buffer; numbers are short, so copy onto the stack.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Float? in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &endPointer)
            guard let endPointer, endPointer - buffer.baseAddress! == length else { return nil }
            return Float(value)
        }
    }
}
