/// Splits CSV text (RFC 4180: comma separated, optional double-quoted fields with `""` escapes,
/// LF or CRLF line ends) into rows of byte ranges without copying field contents.
struct CSVTokenizer {
    /// One field: the byte range of its content (quotes stripped) and whether it was quoted and
    /// contained escaped quotes that must be unescaped before use.
    struct Field {
        var start: Int
        var end: Int
        var hasEscapedQuotes: Bool
    }

    let bytes: [UInt8]
    private(set) var position = 0
    private(set) var line = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // Skip a UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Reads the next record into `fields` (reusing its storage). Returns false at end of input.
    /// Blank lines are skipped.
    mutating func nextRecord(into fields: inout [Field]) throws(CSVTokenizerError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        while position < count && (bytes[position] == 0x0A || bytes[position] == 0x0D) {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < count else { return false }
        line += 1
        while true {
            if position < count && bytes[position] == 0x22 {
                // Quoted field.
                position += 1
                let start = position
                var escaped = false
                while true {
                    guard position < count else {
                        throw CSVTokenizerError(line: line, detail: "unterminated quoted field")
                    }
                    if bytes[position] == 0x22 {
                        if position + 1 < count && bytes[position + 1] == 0x22 {
                            escaped = true
                            position += 2
                            continue
                        }
                        break
                    }
                    if bytes[position] == 0x0A { line += 1 }
                    position += 1
                }
                fields.append(Field(start: start, end: position, hasEscapedQuotes: escaped))
                position += 1
                guard position >= count || bytes[position] == 0x2C || bytes[position] == 0x0A || bytes[position] == 0x0D
                else { throw CSVTokenizerError(line: line, detail: "unexpected character after closing quote") }
            } else {
                let start = position
                while position < count {
                    let byte = bytes[position]
                    if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
                    position += 1
                }
                fields.append(Field(start: start, end: position, hasEscapedQuotes: false))
            }
            if position < count && bytes[position] == 0x2C {
                position += 1
                continue
            }
            // End of record: consume CR?LF.
            if position < count && bytes[position] == 0x0D { position += 1 }
            if position < count && bytes[position] == 0x0A { position += 1 }
            return true
        }
    }

    /// The text of a field.
    func string(_ field: Field) -> String {
        let text = String(decoding: bytes[field.start..<field.end], as: UTF8.self)
        return field.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}

/// A syntax error found by `CSVTokenizer`.
struct CSVTokenizerError: Error {
    var line: Int
    var detail: String
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
