import Foundation
import Yams

extension CorpusManifest {
    /// Loads a manifest from a YAML file.
    public static func load(path: String) throws(ManifestError) -> CorpusManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(file: path, line: nil, message: "cannot read the manifest file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: path, line: nil, message: "the manifest is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates manifest YAML. `file` names the source in error messages.
    public static func parse(_ text: String, file: String) throws(ManifestError) -> CorpusManifest {
        try ManifestParser(reader: YAMLReader(file: file)).parse(text)
    }
}

/// Turns manifest YAML into a validated ``CorpusManifest``; every error carries its line.
private struct ManifestParser {
    let reader: YAMLReader

    func parse(_ text: String) throws(ManifestError) -> CorpusManifest {
        var root = try reader.root(text)
        let nameNode = try root.require("name")
        let name = try reader.string(nameNode, "'name'")
        guard name.range(of: #"^[a-z0-9][a-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw reader.fail(nameNode, "name '\(name)' must be lower-case letters, digits, '.', '_' or '-'")
        }
        let version = try root.string("version")
        let description = try root.string("description")
        let license = try root.string("license")
        let citation = try root.string("citation")
        let homepage = try root.string("homepage")
        let languages =
            try root.take("languages").map { n throws(ManifestError) in try reader.strings(n, "'languages'") } ?? []
        let files = try parseFiles(try root.require("files"))
        let labelsNode = try root.require("labels")
        let rules = try parseLabelRules(labelsNode)
        let onlyNode = root.take("only")
        let only = try onlyNode.map { n throws(ManifestError) in try parseOnly(n) } ?? [:]
        let codesNode = root.take("codes")
        let codes = try codesNode.map { n throws(ManifestError) in try parseCodes(n) } ?? [:]
        let transcripts =
            try root.take("transcripts").map { n throws(ManifestError) in
                Dictionary(try reader.table(n, "'transcripts'"), uniquingKeysWith: { a, _ in a })
            } ?? [:]
        let sample =
            try root.take("sample").map { n throws(ManifestError) in try parseSampleDefaults(n) }
            ?? CorpusManifest.SampleDefaults(language: nil, vocalChannel: nil)
        let speakers =
            try root.take("speakers").map { n throws(ManifestError) in try parseSpeakers(n) }
            ?? SpeakerRules(table: [:], csv: nil, json: nil, parity: nil, defaults: SpeakerFacts())
        try root.finish()

        let produced = Set(rules.flatMap(\.producedFields))
        guard produced.contains(LabelField.speaker.rawValue) else {
            throw reader.fail(labelsNode, "no label rule yields a 'speaker' field")
        }
        // A filter on a field no rule yields would skip every file.
        if let missing = only.keys.sorted().first(where: { !produced.contains($0) }) {
            throw reader.fail(onlyNode, "'only.\(missing)': no label rule yields a field '\(missing)'")
        }
        // A field that is neither a catalog field nor filtered by `only:` would vanish silently.
        var warnings: [String] = []
        for (rule, ruleNode) in zip(rules, labelsNode.sequence.map { Array($0) } ?? []) {
            for field in rule.producedFields where LabelField(rawValue: field) == nil && only[field] == nil {
                warnings.append(
                    reader.fail(
                        ruleNode,
                        "label field '\(field)' is ignored: it is not a catalog field ("
                            + LabelField.allCases.map(\.rawValue).joined(separator: ", ")
                            + ") and 'only:' does not use it"
                    ).description)
            }
        }
        for field in codes.keys.map(\.rawValue).sorted() where !produced.contains(field) {
            warnings.append(
                reader.fail(
                    codesNode?.mapping?.first { $0.key.string == field }?.key ?? codesNode,
                    "'codes.\(field)' has no effect: no label rule yields a field '\(field)'"
                )
                .description)
        }
        return CorpusManifest(
            name: name, version: version, description: description, license: license,
            citation: citation, homepage: homepage, languages: languages, files: files,
            labelRules: rules, only: only, codes: codes, transcripts: transcripts,
            sampleDefaults: sample, speakers: speakers, warnings: warnings)
    }

    private func parseFiles(_ node: Node) throws(ManifestError) -> CorpusManifest.FileSelection {
        var map = try reader.mapping(node, "'files'")
        let include = try reader.strings(try map.require("include"), "'files.include'")
        let exclude =
            try map.take("exclude").map { n throws(ManifestError) in try reader.strings(n, "'files.exclude'") } ?? []
        let caseInsensitive =
            try map.take("case_insensitive").map { n throws(ManifestError) in
                try reader.bool(n, "'files.case_insensitive'")
            } ?? false
        try map.finish()
        guard !include.isEmpty else { throw reader.fail(node, "'files.include' needs at least one glob") }
        return .init(include: include, exclude: exclude, caseInsensitive: caseInsensitive)
    }

    private func parseLabelRules(_ node: Node) throws(ManifestError) -> [LabelRule] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            throw reader.fail(node, "'labels' must be a non-empty list of rules")
        }
        var rules: [LabelRule] = []
        for item in sequence { rules.append(try parseLabelRule(item)) }
        return rules
    }

    private func parseLabelRule(_ node: Node) throws(ManifestError) -> LabelRule {
        var map = try reader.mapping(node, "a label rule")
        let sourceNode = try map.require("from")
        let sourceName = try reader.string(sourceNode, "'from'")
        guard let source = LabelRule.Source(rawValue: sourceName) else {
            let allowed = LabelRule.Source.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.fail(sourceNode, "'from' must be one of \(allowed), not '\(sourceName)'")
        }
        let patternNode = map.take("pattern") ?? map.take("patterns")
        let fieldsNode = map.take("fields")
        let separator = try map.string("separator") ?? "_"
        // Unknown keys first: a misspelt 'pattern' is better reported as such than as a missing one.
        try map.finish()
        let matcher: LabelRule.Matcher
        if let patternNode {
            var alternatives: [(source: String, regex: Regex<AnyRegexOutput>, groups: [String])] = []
            for pattern in try reader.strings(patternNode, "'pattern'") {
                let regex: Regex<AnyRegexOutput>
                do {
                    regex = try Regex(pattern)
                } catch {
                    throw reader.fail(patternNode, "invalid regular expression '\(pattern)': \(error)")
                }
                if let nested = RegexComplexity.nestedQuantifier(in: pattern) {
                    throw reader.fail(
                        patternNode,
                        "pattern '\(pattern)' nests quantifiers in '\(nested)', which can take exponential time "
                            + "on names that almost match; remove the inner or the outer repetition")
                }
                let groups = Self.namedGroups(in: pattern)
                guard !groups.isEmpty else {
                    throw reader.fail(patternNode, "pattern '\(pattern)' has no named group such as (?<speaker>...)")
                }
                alternatives.append((pattern, regex, groups))
            }
            matcher = .patterns(alternatives)
        } else if let fieldsNode {
            let fields = try reader.strings(fieldsNode, "'fields'")
            guard !separator.isEmpty else { throw reader.fail(node, "'separator' must not be empty") }
            matcher = .positional(separator: separator, fields: fields)
        } else {
            throw reader.fail(node, "a label rule needs 'pattern' (regular expressions) or 'fields' (positions)")
        }
        return LabelRule(source: source, matcher: matcher)
    }

    /// Names of `(?<name>…)` groups, in order.
    static func namedGroups(in pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"\(\?<([A-Za-z_][A-Za-z0-9_]*)>"#)
        let range = NSRange(pattern.startIndex..., in: pattern)
        return regex.matches(in: pattern, range: range).compactMap {
            Range($0.range(at: 1), in: pattern).map { String(pattern[$0]) }
        }
    }

    private func parseOnly(_ node: Node) throws(ManifestError) -> [String: Set<String>] {
        var map = try reader.mapping(node, "'only'")
        let pairs = try map.drainAll { (key, value) throws(ManifestError) in
            (key, Set(try reader.strings(value, "'only.\(key)'")))
        }
        return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    }

    private func parseCodes(_ node: Node) throws(ManifestError) -> [LabelField: [String: String]] {
        var map = try reader.mapping(node, "'codes'")
        var out: [LabelField: [String: String]] = [:]
        for entry in map.entries {
            guard let field = LabelField(rawValue: entry.key) else {
                let allowed = LabelField.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.fail(entry.keyNode, "'codes.\(entry.key)': no such field (one of \(allowed))")
            }
            let table = try reader.table(entry.value, "'codes.\(entry.key)'")
            for (code, meaning) in table {
                try validate(meaning, for: field, node: entry.value, what: "'codes.\(entry.key).\(code)'")
            }
            out[field] = Dictionary(table, uniquingKeysWith: { a, _ in a })
        }
        _ = try map.drainAll { _, _ throws(ManifestError) in () }
        return out
    }

    /// Checks a value that lands in a constrained catalog column.
    private func validate(_ value: String, for field: LabelField, node: Node, what: String) throws(ManifestError) {
        switch field {
        case .emotion where CanonicalEmotion(rawValue: value) == nil:
            let allowed = CanonicalEmotion.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.fail(node, "\(what): '\(value)' is not a canonical emotion (\(allowed))")
        case .gender where Gender(rawValue: value) == nil:
            throw reader.fail(node, "\(what): '\(value)' is not female, male, other or unknown")
        case .vocalChannel where VocalChannel(rawValue: value) == nil:
            throw reader.fail(node, "\(what): '\(value)' is not speech or song")
        case .repetition where Int(value) == nil, .age where Int(value) == nil:
            throw reader.fail(node, "\(what): '\(value)' is not a whole number")
        default:
            break
        }
    }

    private func parseSampleDefaults(_ node: Node) throws(ManifestError) -> CorpusManifest.SampleDefaults {
        var map = try reader.mapping(node, "'sample'")
        let language = try map.string("language")
        var channel: VocalChannel?
        if let channelNode = map.take("vocal_channel") {
            let value = try reader.string(channelNode, "'sample.vocal_channel'")
            try validate(value, for: .vocalChannel, node: channelNode, what: "'sample.vocal_channel'")
            channel = VocalChannel(rawValue: value)
        }
        try map.finish()
        return .init(language: language, vocalChannel: channel)
    }

    private func parseSpeakers(_ node: Node) throws(ManifestError) -> SpeakerRules {
        var map = try reader.mapping(node, "'speakers'")
        var rules = SpeakerRules(table: [:], csv: nil, json: nil, parity: nil, defaults: SpeakerFacts())
        if let parityNode = map.take("gender_by_parity") {
            var parity = try reader.mapping(parityNode, "'speakers.gender_by_parity'")
            let odd = try parseGender(try parity.require("odd"), "'gender_by_parity.odd'")
            let even = try parseGender(try parity.require("even"), "'gender_by_parity.even'")
            try parity.finish()
            rules.parity = (odd, even)
        }
        if let tableNode = map.take("table") {
            var table = try reader.mapping(tableNode, "'speakers.table'")
            let entries = try table.drainAll { (code, value) throws(ManifestError) in
                (code, try parseFacts(value, "'speakers.table.\(code)'"))
            }
            rules.table = Dictionary(entries, uniquingKeysWith: { a, _ in a })
        }
        if let csvNode = map.take("csv") {
            rules.csv = try parseSpeakerFile(csvNode, format: .csv)
        }
        if let jsonNode = map.take("json") {
            rules.json = try parseSpeakerFile(jsonNode, format: .json)
        }
        if let defaultsNode = map.take("defaults") {
            rules.defaults = try parseFacts(defaultsNode, "'speakers.defaults'")
        }
        try map.finish()
        return rules
    }

    private func parseGender(_ node: Node, _ what: String) throws(ManifestError) -> Gender {
        let value = try reader.string(node, what)
        guard let gender = Gender(rawValue: value) else {
            throw reader.fail(node, "\(what): '\(value)' is not female, male, other or unknown")
        }
        return gender
    }

    private func parseFacts(_ node: Node, _ what: String) throws(ManifestError) -> SpeakerFacts {
        var map = try reader.mapping(node, what)
        var facts = SpeakerFacts()
        if let genderNode = map.take("gender") { facts.gender = try parseGender(genderNode, "\(what).gender") }
        if let ageNode = map.take("age") { facts.age = try reader.int(ageNode, "\(what).age") }
        facts.accent = try map.string("accent")
        facts.nativeLanguage = try map.string("native_language")
        facts.language = try map.string("language")
        try map.finish()
        return facts
    }

    static let speakerCSVFields: Set<String> = ["gender", "age", "accent", "native_language", "language"]

    /// `speakers.csv` or `speakers.json`: a path, the id column (or key), the columns (keys) of the
    /// facts, and code tables for their values.
    private func parseSpeakerFile(_ node: Node, format: SpeakerRules.SpeakerFile.Format) throws(ManifestError)
        -> SpeakerRules.SpeakerFile
    {
        let what = "speakers.\(format.rawValue)"
        var map = try reader.mapping(node, "'\(what)'")
        guard let path = try map.string("path") else { throw reader.fail(node, "'\(what)' needs 'path'") }
        guard !path.isEmpty else { throw reader.fail(node, "'\(what).path' is empty") }
        // A JSON object keyed by id needs no id key; a list of objects defaults to "id".
        let id: String
        if let given = try map.string("id") {
            id = given
        } else if format == .json {
            id = "id"
        } else {
            throw reader.fail(node, "'\(what)' needs 'id' (the id column)")
        }
        var columns: [String: String] = [:]
        if let columnsNode = map.take("columns") {
            for (field, column) in try reader.table(columnsNode, "'\(what).columns'") {
                guard Self.speakerCSVFields.contains(field) else {
                    throw reader.fail(
                        columnsNode,
                        "'\(what).columns.\(field)': not a speaker field (\(Self.speakerCSVFields.sorted().joined(separator: ", ")))"
                    )
                }
                columns[field] = column
            }
        } else if format == .json {
            // JSON records usually name their facts as the catalog does.
            for field in Self.speakerCSVFields { columns[field] = field }
        }
        var codes: [String: [String: String]] = [:]
        if let codesNode = map.take("codes") {
            var codesMap = try reader.mapping(codesNode, "'\(what).codes'")
            let pairs = try codesMap.drainAll { (field, value) throws(ManifestError) in
                (
                    field,
                    Dictionary(try reader.table(value, "'\(what).codes.\(field)'"), uniquingKeysWith: { a, _ in a })
                )
            }
            codes = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
            if let genders = codes["gender"],
                let bad = genders.values.sorted().first(where: { Gender(rawValue: $0) == nil })
            {
                throw reader.fail(codesNode, "'\(what).codes.gender': '\(bad)' is not female, male, other or unknown")
            }
        }
        try map.finish()
        return .init(
            format: format, path: path, idColumn: id, columns: columns, codes: codes,
            place: ManifestError(file: reader.file, line: node.mark?.line, message: ""))
    }
}

extension LabelRule {
    /// Every field name this rule can yield.
    var producedFields: [String] {
        switch matcher {
        case .patterns(let alternatives): alternatives.flatMap(\.groups)
        case .positional(_, let fields): fields.filter { $0 != "_" }
        }
    }
}
