import GRDB

/// A corpus: one public or private collection of recordings and its license.
public struct Corpus: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "corpus"
    public var id: Int64?
    public var name: String
    public var version: String?
    public var description: String?
    public var license: String?
    public var citation: String?
    public var homepage: String?
    /// BCP-47 language codes, comma-separated.
    public var languages: String?

    public init(
        id: Int64? = nil, name: String, version: String? = nil, description: String? = nil,
        license: String? = nil, citation: String? = nil, homepage: String? = nil, languages: String? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.description = description
        self.license = license
        self.citation = citation
        self.homepage = homepage
        self.languages = languages
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
