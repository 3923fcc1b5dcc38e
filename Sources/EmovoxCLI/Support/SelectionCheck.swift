import ArgumentParser
import EmovoxCatalog
import Foundation

/// What a `--corpus`/`--where` selection matched, so that no command answers an empty or
/// narrowed selection silently.
struct SelectionCheck {
    /// One line per part of the request that matches nothing: an unknown corpus, a `--where`
    /// condition no sample meets.
    var warnings: [String] = []
    /// Samples the whole selection matches.
    var selected = 0

    /// Values of one `in (…)` list looked up one by one; a longer list is checked as a whole only.
    static let listValuesChecked = 100

    /// Checks `selection` against `catalog`; prints each warning on standard error.
    ///
    /// - Throws: exit status 64 when a `--corpus` or `--where` was given and nothing
    ///   at all matches, after printing the warnings (and, with `json`, `{"warnings": …}`).
    @discardableResult
    static func run(_ selection: SelectionOptions, catalog: Catalog, json: Bool) throws -> SelectionCheck {
        var check = SelectionCheck()
        let filter = try selection.filter()
        check.selected = try catalog.sampleCount(filter: filter)
        if let corpus = selection.corpus, try catalog.corpus(named: corpus) == nil {
            let names = try catalog.corpora().map(\.name)
            check.warnings.append(
                "no corpus named '\(corpus)' in the catalog ("
                    + (names.isEmpty ? "it has none yet" : "corpora: " + names.joined(separator: ", ")) + ")")
        }
        if let text = selection.condition {
            let conditions = try SampleFilter(parsing: text).conditions
            for condition in conditions {
                if try catalog.sampleCount(filter: SampleFilter(conditions: [condition])) == 0 {
                    check.warnings.append("--where: '\(condition.text)' matches no sample")
                } else if condition.op == .in, condition.values.count > 1 {
                    // A misspelt value in a list narrows the selection without emptying it.
                    for value in condition.values.prefix(Self.listValuesChecked) {
                        if try catalog.sampleCount(filter: SampleFilter.all.and(condition.column, equals: value)) == 0 {
                            check.warnings.append(
                                "--where: '\(value)' in '\(condition.text)' matches no sample")
                        }
                    }
                }
            }
            if check.selected == 0, conditions.count > 1, check.warnings.isEmpty {
                check.warnings.append("--where: '\(text)' matches no sample (each condition does, not together)")
            }
        }
        for warning in check.warnings { log.warning("\(warning)") }
        if check.selected == 0, selection.corpus != nil || selection.condition != nil {
            throw UsageFailure.report(
                "nothing selected: no sample matches \(selection.text)", warnings: check.warnings, json: json)
        }
        return check
    }
}

extension SelectionOptions {
    /// The selection as typed: `--corpus x --where "…"`.
    var text: String {
        var parts: [String] = []
        if let corpus { parts.append("--corpus \(corpus)") }
        if let condition { parts.append("--where \"\(condition)\"") }
        return parts.isEmpty ? "everything" : parts.joined(separator: " ")
    }
}

extension SampleFilter.Condition {
    /// `column op value`, as a user would write it.
    var text: String {
        switch op {
        case .isNull, .isNotNull: "\(column.rawValue) \(op.rawValue.lowercased())"
        case .in, .notIn: "\(column.rawValue) \(op.rawValue.lowercased()) (\(values.joined(separator: ", ")))"
        default: "\(column.rawValue) \(op.rawValue.lowercased()) \(values.first ?? "")"
        }
    }
}

/// An encodable value with a `warnings` key beside its own.
struct WithWarnings<Value: Encodable>: Encodable {
    var value: Value
    var warnings: [String]

    enum CodingKeys: String, CodingKey { case warnings }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(warnings, forKey: .warnings)
    }
}
