import GRDB

extension Catalog {
    /// The balance of the samples selected by `filter`: per emotion, emotion × each column in
    /// `by`, per-speaker emotion coverage and the imbalance ratio.
    public func balance(filter: SampleFilter = .all, by columns: [CatalogColumn]) throws -> BalanceReport {
        let (whereClause, arguments) = filter.sql
        let from = CatalogColumn.fromClause
        let none = BalanceReport.unlabelled
        return try writer.read { db in
            let totals = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n, coalesce(sum(sample.duration), 0) AS d,
                           count(DISTINCT sample.speakerId) AS speakers, count(DISTINCT sample.corpusId) AS corpora
                    \(from) \(whereClause)
                    """, arguments: arguments)!
            var emotions: [String: BalanceReport.Cell] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT coalesce(sample.emotion, '\(none)') AS e, count(*) AS n, sum(sample.duration) AS d
                    \(from) \(whereClause) GROUP BY 1
                    """, arguments: arguments)
            {
                emotions[row["e"]] = .init(count: row["n"], durationSeconds: row["d"])
            }
            let classCounts = emotions.filter { $0.key != none }.map(\.value.count)
            let ratio = classCounts.count >= 2 ? Double(classCounts.max()!) / Double(classCounts.min()!) : nil

            var tables: [BalanceReport.CrossTable] = []
            for column in columns {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT coalesce(sample.emotion, '\(none)') AS e, coalesce(CAST(\(column.sql) AS TEXT), '(unknown)') AS v,
                               count(*) AS n, sum(sample.duration) AS d
                        \(from) \(whereClause) GROUP BY 1, 2 ORDER BY 2, 1
                        """, arguments: arguments)
                tables.append(
                    .init(
                        by: column.rawValue,
                        rows: rows.map {
                            .init(emotion: $0["e"], value: $0["v"], count: $0["n"], durationSeconds: $0["d"])
                        }))
            }

            let allEmotions = Set(emotions.keys.filter { $0 != none })
            var coverage: [BalanceReport.SpeakerCoverage] = []
            let speakerRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(CatalogColumn.speaker.sql) AS s, speaker.gender AS g, count(*) AS n,
                           group_concat(DISTINCT sample.emotion) AS es
                    \(from) \(whereClause) GROUP BY sample.speakerId ORDER BY 1
                    """, arguments: arguments)
            for row in speakerRows {
                let covered = Set(((row["es"] as String?) ?? "").split(separator: ",").map(String.init))
                coverage.append(
                    .init(
                        speaker: row["s"], gender: row["g"], samples: row["n"], emotions: covered.count,
                        missing: allEmotions.subtracting(covered).sorted()))
            }
            return BalanceReport(
                samples: totals["n"], durationSeconds: totals["d"], speakers: totals["speakers"],
                corpora: totals["corpora"], emotions: emotions, imbalanceRatio: ratio, tables: tables,
                speakerCoverage: coverage)
        }
    }
}
