import GRDB

/// A corpus with its size, as `emovox corpus list` shows it.
public struct CorpusOverview: Sendable, Equatable {
    public var corpus: Corpus
    public var samples: Int
    public var speakers: Int
    /// Total duration of its samples, seconds.
    public var seconds: Double
}

/// Everything the catalog knows about one corpus, as `emovox corpus show` prints it.
public struct CorpusDetail: Sendable, Equatable {
    public var overview: CorpusOverview
    /// Files that failed to import and are still recorded.
    public var importErrors: Int
    /// Samples per canonical emotion; samples without one are counted under `"none"`.
    public var samplesByEmotion: [String: Int]
    /// Samples per speaker gender.
    public var samplesByGender: [String: Int]
    /// Speakers per gender.
    public var speakersByGender: [String: Int]
    /// Names of the splits that hold at least one of its samples, sorted.
    public var splits: [String]
}

/// What `Catalog.deleteCorpus` removed, row counts per table. `--json` prints it as is.
public struct CorpusDeletion: Encodable, Sendable, Equatable {
    public var corpus: String
    public var samples = 0
    public var speakers = 0
    public var importErrors = 0
    /// `sampleProcessing` rows: one per sample and pipeline spec.
    public var processingRows = 0
    public var featureVectors = 0
    public var pipelineFailures = 0
    /// Assignments of the corpus' samples in splits that were deleted with it.
    public var splitAssignments = 0
    /// Splits that used the corpus and were deleted (only with `deletingSplits`).
    public var deletedSplits: [String] = []

    enum CodingKeys: String, CodingKey {
        case corpus, samples, speakers
        case importErrors = "import_errors"
        case processingRows = "processing_rows"
        case featureVectors = "feature_vectors"
        case pipelineFailures = "pipeline_failures"
        case splitAssignments = "split_assignments"
        case deletedSplits = "deleted_splits"
    }
}

/// Why a corpus could not be shown or deleted.
public enum CorpusError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCorpus(name: String, known: [String])
    /// Splits hold samples of the corpus; deleting it would silently shrink them.
    case usedBySplits(corpus: String, splits: [String])

    public var description: String {
        switch self {
        case .unknownCorpus(let name, let known):
            "no corpus named '\(name)'"
                + (known.isEmpty ? " (the catalog has none)" : " (corpora: \(known.joined(separator: ", ")))")
        case .usedBySplits(let corpus, let splits):
            "corpus '\(corpus)' is used by split\(splits.count == 1 ? "" : "s") \(splits.joined(separator: ", ")); "
                + "delete \(splits.count == 1 ? "it" : "them") first, or pass --force to delete "
                + "\(splits.count == 1 ? "it" : "them") with the corpus"
        }
    }
}

extension Catalog {
    /// Every corpus with its sample, speaker and duration totals, by name.
    public func corpusOverviews() throws -> [CorpusOverview] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id,
                      (SELECT count(*) FROM sample s WHERE s.corpusId = c.id) AS samples,
                      (SELECT count(*) FROM speaker p WHERE p.corpusId = c.id) AS speakers,
                      (SELECT coalesce(sum(duration), 0) FROM sample s WHERE s.corpusId = c.id) AS seconds
                    FROM corpus c
                    """)
            let totals = Dictionary(
                uniqueKeysWithValues: rows.map {
                    ($0["id"] as Int64, ($0["samples"] as Int, $0["speakers"] as Int, $0["seconds"] as Double))
                })
            return try Corpus.order(Column("name")).fetchAll(db).map { corpus in
                let total = corpus.id.flatMap { totals[$0] } ?? (0, 0, 0)
                return CorpusOverview(corpus: corpus, samples: total.0, speakers: total.1, seconds: total.2)
            }
        }
    }

    /// The corpus `name` with its counts by emotion and gender and the splits that use it.
    /// - Throws: `CorpusError.unknownCorpus` naming the known corpora.
    public func corpusDetail(named name: String) throws -> CorpusDetail {
        guard let overview = try corpusOverviews().first(where: { $0.corpus.name == name }),
            let id = overview.corpus.id
        else {
            throw CorpusError.unknownCorpus(name: name, known: try corpora().map(\.name))
        }
        return try writer.read { db in
            func counts(_ sql: String) throws -> [String: Int] {
                Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: sql, arguments: [id]).map {
                        ($0["value"] as String, $0["n"] as Int)
                    })
            }
            return CorpusDetail(
                overview: overview,
                importErrors: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM importError WHERE corpusId = ?", arguments: [id]) ?? 0,
                samplesByEmotion: try counts(
                    "SELECT coalesce(emotion, 'none') AS value, count(*) AS n FROM sample WHERE corpusId = ? GROUP BY 1"
                ),
                samplesByGender: try counts(
                    """
                    SELECT p.gender AS value, count(*) AS n FROM sample s JOIN speaker p ON p.id = s.speakerId
                    WHERE s.corpusId = ? GROUP BY 1
                    """),
                speakersByGender: try counts(
                    "SELECT gender AS value, count(*) AS n FROM speaker WHERE corpusId = ? GROUP BY 1"),
                splits: try Self.splitNames(db, corpusId: id))
        }
    }

    /// Deletes corpus `name` and everything derived from its samples, in one transaction: samples,
    /// speakers, import errors, processing rows, feature vectors, pipeline failures and split
    /// assignments. Pipeline runs stay (they are history; their counts describe the time they ran)
    /// and so do the step cache's files (`emovox cache gc` removes what no sample needs).
    ///
    /// - Parameter deletingSplits: when splits use the corpus, delete them too (a split that lost
    ///   part of its samples would no longer match its content hash or its balance report); when
    ///   false, such a corpus is refused and nothing is written.
    /// - Throws: `CorpusError`; nothing is deleted when it throws.
    public func deleteCorpus(named name: String, deletingSplits: Bool) throws -> CorpusDeletion {
        try writer.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM corpus WHERE name = ?", arguments: [name]) else {
                throw CorpusError.unknownCorpus(
                    name: name, known: try String.fetchAll(db, sql: "SELECT name FROM corpus ORDER BY name"))
            }
            var deletion = CorpusDeletion(corpus: name)
            let splits = try Self.splitNames(db, corpusId: id)
            if !splits.isEmpty {
                guard deletingSplits else { throw CorpusError.usedBySplits(corpus: name, splits: splits) }
                deletion.deletedSplits = splits
            }
            func delete(_ sql: String) throws -> Int {
                try db.execute(sql: sql, arguments: [id])
                return db.changesCount
            }
            let ofCorpus = "sampleId IN (SELECT id FROM sample WHERE corpusId = ?)"
            // Explicit deletes rather than relying on the cascades alone, so the counts are exact.
            deletion.splitAssignments = try delete("DELETE FROM splitAssignment WHERE \(ofCorpus)")
            for split in splits {
                try db.execute(sql: "DELETE FROM split WHERE name = ?", arguments: [split])
            }
            deletion.featureVectors = try delete("DELETE FROM featureVector WHERE \(ofCorpus)")
            deletion.processingRows = try delete("DELETE FROM sampleProcessing WHERE \(ofCorpus)")
            deletion.pipelineFailures = try delete("DELETE FROM pipelineFailure WHERE \(ofCorpus)")
            deletion.samples = try delete("DELETE FROM sample WHERE corpusId = ?")
            deletion.speakers = try delete("DELETE FROM speaker WHERE corpusId = ?")
            deletion.importErrors = try delete("DELETE FROM importError WHERE corpusId = ?")
            _ = try delete("DELETE FROM corpus WHERE id = ?")
            return deletion
        }
    }

    private static func splitNames(_ db: Database, corpusId: Int64) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT sp.name FROM split sp JOIN splitAssignment a ON a.splitId = sp.id
                JOIN sample s ON s.id = a.sampleId WHERE s.corpusId = ? ORDER BY sp.name
                """, arguments: [corpusId])
    }
}
