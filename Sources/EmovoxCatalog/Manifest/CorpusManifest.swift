/// A declarative description of one corpus: where its files are, how to read labels from their
/// names, what the codes mean, who the speakers are, and under which license it is distributed.
///
/// Everything corpus-specific lives here, never in code. Parse with ``CorpusManifest/load(path:)``
/// or ``CorpusManifest/parse(_:file:)``; the format is documented in the README.
public struct CorpusManifest: Sendable {
    public var name: String
    public var version: String?
    public var description: String?
    public var license: String?
    public var citation: String?
    public var homepage: String?
    public var languages: [String]

    public var files: FileSelection
    public var labelRules: [LabelRule]
    /// Raw field values a file must have to be imported (others are skipped, not failed).
    public var only: [String: Set<String>]
    /// Code tables: field → raw value → meaning.
    public var codes: [LabelField: [String: String]]
    /// Statement id → transcript.
    public var transcripts: [String: String]
    public var sampleDefaults: SampleDefaults
    public var speakers: SpeakerRules
    /// `file:line: problem` notes about parts of the manifest that are valid but have no effect
    /// (a label field nothing uses); an import reports them.
    public var warnings: [String] = []

    /// Which files belong to the corpus, as globs relative to the corpus directory.
    public struct FileSelection: Sendable {
        public var include: [String]
        public var exclude: [String]
        public var caseInsensitive: Bool
    }

    /// Values given to every sample unless a label or speaker says otherwise.
    public struct SampleDefaults: Sendable {
        public var language: String?
        public var vocalChannel: VocalChannel?
    }
}

/// Catalog fields a label rule can fill. Other group names are kept for `only:` filters.
public enum LabelField: String, Sendable, CaseIterable, Hashable {
    case speaker, emotion, intensity, statement, repetition, transcript, language, gender
    /// The speaker's age in years (a speaker fact read from the name, used when the speaker
    /// tables give none).
    case age
    case vocalChannel = "vocal_channel"
}

/// Reads named fields from one part of a file's path.
public struct LabelRule: @unchecked Sendable {
    // `Regex<AnyRegexOutput>` is not Sendable; rules are immutable after parsing.

    /// Which part of the path the rule reads.
    public enum Source: String, Sendable, CaseIterable {
        /// File name without extension.
        case stem
        /// File name with extension.
        case name
        /// The name of the directory holding the file.
        case parent
        /// The path relative to the corpus directory.
        case path
    }

    public enum Matcher {
        /// Alternative regular expressions with named groups; the first whole match wins.
        case patterns([(source: String, regex: Regex<AnyRegexOutput>, groups: [String])])
        /// Split on a separator; field names by position (`_` ignores a position).
        case positional(separator: String, fields: [String])
    }

    public var source: Source
    public var matcher: Matcher

    /// The named fields this rule extracts from `text`, or nil when it does not match.
    public func fields(in text: Substring) -> [String: String]? {
        switch matcher {
        case .patterns(let alternatives):
            for alternative in alternatives {
                guard let match = try? alternative.regex.wholeMatch(in: text) else { continue }
                var out: [String: String] = [:]
                for group in alternative.groups {
                    if let value = match.output[group]?.substring { out[group] = String(value) }
                }
                return out
            }
            return nil
        case .positional(let separator, let names):
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == names.count else { return nil }
            var out: [String: String] = [:]
            for (name, part) in zip(names, parts) where name != "_" { out[name] = String(part) }
            return out
        }
    }
}

/// How speaker metadata is found. Precedence: table, then CSV, then JSON, then facts read from
/// the file name, then the parity rule, then defaults.
public struct SpeakerRules: Sendable {
    public var table: [String: SpeakerFacts]
    public var csv: SpeakerFile?
    public var json: SpeakerFile?
    /// Gender by the parity of a numeric speaker id (RAVDESS: odd actors are male).
    public var parity: (odd: Gender, even: Gender)?
    public var defaults: SpeakerFacts

    /// A file of speaker records: CSV rows, or JSON (an object keyed by id, or a list of objects
    /// with an id key).
    public struct SpeakerFile: Sendable {
        public enum Format: String, Sendable { case csv, json }
        public var format: Format
        /// Absolute, or relative to the corpus directory.
        public var path: String
        /// The id column (CSV) or key (JSON list).
        public var idColumn: String
        /// Catalog field (`gender`, `age`, `accent`, `native_language`, `language`) → column or key.
        public var columns: [String: String]
        /// Per field, file value → catalog value (e.g. `Male` → `male`).
        public var codes: [String: [String: String]]
        /// The manifest file and line that declared it, for errors found when it is read.
        public var place: ManifestError
    }
}

/// What is known of one speaker; nil fields are unknown.
public struct SpeakerFacts: Sendable, Equatable {
    public var gender: Gender?
    public var age: Int?
    public var accent: String?
    public var nativeLanguage: String?
    /// The language this speaker speaks in the corpus (the samples' language).
    public var language: String?

    public init(
        gender: Gender? = nil, age: Int? = nil, accent: String? = nil, nativeLanguage: String? = nil,
        language: String? = nil
    ) {
        self.gender = gender
        self.age = age
        self.accent = accent
        self.nativeLanguage = nativeLanguage
        self.language = language
    }

    /// These facts, with gaps filled from `fallback`.
    func filled(from fallback: SpeakerFacts) -> SpeakerFacts {
        SpeakerFacts(
            gender: gender ?? fallback.gender, age: age ?? fallback.age,
            accent: accent ?? fallback.accent, nativeLanguage: nativeLanguage ?? fallback.nativeLanguage,
            language: language ?? fallback.language)
    }
}
