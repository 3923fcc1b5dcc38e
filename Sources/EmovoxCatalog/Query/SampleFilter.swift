import GRDB

/// A selection of samples written as `column op value [and …]`, e.g.
/// `corpus = ravdess and emotion in (angry, sad) and age >= 30`.
///
/// Operators: `=`, `!=`, `<`, `<=`, `>`, `>=`, `in (…)`, `not in (…)`, `like`, `is null`,
/// `is not null`. Values may be bare words or quoted with `'` or `"`. Parsed once at the edge into
/// parameterized SQL, so no user text reaches the query string.
///
/// The text is bounded (`Limits`) before any SQL exists: SQLite refuses expressions deeper than
/// its limit (1,000 terms here) and `LIKE` patterns longer than 50,000 bytes with an error that
/// quotes the whole statement, and a long pattern full of `%` costs time per row.
public struct SampleFilter: Sendable, Equatable {
    /// The largest selection text accepted.
    public enum Limits {
        /// Characters in the whole `--where` text.
        public static let textLength = 100_000
        /// Conditions joined by `and`.
        public static let conditions = 100
        /// Values in one `in (…)` / `not in (…)` list.
        public static let listValues = 10_000
        /// Characters in one value (a `like` pattern included).
        public static let valueLength = 1_000
    }

    public struct Condition: Sendable, Equatable {
        public enum Operator: String, Sendable {
            case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">"
            case greaterOrEqual = ">=", `in` = "IN", notIn = "NOT IN", like = "LIKE"
            case isNull = "IS NULL", isNotNull = "IS NOT NULL"
        }
        public var column: CatalogColumn
        public var op: Operator
        public var values: [String]
    }

    public var conditions: [Condition]

    /// Everything.
    public static let all = SampleFilter(conditions: [])

    public init(conditions: [Condition]) { self.conditions = conditions }

    /// Parses `text`; an empty string selects everything.
    public init(parsing text: String) throws(QueryError) {
        guard text.count <= Limits.textLength else {
            throw QueryError("the condition is \(text.count) characters long; at most \(Limits.textLength) are allowed")
        }
        // A slice: taking the first token is O(1), so a long text costs linear time.
        var tokens = try Self.tokenize(text)[...]
        var conditions: [Condition] = []
        while !tokens.isEmpty {
            guard conditions.count < Limits.conditions else {
                throw QueryError("more than \(Limits.conditions) conditions; use 'in (…)' lists to combine values")
            }
            conditions.append(try Self.condition(&tokens))
            if tokens.isEmpty { break }
            let joiner = tokens.removeFirst()
            guard joiner.lowercased() == "and" else {
                throw QueryError("expected 'and' between conditions, found '\(Self.excerpt(joiner))'")
            }
            guard !tokens.isEmpty else { throw QueryError("'and' at the end needs a condition after it") }
        }
        self.conditions = conditions
    }

    /// `text` cut to a length that fits in an error message.
    private static func excerpt(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// Adds `column = value`.
    public func and(_ column: CatalogColumn, equals value: String) -> SampleFilter {
        SampleFilter(conditions: conditions + [Condition(column: column, op: .equal, values: [value])])
    }

    /// The SQL `WHERE` clause over the `sample` table (empty when selecting everything) and its
    /// arguments.
    ///
    /// Conditions on speaker or corpus columns become one `speakerId IN (…)` sub-query, so a scan of
    /// `sample` never joins per row and can use the catalog's covering indexes.
    public var sql: (clause: String, arguments: StatementArguments) {
        guard !conditions.isEmpty else { return ("", []) }
        var sampleParts: [String] = []
        var speakerParts: [String] = []
        var sampleArguments: [DatabaseValueConvertible?] = []
        var speakerArguments: [DatabaseValueConvertible?] = []
        for condition in conditions {
            let (part, values) = Self.sql(for: condition)
            if condition.column.isSpeakerLevel {
                speakerParts.append(part)
                speakerArguments += values
            } else {
                sampleParts.append(part)
                sampleArguments += values
            }
        }
        if !speakerParts.isEmpty {
            sampleParts.append(
                """
                sample.speakerId IN (SELECT speaker.id FROM speaker JOIN corpus ON corpus.id = speaker.corpusId \
                WHERE \(speakerParts.joined(separator: " AND ")))
                """)
        }
        return (
            "WHERE " + sampleParts.joined(separator: " AND "), StatementArguments(sampleArguments + speakerArguments)
        )
    }

    private static func sql(for condition: Condition) -> (String, [DatabaseValueConvertible?]) {
        let column = condition.column.sql
        let numeric = condition.column.isNumeric
        switch condition.op {
        case .isNull, .isNotNull:
            return ("\(column) \(condition.op.rawValue)", [])
        case .in, .notIn:
            let marks = Array(repeating: "?", count: condition.values.count).joined(separator: ", ")
            return (
                "\(column) \(condition.op.rawValue) (\(marks))", condition.values.map { bind($0, numeric: numeric) }
            )
        default:
            return ("\(column) \(condition.op.rawValue) ?", [bind(condition.values[0], numeric: numeric)])
        }
    }

    private static func bind(_ value: String, numeric: Bool) -> DatabaseValueConvertible? {
        if numeric, let number = Double(value) { return number }
        return value
    }

    private static func condition(_ tokens: inout ArraySlice<String>) throws(QueryError) -> Condition {
        let column = try CatalogColumn.named(excerpt(tokens.removeFirst()))
        guard !tokens.isEmpty else { throw QueryError("'\(column.rawValue)' needs an operator and a value") }
        var opText = tokens.removeFirst().lowercased()
        if opText == "not" || opText == "is" {
            guard !tokens.isEmpty else { throw QueryError("incomplete condition on '\(column.rawValue)'") }
            opText += " " + tokens.removeFirst().lowercased()
            if opText == "is not" {
                guard !tokens.isEmpty else { throw QueryError("incomplete condition on '\(column.rawValue)'") }
                opText += " " + tokens.removeFirst().lowercased()
            }
        }
        let op: Condition.Operator
        switch opText {
        case "=": op = .equal
        case "==": throw QueryError("unknown operator '==' after '\(column.rawValue)'; equality is '='")
        case "!=", "<>": op = .notEqual
        case "<": op = .less
        case "<=": op = .lessOrEqual
        case ">": op = .greater
        case ">=": op = .greaterOrEqual
        case "in": op = .in
        case "not in": op = .notIn
        case "like": op = .like
        case "is null": return Condition(column: column, op: .isNull, values: [])
        case "is not null": return Condition(column: column, op: .isNotNull, values: [])
        default: throw QueryError("unknown operator '\(excerpt(opText))' after '\(column.rawValue)'")
        }
        if op == .in || op == .notIn {
            guard tokens.first == "(" else { throw QueryError("'\(opText)' needs a list such as (a, b)") }
            tokens.removeFirst()
            var values: [String] = []
            while let token = tokens.first, token != ")" {
                tokens.removeFirst()
                if token != "," { values.append(try value(token, of: column)) }
            }
            guard tokens.first == ")", !values.isEmpty else {
                throw QueryError("unclosed or empty list after '\(opText)'")
            }
            guard values.count <= Limits.listValues else {
                throw QueryError(
                    "the list after '\(column.rawValue) \(opText)' has \(values.count) values; "
                        + "at most \(Limits.listValues) are allowed")
            }
            tokens.removeFirst()
            return Condition(column: column, op: op, values: values)
        }
        guard let value = tokens.first, !["(", ")", ","].contains(value) else {
            throw QueryError("'\(column.rawValue) \(opText)' needs a value")
        }
        tokens.removeFirst()
        if column.isNumeric, op != .like, Double(value) == nil {
            throw QueryError("'\(column.rawValue)' is numeric; '\(excerpt(value))' is not a number")
        }
        return Condition(column: column, op: op, values: [try self.value(value, of: column)])
    }

    /// A value token, within `Limits.valueLength`.
    private static func value(_ token: String, of column: CatalogColumn) throws(QueryError) -> String {
        guard token.count <= Limits.valueLength else {
            throw QueryError(
                "a value for '\(column.rawValue)' is \(token.count) characters long; "
                    + "at most \(Limits.valueLength) are allowed")
        }
        return token
    }

    /// Splits into words, quoted strings, operators and list punctuation.
    private static func tokenize(_ text: String) throws(QueryError) -> [String] {
        var tokens: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "'" || character == "\"" {
                guard let close = text[text.index(after: index)...].firstIndex(of: character) else {
                    throw QueryError("unclosed quote in '\(excerpt(String(text[index...])))'")
                }
                tokens.append(String(text[text.index(after: index)..<close]))
                index = text.index(after: close)
            } else if "(),".contains(character) {
                tokens.append(String(character))
                index = text.index(after: index)
            } else if "=!<>".contains(character) {
                var end = text.index(after: index)
                while end < text.endIndex, "=<>".contains(text[end]) { end = text.index(after: end) }
                tokens.append(String(text[index..<end]))
                index = end
            } else {
                var end = index
                while end < text.endIndex, !text[end].isWhitespace, !"(),=!<>'\"".contains(text[end]) {
                    end = text.index(after: end)
                }
                tokens.append(String(text[index..<end]))
                index = end
            }
        }
        return tokens
    }
}
