import GRDB

extension Catalog {
    /// Groups of selected samples whose files hash to the same SHA-256, ordered by their lowest
    /// sample id; members by sample id. Only copies inside the selection count.
    public func duplicateGroups(filter: SampleFilter = .all) throws -> [DuplicateGroup] {
        let (whereClause, arguments) = filter.sql
        return try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH selected AS (SELECT sample.id, sample.checksum FROM sample \(whereClause))
                    SELECT sample.id, sample.checksum, sample.root, sample.path, corpus.name AS corpus, speaker.code
                    FROM selected JOIN sample ON sample.id = selected.id
                    JOIN speaker ON speaker.id = sample.speakerId JOIN corpus ON corpus.id = sample.corpusId
                    WHERE selected.checksum IN (SELECT checksum FROM selected GROUP BY checksum HAVING count(*) > 1)
                    ORDER BY sample.checksum, sample.id
                    """, arguments: arguments)
            var groups: [DuplicateGroup] = []
            for row in rows {
                let checksum: String = row["checksum"]
                let root: String = row["root"]
                let path: String = row["path"]
                let corpus: String = row["corpus"]
                let member = DuplicateGroup.Member(
                    sampleId: row["id"], corpus: corpus,
                    path: root.hasSuffix("/") ? root + path : root + "/" + path,
                    speaker: corpus + "/" + (row["code"] as String))
                if groups.last?.checksum == checksum {
                    groups[groups.count - 1].members.append(member)
                } else {
                    groups.append(DuplicateGroup(checksum: checksum, members: [member]))
                }
            }
            return groups.sorted { $0.members[0].sampleId < $1.members[0].sampleId }
        }
    }
}
