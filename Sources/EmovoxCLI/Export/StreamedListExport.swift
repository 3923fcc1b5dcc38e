import EmovoxCatalog
import EmovoxSplits

/// The sample-list export of a split (CSV, JSON Lines, Lhotse manifests per partition), streamed:
/// each partition's rows are read from the catalog one at a time and appended to its four files,
/// so memory stays flat however large the split. The bytes are those of the in-memory writers
/// (``ExportWriters``) over ``SplitPartitions``: the same per-row functions, the same row order
/// (sample id), the same weights.
struct StreamedListExport {
    let catalog: Catalog
    /// The split as stored, without its assignments.
    let split: StoredSplit
    let out: String

    /// Writes every partition and returns its row count by name (`train`, `fold-0/test`, …).
    func write() throws -> [String: Int] {
        let result = split.result
        var counts: [String: Int] = [:]
        if result.configuration.strategy.isFoldBased {
            // One pass per fold writes its train and test sides.
            for fold in 0..<result.foldCount {
                let folder = "fold-\(fold)"
                let train = try PartitionFiles(base: out + "/" + folder, side: "train")
                let test = try PartitionFiles(base: out + "/" + folder, side: "test")
                try catalog.forEachSplitRow(named: split.name) { assignment, info in
                    if result.isTest(assignment, fold: fold) {
                        try test.append(ExportRow(assignment, info, weight: 1))
                    } else if let weight = result.trainingWeight(assignment, fold: fold), weight > 0 {
                        try train.append(ExportRow(assignment, info, weight: weight))
                    }
                }
                for files in [train, test] {
                    try files.commit()
                    counts["\(folder)/\(files.side)"] = files.rows
                }
            }
        } else {
            // One pass writes every side; an empty validation side gets no files, as before.
            let sides = SplitSide.allCases.sorted()
            let files = try Dictionary(
                uniqueKeysWithValues: sides.map { ($0, try PartitionFiles(base: out, side: $0.rawValue)) })
            try catalog.forEachSplitRow(named: split.name) { assignment, info in
                let weight = assignment.side == .train ? (result.trainingWeight(assignment, fold: 0) ?? 1) : 1
                if weight > 0, let target = files[assignment.side] {
                    try target.append(ExportRow(assignment, info, weight: weight))
                }
            }
            for side in sides {
                guard let target = files[side], target.rows > 0 || side != .validation else { continue }
                try target.commit()
                counts[side.rawValue] = target.rows
            }
        }
        return counts
    }
}

/// The four files of one partition: `<side>.csv`, `<side>.jsonl`, `lhotse/<side>_recordings.jsonl`
/// and `lhotse/<side>_supervisions.jsonl`.
private final class PartitionFiles {
    let side: String
    private(set) var rows = 0
    private let csv: AtomicFileStream
    private let jsonl: AtomicFileStream
    private let recordings: AtomicFileStream
    private let supervisions: AtomicFileStream

    init(base: String, side: String) throws {
        self.side = side
        csv = try AtomicFileStream(path: "\(base)/\(side).csv")
        jsonl = try AtomicFileStream(path: "\(base)/\(side).jsonl")
        recordings = try AtomicFileStream(path: "\(base)/lhotse/\(side)_recordings.jsonl")
        supervisions = try AtomicFileStream(path: "\(base)/lhotse/\(side)_supervisions.jsonl")
        try csv.append(ExportWriters.csvHeader(featureNames: nil))
    }

    func append(_ row: ExportRow) throws {
        rows += 1
        try csv.append(ExportWriters.csvLine(row))
        try jsonl.append(ExportWriters.jsonlLine(row))
        let lhotse = ExportWriters.lhotseLines(row)
        try recordings.append(lhotse.recording)
        try supervisions.append(lhotse.supervision)
    }

    func commit() throws {
        for file in [csv, jsonl, recordings, supervisions] { try file.commit() }
    }
}

extension ExportRow {
    /// A sample-list row (no features).
    init(_ assignment: SplitAssignment, _ info: Catalog.SplitSampleInfo, weight: Double) {
        self.init(
            sampleId: assignment.sampleID, checksum: assignment.checksum, info: info, label: assignment.label,
            weight: weight, features: nil)
    }
}
