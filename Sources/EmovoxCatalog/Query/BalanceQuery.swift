import GRDB

extension Catalog {
    /// The balance of the samples selected by `filter`: per emotion, emotion × each column in
    /// `by`, per-speaker emotion coverage and the imbalance ratio.
    ///
    /// One indexed scan groups the selection by (emotion, speaker); everything that depends only on
    /// the speaker (gender, accent, corpus, …) is derived from those groups in memory. Columns of the
    /// recording itself (language, intensity, …) cost one more scan each.
    public func balance(filter: SampleFilter = .all, by columns: [CatalogColumn]) throws -> BalanceReport {
        let (whereClause, arguments) = filter.sql
        let none = BalanceReport.unlabelled
        return try writer.read { db in
            let speakers = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db,
                    sql: """
                        SELECT speaker.id, corpus.name AS corpus, speaker.code, speaker.gender, speaker.age,
                               speaker.accent, speaker.nativeLanguage
                        FROM speaker JOIN corpus ON corpus.id = speaker.corpusId
                        """
                ).map { (($0["id"] as Int64), $0) })
            struct Group {
                var emotion: String
                var speakerId: Int64
                var cell: BalanceReport.Cell
            }
            let groups = try Row.fetchAll(
                db,
                sql: """
                    SELECT coalesce(sample.emotion, '\(none)') AS e, sample.speakerId AS s, count(*) AS n,
                           total(sample.duration) AS d
                    FROM sample \(whereClause) GROUP BY sample.emotion, sample.speakerId
                    """, arguments: arguments
            ).map { Group(emotion: $0["e"], speakerId: $0["s"], cell: .init(count: $0["n"], durationSeconds: $0["d"])) }

            var emotions: [String: BalanceReport.Cell] = [:]
            var perSpeaker: [Int64: (samples: Int, emotions: Set<String>)] = [:]
            for group in groups {
                emotions[group.emotion, default: .init(count: 0, durationSeconds: 0)].add(group.cell)
                perSpeaker[group.speakerId, default: (0, [])].samples += group.cell.count
                if group.emotion != none { perSpeaker[group.speakerId]!.emotions.insert(group.emotion) }
            }
            let classCounts = emotions.filter { $0.key != none }.map(\.value.count)
            let ratio = classCounts.count >= 2 ? Double(classCounts.max()!) / Double(classCounts.min()!) : nil

            func speakerValue(_ column: CatalogColumn, _ row: Row?) -> String {
                guard let row else { return "(unknown)" }
                switch column {
                case .speaker: return "\(row["corpus"] as String)/\(row["code"] as String)"
                case .corpus: return row["corpus"]
                case .gender: return row["gender"]
                case .age: return (row["age"] as Int?).map(String.init) ?? "(unknown)"
                case .accent: return row["accent"] ?? "(unknown)"
                default: return row["nativeLanguage"] ?? "(unknown)"
                }
            }

            var tables: [BalanceReport.CrossTable] = []
            for column in columns {
                var cells: [CrossKey: BalanceReport.Cell] = [:]
                if column.isSpeakerLevel {
                    for group in groups {
                        let key = CrossKey(
                            value: speakerValue(column, speakers[group.speakerId]), emotion: group.emotion)
                        cells[key, default: .init(count: 0, durationSeconds: 0)].add(group.cell)
                    }
                } else {
                    for row in try Row.fetchAll(
                        db,
                        sql: """
                            SELECT coalesce(sample.emotion, '\(none)') AS e,
                                   coalesce(CAST(\(column.sql) AS TEXT), '(unknown)') AS v, count(*) AS n,
                                   total(sample.duration) AS d
                            FROM sample \(whereClause) GROUP BY 1, 2
                            """, arguments: arguments)
                    {
                        cells[CrossKey(value: row["v"], emotion: row["e"])] = .init(
                            count: row["n"], durationSeconds: row["d"])
                    }
                }
                tables.append(
                    .init(
                        by: column.rawValue,
                        rows: cells.keys.sorted().map {
                            .init(
                                emotion: $0.emotion, value: $0.value, count: cells[$0]!.count,
                                durationSeconds: cells[$0]!.durationSeconds)
                        }))
            }

            let allEmotions = Set(emotions.keys.filter { $0 != none })
            let coverage = perSpeaker.map { id, entry in
                BalanceReport.SpeakerCoverage(
                    speaker: speakerValue(.speaker, speakers[id]), gender: speakerValue(.gender, speakers[id]),
                    samples: entry.samples, emotions: entry.emotions.count,
                    missing: allEmotions.subtracting(entry.emotions).sorted())
            }.sorted { $0.speaker < $1.speaker }
            return BalanceReport(
                // Summed in the scan's (deterministic) order, so the same catalog prints the same bytes.
                samples: groups.reduce(0) { $0 + $1.cell.count },
                durationSeconds: groups.reduce(0) { $0 + $1.cell.durationSeconds },
                speakers: perSpeaker.count,
                corpora: Set(perSpeaker.keys.compactMap { speakers[$0]?["corpus"] as String? }).count,
                emotions: emotions, imbalanceRatio: ratio, tables: tables, speakerCoverage: coverage)
        }
    }
}

/// A cross-table cell's coordinates, ordered by value then emotion.
private struct CrossKey: Hashable, Comparable {
    var value: String
    var emotion: String
    static func < (a: Self, b: Self) -> Bool { (a.value, a.emotion) < (b.value, b.emotion) }
}

extension BalanceReport.Cell {
    mutating func add(_ other: Self) {
        count += other.count
        durationSeconds += other.durationSeconds
    }
}
