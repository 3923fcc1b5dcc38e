import Crypto
import EmovoxSplits
import Foundation
import GRDB

extension Catalog {
    /// The catalog's samples selected by `filter` as split items labelled by `target`, in id order.
    ///
    /// Speakers are qualified by corpus (`ravdess/01`) and statements too, since codes repeat across
    /// corpora. `groupColumn` (any catalog column name) fills each item's group for
    /// leave-one-group-out; other columns are left out, since a million small dictionaries cost.
    /// - Returns: the items and how many selected samples had no label for the target.
    public func splitItems(filter: SampleFilter, target: SplitTarget, groupColumn: String? = nil) throws -> (
        items: [SplitItem], unlabelled: Int
    ) {
        let (whereClause, arguments) = filter.sql
        return try writer.read { db in
            var items: [SplitItem] = []
            var unlabelled = 0
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sample.id, sample.checksum, sample.emotion, sample.statement, sample.language,
                           sample.intensity, sample.vocalChannel, corpus.name AS corpus, speaker.code,
                           speaker.gender, speaker.accent, speaker.nativeLanguage, speaker.age
                    FROM sample JOIN speaker ON speaker.id = sample.speakerId JOIN corpus ON corpus.id = sample.corpusId
                    \(whereClause) ORDER BY sample.id
                    """, arguments: arguments)
            while let row = try rows.next() {
                let corpus: String = row["corpus"]
                let speaker = corpus + "/" + (row["code"] as String)
                let gender: String = row["gender"]
                let label: String?
                switch target {
                case .emotion: label = row["emotion"]
                case .speaker: label = speaker
                case .gender: label = gender
                }
                guard let label else {
                    unlabelled += 1
                    continue
                }
                let statement = (row["statement"] as String?).map { corpus + "/" + $0 }
                var groups: [String: String] = [:]
                if let groupColumn {
                    let value: String? =
                        switch groupColumn {
                        case "corpus": corpus
                        case "speaker": speaker
                        case "gender": gender
                        case "statement": statement
                        case "language": row["language"]
                        case "intensity": row["intensity"]
                        case "vocal_channel": row["vocalChannel"]
                        case "accent": row["accent"]
                        case "native_language": row["nativeLanguage"]
                        case "emotion": row["emotion"]
                        case "age": (row["age"] as Int?).map(String.init)
                        default: nil
                        }
                    groups[groupColumn] = value
                }
                items.append(
                    SplitItem(
                        sampleID: row["id"], checksum: row["checksum"], speaker: speaker, label: label,
                        gender: gender, statement: statement, groups: groups))
            }
            return (items, unlabelled)
        }
    }

    /// SHA-256 over sorted "checksum\tlabel" lines of `items`.
    public static func selectionHash(_ items: [SplitItem]) -> String {
        var hasher = SHA256()
        for line in items.map({ $0.checksum + "\t" + $0.label + "\n" }).sorted() {
            hasher.update(data: Data(line.utf8))
        }
        return hexString(hasher.finalize())
    }

    /// Stores `split` under its name; fails if the name is taken.
    public func saveSplit(_ split: StoredSplit) throws {
        var summary = split.result
        summary.assignments = []
        let summaryJSON = try summary.canonicalJSON()
        try writer.write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM split WHERE name = ?", arguments: [split.name])! > 0 {
                throw SplitStoreError("a split named '\(split.name)' exists; delete it first or choose another name")
            }
            try db.execute(
                sql: """
                    INSERT INTO split (name, target, selection, contentHash, selectionHash, toolVersion, createdAt, summary)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    split.name, split.target.rawValue, split.selection, split.result.contentHash, split.selectionHash,
                    split.toolVersion, split.createdAt, summaryJSON,
                ])
            let splitId = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: "INSERT INTO splitAssignment (splitId, sampleId, label, side, fold) VALUES (?, ?, ?, ?, ?)")
            for assignment in split.result.assignments {
                try insert.execute(arguments: [
                    splitId, assignment.sampleID, assignment.label, assignment.side.rawValue, assignment.fold,
                ])
            }
        }
    }

    /// The split called `name`.
    public func split(named name: String) throws -> StoredSplit {
        try split(named: name, withAssignments: true)
    }

    /// The split called `name`; without assignments (`result.assignments` empty) it reads only the
    /// split's own row, for callers that stream the assignments with ``forEachSplitRow(named:_:)``.
    public func split(named name: String, withAssignments: Bool) throws -> StoredSplit {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM split WHERE name = ?", arguments: [name]) else {
                let names = try String.fetchAll(db, sql: "SELECT name FROM split ORDER BY name")
                throw SplitStoreError(
                    "no split named '\(name)'"
                        + (names.isEmpty
                            ? " (none yet: emovox split create)" : " (splits: \(names.joined(separator: ", ")))"))
            }
            var result = try JSONDecoder().decode(SplitResult.self, from: row["summary"] as Data)
            let stored = { (result: SplitResult) in
                StoredSplit(
                    name: row["name"], target: SplitTarget(rawValue: row["target"]) ?? .emotion,
                    selection: row["selection"], selectionHash: row["selectionHash"], toolVersion: row["toolVersion"],
                    createdAt: row["createdAt"], result: result)
            }
            guard withAssignments else { return stored(result) }
            let assignments = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.sampleId, s.checksum, a.label, a.side, a.fold FROM splitAssignment a
                    JOIN sample s ON s.id = a.sampleId WHERE a.splitId = ? ORDER BY a.sampleId
                    """, arguments: [row["id"] as Int64])
            result.assignments = assignments.map {
                SplitAssignment(
                    sampleID: $0["sampleId"], checksum: $0["checksum"], label: $0["label"],
                    side: SplitSide(rawValue: $0["side"]) ?? .train, fold: $0["fold"])
            }
            return stored(result)
        }
    }

    /// Calls `body` with each assignment of split `name` and its sample's facts, in sample-id order
    /// (the order of ``split(named:)``'s assignments), reading one row at a time: a million-sample
    /// split is exported without holding it in memory.
    public func forEachSplitRow(
        named name: String, _ body: (SplitAssignment, SplitSampleInfo) throws -> Void
    ) throws {
        try writer.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.sampleId, sample.checksum, a.label, a.side, a.fold, sample.root || '/' || sample.path,
                           corpus.name || '/' || speaker.code, speaker.gender, sample.duration, sample.language,
                           sample.sampleRate, sample.frames
                    FROM splitAssignment a JOIN split ON split.id = a.splitId JOIN sample ON sample.id = a.sampleId
                    JOIN speaker ON speaker.id = sample.speakerId JOIN corpus ON corpus.id = sample.corpusId
                    WHERE split.name = ? ORDER BY a.sampleId
                    """, arguments: [name])
            while let row = try rows.next() {
                try body(
                    SplitAssignment(
                        sampleID: row[0], checksum: row[1], label: row[2], side: SplitSide(rawValue: row[3]) ?? .train,
                        fold: row[4]),
                    SplitSampleInfo(
                        path: row[5], speaker: row[6], gender: row[7], duration: row[8], language: row[9],
                        sampleRate: row[10], frames: row[11]))
            }
        }
    }

    /// The number of samples split `name` assigns and their distinct labels, sorted.
    public func splitAssignmentOverview(named name: String) throws -> (samples: Int, labels: [String]) {
        try writer.read { db in
            let sql = "FROM splitAssignment a JOIN split ON split.id = a.splitId JOIN sample ON sample.id = a.sampleId"
            let count = try Int.fetchOne(db, sql: "SELECT count(*) \(sql) WHERE split.name = ?", arguments: [name]) ?? 0
            // Sorted as Swift sorts strings, like the labels of a loaded split.
            let labels = try String.fetchAll(
                db, sql: "SELECT DISTINCT a.label \(sql) WHERE split.name = ?", arguments: [name])
            return (count, labels.sorted())
        }
    }

    /// Names of the stored splits with their strategy, size and hash.
    public func splitList() throws -> [(
        name: String, target: String, samples: Int, contentHash: String, createdAt: Date
    )] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.name, s.target, s.contentHash, s.createdAt, (SELECT count(*) FROM splitAssignment a WHERE a.splitId = s.id) AS n
                    FROM split s ORDER BY s.name
                    """
            ).map { ($0["name"], $0["target"], $0["n"], $0["contentHash"], $0["createdAt"]) }
        }
    }

    /// Deletes the split called `name`; false when there was none.
    @discardableResult
    public func deleteSplit(named name: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM split WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// Per sample of a split: what exports and the trainer need besides the assignment.
    public struct SplitSampleInfo: Sendable {
        public var path: String
        public var speaker: String
        public var gender: String
        public var duration: Double
        public var language: String?
        public var sampleRate: Int
        public var frames: Int64
    }

    /// Facts of the samples in `ids`, by id.
    public func sampleInfo(ids: [Int64]) throws -> [Int64: SplitSampleInfo] {
        try writer.read { db in
            var out: [Int64: SplitSampleInfo] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[chunk..<min(chunk + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT sample.id, sample.root || '/' || sample.path AS path, corpus.name || '/' || speaker.code AS speaker,
                               speaker.gender, sample.duration, sample.language, sample.sampleRate, sample.frames
                        FROM sample JOIN speaker ON speaker.id = sample.speakerId JOIN corpus ON corpus.id = sample.corpusId
                        WHERE sample.id IN (\(marks))
                        """, arguments: StatementArguments(slice))
                {
                    out[row["id"]] = SplitSampleInfo(
                        path: row["path"], speaker: row["speaker"], gender: row["gender"], duration: row["duration"],
                        language: row["language"], sampleRate: row["sampleRate"], frames: row["frames"])
                }
            }
            return out
        }
    }
}

/// What `createSplit` made, and what it left out or let through.
public struct SplitCreation: Sendable {
    public var split: StoredSplit
    /// Selected samples without a label for the target.
    public var unlabelled: Int
    /// Copies left out by ``DuplicateHandling/drop``, by sample ID.
    public var droppedDuplicates: [Int64]
    /// Copies on two sides let through by ``DuplicateHandling/keep``.
    public var keptLeaks: [DuplicateLeak]
}

/// A label map with keys that no selected sample carries: a misspelt label that would drop a
/// class silently.
public struct LabelMapMismatchError: Error, Sendable, CustomStringConvertible {
    /// Keys of the map that match no label, sorted.
    public var unmatched: [String]
    /// The labels of the selection, sorted.
    public var labels: [String]

    public var description: String {
        "--label-map: " + unmatched.map { "'\($0)'" }.joined(separator: ", ")
            + " match\(unmatched.count == 1 ? "es" : "") no label of the selection (labels: "
            + (labels.isEmpty ? "none" : labels.joined(separator: ", ")) + ")"
    }
}

/// A split refused because it would put copies of one recording on two sides.
public struct DuplicateLeakError: Error, Sendable, CustomStringConvertible {
    public var leaks: [DuplicateLeak]
    /// The copies' groups, with paths and speakers, in the order of `leaks`.
    public var groups: [DuplicateGroup]

    public var description: String {
        let shown = zip(leaks, groups).prefix(10).map { leak, group in
            "\(group.summary) would be in \(leak.placements)"
        }
        return
            "\(leaks.count) recording(s) would have copies on two sides of the split: "
            + shown.joined(separator: "; ") + (leaks.count > 10 ? "; and \(leaks.count - 10) more" : "")
            + ". Use --duplicates drop (keep one copy of each) or --duplicates keep (allow, with a warning)."
    }
}

extension Catalog {
    /// Splits the samples selected by `filter` and stores the result as `name`.
    ///
    /// Nothing is written when the request is invalid (bad fraction, too few speakers, empty
    /// selection, taken name, label-map keys that match no label, copies of one recording on two sides under
    /// ``DuplicateHandling/refuse``): the algorithm runs and validates before the single write.
    public func createSplit(
        name: String, target: SplitTarget, filter: SampleFilter, selectionText: String,
        configuration: SplitConfiguration, toolVersion: String, duplicates: DuplicateHandling = .refuse
    ) throws -> SplitCreation {
        var groupColumn: String?
        if case .logo(let column) = configuration.strategy { groupColumn = column }
        let selected = try splitItems(filter: filter, target: target, groupColumn: groupColumn)
        var items = selected.items
        if let labelMap = configuration.labelMap {
            let labels = Set(items.map(\.label))
            let unmatched = labelMap.mapping.keys.filter { !labels.contains($0) }.sorted()
            if !unmatched.isEmpty { throw LabelMapMismatchError(unmatched: unmatched, labels: labels.sorted()) }
        }
        var dropped: [Int64] = []
        if duplicates == .drop { (items, dropped) = DuplicateHandling.firstCopies(of: items) }
        let result: SplitResult
        do {
            result = try Splitter.split(items, configuration: configuration)
        } catch {
            throw SplitStoreError("cannot split: \(error)")
        }
        let leaks = DuplicateLeak.find(in: result)
        if duplicates == .refuse, !leaks.isEmpty {
            throw DuplicateLeakError(leaks: leaks, groups: try duplicateGroups(of: leaks))
        }
        let stored = StoredSplit(
            name: name, target: target, selection: selectionText, selectionHash: Self.selectionHash(items),
            toolVersion: toolVersion, createdAt: Date(), result: result)
        try saveSplit(stored)
        return SplitCreation(
            split: stored, unlabelled: selected.unlabelled, droppedDuplicates: dropped,
            keptLeaks: duplicates == .keep ? leaks : [])
    }

    /// The catalog's groups of the copies named by `leaks`, in the same order.
    public func duplicateGroups(of leaks: [DuplicateLeak]) throws -> [DuplicateGroup] {
        guard !leaks.isEmpty else { return [] }
        let ids = Set(leaks.flatMap(\.sampleIDs))
        let groups = try duplicateGroups().map { group in
            DuplicateGroup(checksum: group.checksum, members: group.members.filter { ids.contains($0.sampleId) })
        }
        let byChecksum = Dictionary(groups.map { ($0.checksum, $0) }, uniquingKeysWith: { a, _ in a })
        return leaks.map { byChecksum[$0.checksum] ?? DuplicateGroup(checksum: $0.checksum, members: []) }
    }
}
