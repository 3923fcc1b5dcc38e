import GRDB

/// The catalog schema, one migration per released change.
///
/// Never edit a shipped migration: add a new one, so databases created by earlier versions upgrade
/// in place.
enum CatalogMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: corpus, speaker, sample, import_error") { db in
            try createCorpus(db)
            try createSpeaker(db)
            try createSample(db)
            try createImportError(db)
        }
        migrator.registerMigration("v2: covering index for balance queries") { db in
            // Balance reports group every selected sample by (emotion, speaker); this index lets
            // SQLite answer that from ~40 bytes per row instead of scanning the wide sample rows.
            try db.create(
                index: "sample_on_emotion_speaker_duration", on: "sample",
                columns: ["emotion", "speakerId", "duration"])
        }
        return migrator
    }

    private static func inList<T: RawRepresentable & CaseIterable>(_: T.Type) -> String
    where T.RawValue == String {
        T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }

    private static func createCorpus(_ db: Database) throws {
        try db.create(table: "corpus") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique()
            t.column("version", .text)
            t.column("description", .text)
            t.column("license", .text)
            t.column("citation", .text)
            t.column("homepage", .text)
            // BCP-47 codes, comma-separated in manifest order.
            t.column("languages", .text)
        }
    }

    private static func createSpeaker(_ db: Database) throws {
        try db.create(table: "speaker") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("corpus", onDelete: .cascade).notNull()
            t.column("code", .text).notNull()
            t.column("gender", .text).notNull().defaults(to: Gender.unknown.rawValue)
                .check(sql: "gender IN (\(inList(Gender.self)))")
            t.column("age", .integer)
            t.column("accent", .text)
            t.column("nativeLanguage", .text)
            t.uniqueKey(["corpusId", "code"])
        }
    }

    private static func createSample(_ db: Database) throws {
        try db.create(table: "sample") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("corpus", onDelete: .cascade).notNull()
            t.belongsTo("speaker", onDelete: .cascade).notNull()
            t.column("root", .text).notNull()
            t.column("path", .text).notNull()
            t.column("checksum", .text).notNull().indexed()
            t.column("fileSize", .integer).notNull()
            t.column("container", .text).notNull()
            t.column("encoding", .text).notNull()
            t.column("sampleRate", .integer).notNull()
            t.column("channels", .integer).notNull()
            t.column("frames", .integer).notNull()
            t.column("duration", .double).notNull()
            t.column("language", .text)
            t.column("statement", .text)
            t.column("transcript", .text)
            t.column("emotionOriginal", .text)
            t.column("emotion", .text).indexed()
                .check(sql: "emotion IS NULL OR emotion IN (\(inList(CanonicalEmotion.self)))")
            t.column("intensity", .text)
            t.column("vocalChannel", .text)
                .check(sql: "vocalChannel IS NULL OR vocalChannel IN (\(inList(VocalChannel.self)))")
            t.column("repetition", .integer)
            t.column("importedAt", .datetime).notNull()
            t.uniqueKey(["corpusId", "path"])
        }
    }

    private static func createImportError(_ db: Database) throws {
        try db.create(table: "importError") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("corpus", onDelete: .cascade).notNull()
            t.column("root", .text).notNull()
            t.column("path", .text).notNull()
            t.column("reason", .text).notNull()
            t.column("recordedAt", .datetime).notNull()
            t.uniqueKey(["corpusId", "path"])
        }
    }
}
