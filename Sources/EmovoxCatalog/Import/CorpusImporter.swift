import Foundation
import GRDB

/// Imports a corpus directory described by a manifest into the catalog.
///
/// Re-importing the same directory adds nothing; a file whose bytes changed is updated and reported.
/// A file that cannot be read costs one failure row, never the import.
public struct CorpusImporter: Sendable {
    public let catalog: Catalog
    /// Threads probing files (headers and checksums).
    public var jobs: Int

    public init(catalog: Catalog, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.catalog = catalog
        self.jobs = max(1, jobs)
    }

    /// Imports `directory` as described by `manifest`.
    ///
    /// - Throws: ``ManifestError`` when the manifest's speaker CSV is unusable (nothing is written),
    ///   ``CorpusImportError`` when the directory does not exist (recorded as a failure row first).
    public func importCorpus(
        _ manifest: CorpusManifest, manifestFile: String, directory: String,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        let started = Date()
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
        // Read the speaker CSV before writing anything, so a bad one leaves the catalog untouched.
        let speakers =
            exists && isDirectory.boolValue
            ? try SpeakerDirectory(rules: manifest.speakers, corpusDirectory: root, manifestFile: manifestFile)
            : nil

        var report = ImportReport(corpus: manifest.name, root: root)
        guard let speakers else {
            let reason = exists ? "not a directory" : "corpus directory does not exist"
            try recordFailure(corpus: try upsertCorpus(manifest), root: root, path: ".", reason: reason)
            throw CorpusImportError("\(root): \(reason)")
        }

        var candidates: [ImportCandidate] = []
        let includes = manifest.files.include.map { Glob($0, caseInsensitive: manifest.files.caseInsensitive) }
        let excludes = manifest.files.exclude.map { Glob($0, caseInsensitive: manifest.files.caseInsensitive) }
        for entry in CorpusWalker(root: root).entries() {
            switch entry {
            case .file(let path):
                guard includes.contains(where: { $0.matches(path) }),
                    !excludes.contains(where: { $0.matches(path) })
                else { continue }
                candidates.append(ImportCandidate(path: path, outcome: manifest.labels(forRelativePath: path)))
            case .undecodableName(let path):
                candidates.append(ImportCandidate(path: path, outcome: .rejected("file name is not valid UTF-8")))
            case .unreadableDirectory(let path, let reason):
                candidates.append(ImportCandidate(path: path, outcome: .rejected("cannot list directory: \(reason)")))
            }
        }

        // Only now, with every name matched against the label rules, is anything written.
        let corpus = try upsertCorpus(manifest)
        let ingest = SampleIngest(
            catalog: catalog, corpus: corpus, root: root,
            speakerFacts: { speakers.facts(for: $0.speaker, labelledGender: $0.gender) },
            defaultLanguage: manifest.sampleDefaults.language ?? manifest.languages.first, jobs: jobs)
        try ingest.run(candidates, report: &report, progress: progress)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Inserts the corpus or refreshes its descriptive columns.
    func upsertCorpus(_ manifest: CorpusManifest) throws -> Corpus {
        try upsertCorpus(
            Corpus(
                name: manifest.name, version: manifest.version, description: manifest.description,
                license: manifest.license, citation: manifest.citation, homepage: manifest.homepage,
                languages: manifest.languages.isEmpty ? nil : manifest.languages.joined(separator: ",")))
    }

    func upsertCorpus(_ corpus: Corpus) throws -> Corpus {
        try catalog.writer.write { db in
            var row = corpus
            if let existing = try Corpus.filter(Column("name") == corpus.name).fetchOne(db) {
                row.id = existing.id
                try row.update(db)
            } else {
                try row.insert(db)
            }
            return row
        }
    }

    func recordFailure(corpus: Corpus, root: String, path: String, reason: String) throws {
        try catalog.writer.write { db in
            try ImportFailure.record(
                db, corpusId: corpus.id!, root: root, path: path, reason: reason, at: Date())
        }
    }
}
