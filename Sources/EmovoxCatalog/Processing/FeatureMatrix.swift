import Foundation
import GRDB

/// Per-sample feature values of one or more sets, with named columns and the sample's identity.
public struct FeatureMatrix: Sendable {
    /// One sample's row.
    public struct Row: Sendable, Equatable {
        public var sampleId: Int64
        public var checksum: String
        public var path: String
        public var speaker: String
        public var gender: String
        public var emotion: String?
        public var values: [Double]
    }

    /// Column names: `set.feature` for pipeline sets, `level.*` for the level metadata.
    public var columns: [String]
    public var rows: [Row]
    /// The pipeline spec the values came from.
    public var specHash: String
    /// Set name → version, for provenance.
    public var setVersions: [String: Int]
    /// Selected samples without values for every requested set (not processed, or failed).
    public var missing: Int
}

/// Pseudo feature set `level`: what the pipeline measured before normalizing the level away.
public enum LevelFeatures {
    public static let name = "level"
    public static let version = 1
    public static let columns = [
        "original_loudness_lufs", "applied_gain_db", "original_duration_s", "trimmed_duration_s",
        "voiced_proportion",
    ]

    /// The level values of one processing result, in ``columns`` order (NaN when not measured).
    public static func values(of result: ProcessingResult) -> [Double] {
        [
            result.originalLoudness ?? .nan, result.appliedGain, result.originalDuration,
            result.trimmedDuration ?? .nan, result.voicedProportion,
        ]
    }
}

/// A feature export that cannot be made.
public struct FeatureMatrixError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Catalog {
    /// Feature sets that have stored values, with the specs that produced them (newest run first).
    public func availableFeatureSets() throws -> [(set: String, specHash: String, samples: Int)] {
        try writer.read { db in
            try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT v.setName, v.specHash, count(*) AS n, (SELECT max(id) FROM pipelineRun r WHERE r.specHash = v.specHash) AS latest
                    FROM featureVector v GROUP BY v.setName, v.specHash ORDER BY latest DESC, v.setName
                    """
            ).map { ($0["setName"], $0["specHash"], $0["n"]) }
        }
    }

    /// The values of `sets` for the samples selected by `filter`, ordered by sample id.
    ///
    /// - Parameter specHash: the spec whose values to read; by default the most recent run that
    ///   stored every requested set.
    public func featureMatrix(sets: [String], specHash: String? = nil, filter: SampleFilter = .all) throws
        -> FeatureMatrix
    {
        guard !sets.isEmpty else { throw FeatureMatrixError("no feature set requested") }
        let pipelineSets = sets.filter { $0 != LevelFeatures.name }
        let (whereClause, arguments) = filter.sql
        return try writer.read { db in
            let chosen: String
            if let specHash {
                chosen = specHash
            } else {
                let candidates = try String.fetchAll(
                    db, sql: "SELECT specHash FROM pipelineRun GROUP BY specHash ORDER BY max(id) DESC")
                var found: String?
                for candidate in candidates {
                    let stored = Set(
                        try String.fetchAll(
                            db, sql: "SELECT DISTINCT setName FROM featureVector WHERE specHash = ?",
                            arguments: [candidate]))
                    if Set(pipelineSets).isSubset(of: stored) {
                        found = candidate
                        break
                    }
                }
                guard let found else {
                    let available = try String.fetchAll(
                        db, sql: "SELECT DISTINCT setName FROM featureVector ORDER BY 1")
                    throw FeatureMatrixError(
                        "no pipeline run stored all of \(sets.joined(separator: ", ")) "
                            + "(stored sets: \(available.isEmpty ? "none; run `emovox run` first" : available.joined(separator: ", ")))"
                    )
                }
                chosen = found
            }
            // Columns: each set's names from its schema (one schema per set within a spec).
            var columns: [String] = []
            var versions: [String: Int] = [:]
            for set in sets {
                if set == LevelFeatures.name {
                    columns += LevelFeatures.columns.map { "level.\($0)" }
                    versions[set] = LevelFeatures.version
                    continue
                }
                let schemas = try GRDB.Row.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT s.namesHash, s.setVersion, s.names FROM featureVector v
                        JOIN featureSchema s ON s.namesHash = v.namesHash WHERE v.specHash = ? AND v.setName = ?
                        """, arguments: [chosen, set])
                guard schemas.count == 1, let schema = schemas.first else {
                    throw FeatureMatrixError(
                        schemas.isEmpty
                            ? "feature set '\(set)' has no values for spec \(chosen.prefix(12))"
                            : "feature set '\(set)' has \(schemas.count) different column lists under one spec; re-run the spec"
                    )
                }
                let names = try JSONDecoder().decode([String].self, from: Data((schema["names"] as String).utf8))
                columns += names.map { "\(set).\($0)" }
                versions[set] = schema["setVersion"]
            }

            var rows: [FeatureMatrix.Row] = []
            var missing = 0
            let samples = try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT sample.id, sample.checksum, sample.root || '/' || sample.path AS path, sample.emotion,
                           corpus.name || '/' || speaker.code AS speaker, speaker.gender
                    FROM sample JOIN speaker ON speaker.id = sample.speakerId JOIN corpus ON corpus.id = sample.corpusId
                    \(whereClause) ORDER BY sample.id
                    """, arguments: arguments)
            let vectorStatement = try db.makeStatement(
                sql: "SELECT vector FROM featureVector WHERE sampleId = ? AND specHash = ? AND setName = ?")
            let levelStatement = try db.makeStatement(
                sql: """
                    SELECT originalLoudness, appliedGain, originalDuration, trimmedDuration, voicedProportion
                    FROM sampleProcessing WHERE sampleId = ? AND specHash = ?
                    """)
            sampleLoop: for sample in samples {
                let id: Int64 = sample["id"]
                var values: [Double] = []
                values.reserveCapacity(columns.count)
                for set in sets {
                    if set == LevelFeatures.name {
                        guard let level = try GRDB.Row.fetchOne(levelStatement, arguments: [id, chosen]) else {
                            missing += 1
                            continue sampleLoop
                        }
                        values += (0..<5).map { (level[$0] as Double?) ?? .nan }
                        continue
                    }
                    guard let blob = try Data.fetchOne(vectorStatement, arguments: [id, chosen, set]) else {
                        missing += 1
                        continue sampleLoop
                    }
                    values += FeatureEncoding.decode(blob)
                }
                rows.append(
                    .init(
                        sampleId: id, checksum: sample["checksum"], path: sample["path"], speaker: sample["speaker"],
                        gender: sample["gender"], emotion: sample["emotion"], values: values))
            }
            return FeatureMatrix(
                columns: columns, rows: rows, specHash: chosen, setVersions: versions, missing: missing)
        }
    }
}
