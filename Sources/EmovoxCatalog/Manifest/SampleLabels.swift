/// Labels read from one file's path by a manifest, with code tables applied.
public struct SampleLabels: Sendable, Equatable {
    public var speaker: String
    public var emotionOriginal: String?
    public var emotion: CanonicalEmotion?
    public var intensity: String?
    public var statement: String?
    public var transcript: String?
    public var repetition: Int?
    public var language: String?
    public var vocalChannel: VocalChannel?
    /// A gender carried in the file name, when the corpus encodes it there.
    public var gender: Gender?
    /// An age in years carried in the file name.
    public var age: Int?
}

/// Why a file the manifest selected is not imported.
public enum LabelOutcome: Sendable, Equatable {
    case labelled(SampleLabels)
    /// Excluded on purpose by `only:` (not an error).
    case skipped
    /// The name does not fit the manifest; the reason says how.
    case rejected(String)
}

extension CorpusManifest {
    /// Applies the label rules and code tables to a path relative to the corpus directory.
    public func labels(forRelativePath path: String) -> LabelOutcome {
        var raw: [String: String] = [:]
        for rule in labelRules {
            let text = rule.source.part(of: path)
            guard let fields = rule.fields(in: text) else {
                return .rejected("\(rule.source.rawValue) '\(text)' does not match the manifest's label rules")
            }
            raw.merge(fields) { first, _ in first }
        }
        for (field, allowed) in only.sorted(by: { $0.key < $1.key }) {
            guard let value = raw[field], allowed.contains(value) else { return .skipped }
        }
        guard let rawSpeaker = raw[LabelField.speaker.rawValue], !rawSpeaker.isEmpty else {
            return .rejected("no speaker in the name")
        }
        // A speaker code table normalizes spellings (`oaf` → `OAF`); unlisted codes stay as they are.
        let speaker = (try? mapped(rawSpeaker, .speaker)) ?? rawSpeaker
        var labels = SampleLabels(speaker: speaker)
        do {
            labels.emotionOriginal = raw[LabelField.emotion.rawValue]
            if let original = labels.emotionOriginal {
                labels.emotion = try decode(original, .emotion, as: CanonicalEmotion.init(rawValue:))
            }
            labels.intensity = try raw[LabelField.intensity.rawValue].map { try mapped($0, .intensity) }
            labels.statement = raw[LabelField.statement.rawValue].map { (try? mapped($0, .statement)) ?? $0 }
            labels.transcript =
                raw[LabelField.transcript.rawValue] ?? labels.statement.flatMap { transcripts[$0] }
                ?? raw[LabelField.statement.rawValue].flatMap { transcripts[$0] }
            if let repetition = raw[LabelField.repetition.rawValue] {
                labels.repetition = try decode(repetition, .repetition, as: { Int($0) })
            }
            labels.language = try raw[LabelField.language.rawValue].map { try mapped($0, .language) }
            labels.vocalChannel =
                try raw[LabelField.vocalChannel.rawValue].map {
                    try decode($0, .vocalChannel, as: VocalChannel.init(rawValue:))
                } ?? sampleDefaults.vocalChannel
            labels.gender = try raw[LabelField.gender.rawValue].map {
                try decode($0, .gender, as: Gender.init(rawValue:))
            }
            labels.age = try raw[LabelField.age.rawValue].map { try decode($0, .age, as: { Int($0) }) }
        } catch let error as CodeError {
            return .rejected(error.message)
        } catch {
            return .rejected("\(error)")
        }
        return .labelled(labels)
    }

    private struct CodeError: Error { var message: String }

    /// The code table's meaning of `value` (an exact key first, then one differing only in case),
    /// or `value` itself when the field has no table.
    private func mapped(_ value: String, _ field: LabelField) throws(CodeError) -> String {
        guard let table = codes[field] else { return value }
        if let meaning = table[value] { return meaning }
        let folded = value.lowercased()
        if let key = table.keys.sorted().first(where: { $0.lowercased() == folded }), let meaning = table[key] {
            return meaning
        }
        throw CodeError(message: "\(field.rawValue) code '\(value)' is not in the manifest's code table")
    }

    private func decode<T>(_ value: String, _ field: LabelField, as make: (String) -> T?) throws(CodeError) -> T {
        let meaning = try mapped(value, field)
        if let decoded = make(meaning) ?? make(meaning.lowercased()) { return decoded }
        throw CodeError(
            message: "\(field.rawValue) '\(value)' has no catalog meaning; add it to codes.\(field.rawValue)")
    }
}

extension LabelRule.Source {
    /// The part of a relative path this source reads.
    func part(of path: String) -> Substring {
        let slash = path.lastIndex(of: "/")
        let name = slash.map { path[path.index(after: $0)...] } ?? path[...]
        switch self {
        case .path:
            return path[...]
        case .name:
            return name
        case .stem:
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
            return name[..<dot]
        case .parent:
            guard let slash else { return "" }
            let directory = path[..<slash]
            let parentSlash = directory.lastIndex(of: "/")
            return parentSlash.map { directory[directory.index(after: $0)...] } ?? directory
        }
    }
}
