import GRDB

/// A speaker of one corpus, identified by the corpus' own code.
public struct Speaker: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "speaker"
    public var id: Int64?
    public var corpusId: Int64
    /// The corpus' own speaker id (`"01"` for RAVDESS Actor_01).
    public var code: String
    public var gender: Gender
    public var age: Int?
    public var accent: String?
    public var nativeLanguage: String?

    public init(
        id: Int64? = nil, corpusId: Int64, code: String, gender: Gender = .unknown, age: Int? = nil,
        accent: String? = nil, nativeLanguage: String? = nil
    ) {
        self.id = id
        self.corpusId = corpusId
        self.code = code
        self.gender = gender
        self.age = age
        self.accent = accent
        self.nativeLanguage = nativeLanguage
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
