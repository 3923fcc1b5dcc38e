/// A catalog column users may name in `--where`, `--by` and `--group`: the public names and the SQL
/// they stand for over `sample JOIN speaker JOIN corpus`.
public enum CatalogColumn: String, Sendable, CaseIterable, Codable {
    case corpus, speaker, gender, age, accent
    case nativeLanguage = "native_language"
    case emotion
    case emotionOriginal = "emotion_original"
    case intensity, statement, language
    case vocalChannel = "vocal_channel"
    case repetition, container
    case sampleRate = "sample_rate"
    case channels, duration, path

    /// The SQL expression, qualified by table.
    var sql: String {
        switch self {
        case .corpus: "corpus.name"
        // Speaker codes repeat across corpora ("01"): qualify them by corpus.
        case .speaker: "(corpus.name || '/' || speaker.code)"
        case .gender: "speaker.gender"
        case .age: "speaker.age"
        case .accent: "speaker.accent"
        case .nativeLanguage: "speaker.nativeLanguage"
        case .emotion: "sample.emotion"
        case .emotionOriginal: "sample.emotionOriginal"
        case .intensity: "sample.intensity"
        case .statement: "sample.statement"
        case .language: "sample.language"
        case .vocalChannel: "sample.vocalChannel"
        case .repetition: "sample.repetition"
        case .container: "sample.container"
        case .sampleRate: "sample.sampleRate"
        case .channels: "sample.channels"
        case .duration: "sample.duration"
        case .path: "sample.path"
        }
    }

    /// Whether the column describes the speaker (or corpus) rather than the recording; such
    /// conditions are evaluated once per speaker, not once per sample.
    var isSpeakerLevel: Bool {
        switch self {
        case .corpus, .speaker, .gender, .age, .accent, .nativeLanguage: true
        default: false
        }
    }

    var isNumeric: Bool {
        switch self {
        case .age, .repetition, .sampleRate, .channels, .duration: true
        default: false
        }
    }

    /// Parses a user-facing name, with a clear error listing the valid ones.
    public static func named(_ name: String) throws(QueryError) -> CatalogColumn {
        if let column = CatalogColumn(rawValue: name.lowercased()) { return column }
        throw QueryError("unknown column '\(name)' (one of: \(allCases.map(\.rawValue).joined(separator: ", ")))")
    }
}

/// A query the user wrote that cannot be run.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
