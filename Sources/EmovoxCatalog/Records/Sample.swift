import Foundation
import GRDB

/// One recording: where it is, what its bytes hash to, what its header says and how it is labelled.
public struct Sample: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sample"
    public var id: Int64?
    public var corpusId: Int64
    public var speakerId: Int64
    /// The directory the corpus was imported from; `path` is relative to it.
    public var root: String
    public var path: String
    /// SHA-256 of the file bytes, lower-case hex.
    public var checksum: String
    public var fileSize: Int64
    public var container: String
    public var encoding: String
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int64
    public var duration: Double
    public var language: String?
    /// The corpus' statement or text id.
    public var statement: String?
    public var transcript: String?
    /// The corpus' own emotion label (its code, before mapping).
    public var emotionOriginal: String?
    public var emotion: CanonicalEmotion?
    public var intensity: String?
    public var vocalChannel: VocalChannel?
    public var repetition: Int?
    public var importedAt: Date
    /// The file's modification time (nanoseconds since 1970) when `checksum` was last verified.
    public var fileModified: Int64? = nil

    /// The absolute path of the file.
    public var absolutePath: String { root.hasSuffix("/") ? root + path : root + "/" + path }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
