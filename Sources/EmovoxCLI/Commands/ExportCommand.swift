import ArgumentParser
import EmovoxCatalog
import EmovoxSplits
import Foundation

/// `emovox export NAME`: a split's sample lists, or feature matrices, with provenance.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a split's sides (per fold for k-fold/LOSO/LOGO) as sample lists or feature matrices.",
        discussion: """
            Without --features: train.csv, test.csv (validation.csv) with sample_id, path, speaker, label, \
            weight, duration, language, gender, checksum; the same rows as JSON Lines for Hugging Face \
            datasets (train.jsonl, …) and Lhotse manifests (lhotse/train_recordings.jsonl, \
            lhotse/train_supervisions.jsonl, …). Fold-based splits get one folder per fold (fold-K/). \
            With --features: one matrix per side in --format csv (NaN = missing), jsonl (null = missing) \
            or libsvm (missing values omitted; rows align with <side>.rows.csv). meta.json records the \
            provenance. The same split and catalog always give the same bytes.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl, libsvm }

    @Argument(help: "Name of the split.") var name: String
    @Option(help: "Feature sets to include, comma-separated (e.g. gemaps,level).") var features: String?
    @Option(help: "Matrix format with --features: csv, jsonl or libsvm.") var format: Format = .csv
    @Option(help: "Output folder.") var out: String
    @Option(help: "Read features stored by this pipeline spec hash (default: the latest run with all sets).")
    var specHash: String?
    @OptionGroup(title: "Normalization (with --features)") var normalization: NormalizationOptions
    @OptionGroup var options: CatalogOptions

    var featureSets: [String] {
        (features ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        if features != nil, featureSets.isEmpty { throw ValidationError("--features needs at least one set name") }
        if format == .libsvm, features == nil { throw ValidationError("--format libsvm needs --features") }
        if features == nil, try normalization.settings().choice != .none {
            throw ValidationError("--normalize needs --features")
        }
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        guard !featureSets.isEmpty else { return try exportLists(catalog) }
        // With features, SplitData selects the split's rows of the matrix and warns about samples
        // without values, exactly as training does.
        let features = try SplitData(catalog: catalog, split: name, featureSets: featureSets, specHash: specHash)
        let stored = features.stored
        let matrix = features.matrix
        let normalized = try features.normalizedPartitions(try normalization.settings())
        let data = normalized.partitions
        var files: [String: Int] = [:]
        for partition in data.partitions {
            let base = partition.folder.isEmpty ? out : out + "/" + partition.folder
            switch format {
            case .csv:
                try AtomicFile.write(
                    ExportWriters.csv(partition.rows, featureNames: matrix.columns), to: "\(base)/\(partition.side).csv"
                )
            case .jsonl:
                try AtomicFile.write(ExportWriters.jsonl(partition.rows), to: "\(base)/\(partition.side).jsonl")
            case .libsvm:
                try AtomicFile.write(
                    ExportWriters.libsvm(partition.rows, labels: data.labels), to: "\(base)/\(partition.side).libsvm")
                var listOnly = partition.rows
                for index in listOnly.indices { listOnly[index].features = nil }
                try AtomicFile.write(
                    ExportWriters.csv(listOnly, featureNames: nil), to: "\(base)/\(partition.side).rows.csv")
            }
            files[partition.folder.isEmpty ? partition.side : "\(partition.folder)/\(partition.side)"] =
                partition.rows.count
        }
        let meta = ExportMeta(
            toolVersion: EmovoxVersion.current, split: SplitSummary(stored, unlabelled: nil),
            catalogSelectionHash: stored.selectionHash, pipelineSpecHash: matrix.specHash,
            featureSets: matrix.setVersions, featureNames: matrix.columns, labels: data.labels,
            labelMap: stored.result.configuration.labelMap?.mapping, format: format.rawValue,
            rows: files, missingFeatures: data.missingFeatures,
            normalize: normalized.choice == .none ? nil : normalized.choice.rawValue)
        try finish(meta, files: files)
    }
}

extension ExportCommand {
    /// Sample lists only: streamed from the catalog (``StreamedListExport``), never held whole.
    private func exportLists(_ catalog: Catalog) throws {
        let stored = try catalog.split(named: name, withAssignments: false)
        let overview = try catalog.splitAssignmentOverview(named: name)
        let files = try StreamedListExport(catalog: catalog, split: stored, out: out).write()
        var summary = SplitSummary(stored, unlabelled: nil)
        summary.samples = overview.samples
        let meta = ExportMeta(
            toolVersion: EmovoxVersion.current, split: summary, catalogSelectionHash: stored.selectionHash,
            pipelineSpecHash: nil, featureSets: nil, featureNames: nil, labels: overview.labels,
            labelMap: stored.result.configuration.labelMap?.mapping, format: "lists", rows: files, missingFeatures: 0)
        try finish(meta, files: files)
    }

    /// Writes `meta.json` and reports what was written.
    fileprivate func finish(_ meta: ExportMeta, files: [String: Int]) throws {
        try AtomicFile.write(try JSONOutput.encoder().encode(meta) + Data("\n".utf8), to: out + "/meta.json")
        if options.json {
            try JSONOutput.print(meta)
        } else {
            for (partition, count) in files.sorted(by: { $0.key < $1.key }) {
                print("\(partition): \(Plural.count(count, "row"))")
            }
            print("wrote \(out)/ (meta.json has the provenance)")
        }
    }
}

/// `meta.json`: where an export came from, without timestamps, so identical inputs give identical bytes.
struct ExportMeta: Encodable {
    var toolVersion: String
    var split: SplitSummary
    var catalogSelectionHash: String
    var pipelineSpecHash: String?
    var featureSets: [String: Int]?
    var featureNames: [String]?
    var labels: [String]
    var labelMap: [String: String]?
    var format: String
    var rows: [String: Int]
    var missingFeatures: Int
    /// The normalization of the feature values (absent: raw; "auto" resolved).
    var normalize: String? = nil

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version"
        case split
        case catalogSelectionHash = "catalog_selection_hash"
        case pipelineSpecHash = "pipeline_spec_hash"
        case featureSets = "feature_sets"
        case featureNames = "feature_names"
        case labels
        case labelMap = "label_map"
        case format, rows
        case missingFeatures = "missing_features"
        case normalize
    }
}
