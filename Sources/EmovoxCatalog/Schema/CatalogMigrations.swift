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
        migrator.registerMigration("v3: pipeline runs, per-sample processing, feature vectors") { db in
            try createPipelineTables(db)
        }
        migrator.registerMigration("v4: named splits and their assignments") { db in
            try db.create(table: "split") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("target", .text).notNull()
                t.column("selection", .text).notNull()
                t.column("contentHash", .text).notNull()
                t.column("selectionHash", .text).notNull()
                t.column("toolVersion", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                // The split's configuration, reports and balancing, as canonical JSON without the
                // per-sample assignments (those are rows of splitAssignment).
                t.column("summary", .blob).notNull()
            }
            try db.create(table: "splitAssignment") { t in
                t.belongsTo("split", onDelete: .cascade).notNull()
                t.belongsTo("sample", onDelete: .cascade).notNull()
                t.column("label", .text).notNull()
                t.column("side", .text).notNull()
                t.column("fold", .integer).notNull()
                t.primaryKey(["splitId", "sampleId"])
            }
        }
        migrator.registerMigration("v5: sample file modification time") { db in
            // With fileSize, lets a run trust a file's recorded checksum without hashing it again;
            // NULL (rows imported before) makes the first run hash the file and record it.
            try db.alter(table: "sample") { t in t.add(column: "fileModified", .integer) }
        }
        migrator.registerMigration("v6: catalog snapshot of a sharded run") { db in
            // The selection hash a shard computed its results from (`emovox run --shard-out`); NULL
            // for runs that wrote to the catalog directly. `emovox merge` finds merged shards by it.
            try db.alter(table: "pipelineRun") { t in t.add(column: "snapshot", .text) }
        }
        migrator.registerMigration("v7: enrolled speaker embeddings") { db in
            // Enrolled people are not corpus speakers: they are named by the user and exist only
            // through the recordings enrolled for them, each embedding tied to the extractor that
            // made it (embeddings of two extractors are not comparable).
            try db.create(table: "speakerEnrollment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().indexed()
                t.column("extractor", .text).notNull()
                t.column("sourcePath", .text).notNull()
                t.column("sourceChecksum", .text).notNull()
                t.column("embedding", .blob).notNull()
                t.column("enrolledAt", .datetime).notNull()
                t.uniqueKey(["name", "extractor", "sourceChecksum"])
            }
        }
        return migrator
    }

    /// The pipeline tables as migration v3 made them; a shard's own database (`ShardStore`) starts
    /// from the same tables so its rows copy into the catalog column for column.
    static func createPipelineTables(_ db: Database) throws {
        try db.create(table: "pipelineRun") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("specName", .text).notNull()
            t.column("specHash", .text).notNull().indexed()
            t.column("specText", .text).notNull()
            t.column("toolVersion", .text).notNull()
            t.column("shard", .text).notNull()
            t.column("selection", .text).notNull()
            t.column("startedAt", .datetime).notNull()
            t.column("finishedAt", .datetime)
            t.column("selected", .integer).notNull().defaults(to: 0)
            t.column("processed", .integer).notNull().defaults(to: 0)
            t.column("cached", .integer).notNull().defaults(to: 0)
            t.column("failed", .integer).notNull().defaults(to: 0)
        }
        try db.create(table: "pipelineFailure") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("run", inTable: "pipelineRun", onDelete: .cascade).notNull()
            t.belongsTo("sample", onDelete: .cascade).notNull()
            t.column("step", .text).notNull()
            t.column("reason", .text).notNull()
            t.uniqueKey(["runId", "sampleId"])
        }
        // What a spec made of a sample: the level facts normalization removes, kept as features.
        try db.create(table: "sampleProcessing") { t in
            t.belongsTo("sample", onDelete: .cascade).notNull()
            t.column("specHash", .text).notNull()
            t.column("audioKey", .text).notNull()
            t.column("processedSampleRate", .integer).notNull()
            t.column("originalDuration", .double).notNull()
            t.column("trimmedDuration", .double)
            t.column("processedDuration", .double).notNull()
            t.column("originalLoudness", .double)
            t.column("loudnessMethod", .text).notNull()
            t.column("appliedGain", .double).notNull()
            t.column("gainCapped", .boolean).notNull()
            t.column("voicedProportion", .double).notNull()
            t.primaryKey(["sampleId", "specHash"])
        }
        try db.create(table: "featureSchema") { t in
            t.column("namesHash", .text).primaryKey()
            t.column("setName", .text).notNull()
            t.column("setVersion", .integer).notNull()
            // JSON array of the column names, in value order.
            t.column("names", .text).notNull()
        }
        try db.create(table: "featureVector") { t in
            t.belongsTo("sample", onDelete: .cascade).notNull()
            t.column("specHash", .text).notNull()
            t.column("setName", .text).notNull()
            t.column("namesHash", .text).notNull().references("featureSchema")
            // Float64 little-endian, one per name; NaN marks a missing value.
            t.column("vector", .blob).notNull()
            t.primaryKey(["sampleId", "specHash", "setName"])
        }
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
