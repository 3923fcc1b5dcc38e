import Foundation
import GRDB

/// One enrolled recording of a named person: its speaker embedding under one extractor.
public struct SpeakerEnrollment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "speakerEnrollment"
    public var id: Int64?
    /// The name the user enrolled the person under.
    public var name: String
    /// The fingerprint of the extractor that made `embedding`.
    public var extractor: String
    /// The recording as given on the command line (absolute).
    public var sourcePath: String
    /// Hash of the recording's bytes: the same file enrolled twice under one name is one row.
    public var sourceChecksum: String
    /// Little-endian IEEE 754 doubles.
    public var embedding: Data
    public var enrolledAt: Date

    public init(
        name: String, extractor: String, sourcePath: String, sourceChecksum: String, vector: [Double],
        enrolledAt: Date
    ) {
        self.name = name
        self.extractor = extractor
        self.sourcePath = sourcePath
        self.sourceChecksum = sourceChecksum
        var data = Data(capacity: vector.count * 8)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        embedding = data
        self.enrolledAt = enrolledAt
    }

    /// The embedding as numbers.
    public var vector: [Double] {
        embedding.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
        }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An enrolled person as `speakers list` shows them.
public struct EnrolledSpeakerSummary: Sendable, Equatable, Codable {
    public var name: String
    public var recordings: Int
    /// Fingerprints of the extractors their embeddings were made with, sorted.
    public var extractors: [String]
}

extension Catalog {
    /// Stores enrollments; a recording already enrolled under the same name and extractor is
    /// replaced. Returns how many rows were new.
    @discardableResult
    public func enroll(_ enrollments: [SpeakerEnrollment]) throws -> Int {
        try writer.write { db in
            var added = 0
            for var enrollment in enrollments {
                let existing =
                    try SpeakerEnrollment
                    .filter(
                        Column("name") == enrollment.name && Column("extractor") == enrollment.extractor
                            && Column("sourceChecksum") == enrollment.sourceChecksum
                    )
                    .deleteAll(db)
                if existing == 0 { added += 1 }
                try enrollment.insert(db)
            }
            return added
        }
    }

    /// Every enrollment made with `extractor`, by name then id.
    public func enrollments(extractor: String) throws -> [SpeakerEnrollment] {
        try writer.read { db in
            try SpeakerEnrollment.filter(Column("extractor") == extractor)
                .order(Column("name"), Column("id")).fetchAll(db)
        }
    }

    /// The enrolled people, by name.
    public func enrolledSpeakers() throws -> [EnrolledSpeakerSummary] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT name, count(*) AS recordings, group_concat(DISTINCT extractor) AS extractors
                    FROM speakerEnrollment GROUP BY name ORDER BY name
                    """)
            return rows.map { row in
                EnrolledSpeakerSummary(
                    name: row["name"], recordings: row["recordings"],
                    extractors: ((row["extractors"] as String?) ?? "").split(separator: ",").map(String.init).sorted())
            }
        }
    }

    /// Deletes every enrollment of `name`; returns how many rows went.
    public func removeEnrolledSpeaker(named name: String) throws -> Int {
        try writer.write { db in try SpeakerEnrollment.filter(Column("name") == name).deleteAll(db) }
    }
}
