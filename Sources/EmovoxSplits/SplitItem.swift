/// One catalog sample as the split algorithms see it: identity, content and the attributes that
/// splits must keep disjoint (speaker, statement) or balanced (label, gender).
///
/// The catalog layer builds these from its tables; EmovoxSplits never reads storage itself.
public struct SplitItem: Sendable, Hashable, Codable {
    /// The catalog's sample identifier; unique within one selection.
    public var sampleID: Int64
    /// SHA-256 hex digest of the audio file; it makes the split's content hash independent of IDs.
    public var checksum: String
    /// Globally unique speaker key, e.g. `"ravdess/03"`.
    public var speaker: String
    /// Emotion label as stored in the catalog (before any label map).
    public var label: String
    /// Speaker gender as stored in the catalog (e.g. `"female"`, `"male"`).
    public var gender: String
    /// Identifier of the spoken text, when the corpus has scripted statements.
    public var statement: String?
    /// Extra columns for leave-one-group-out splits (`"corpus"`, `"language"`, ...).
    public var groups: [String: String]

    /// Creates an item; `statement` and `groups` default to absent.
    public init(
        sampleID: Int64, checksum: String, speaker: String, label: String, gender: String,
        statement: String? = nil, groups: [String: String] = [:]
    ) {
        self.sampleID = sampleID
        self.checksum = checksum
        self.speaker = speaker
        self.label = label
        self.gender = gender
        self.statement = statement
        self.groups = groups
    }

    /// The value of a leave-one-group-out column. Explicit `groups` entries win; the built-in
    /// attributes `speaker`, `gender`, `label` and `statement` are available without being repeated
    /// in `groups`.
    public func groupValue(_ column: String) -> String? {
        if let value = groups[column] { return value }
        switch column {
        case "speaker": return speaker
        case "gender": return gender
        case "label": return label
        case "statement": return statement
        default: return nil
        }
    }
}
