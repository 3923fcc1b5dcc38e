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
    /// - Parameter followSymlinks: follow links to directories and to files outside `directory`
    ///   (otherwise they are skipped and counted); loops are walked once.
    /// - Throws: ``ManifestError`` when the manifest's speaker file is unusable,
    ///   ``EmptySelectionError`` when the manifest selects no file (in both cases nothing is
    ///   written), ``CorpusImportError`` when the directory does not exist (recorded as a failure
    ///   row first).
    public func importCorpus(
        _ manifest: CorpusManifest, manifestFile: String, directory: String, followSymlinks: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        let started = Date()
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
        var report = ImportReport(corpus: manifest.name, root: root)
        guard exists && isDirectory.boolValue else {
            let reason = exists ? "not a directory" : "corpus directory does not exist"
            try recordFailure(corpus: try upsertCorpus(manifest), root: root, path: ".", reason: reason)
            throw CorpusImportError("\(root): \(reason)")
        }
        // Read the speaker file and select the files before writing anything, so a bad speaker
        // file or a manifest that selects nothing leaves the catalog untouched.
        let speakers = try SpeakerDirectory(rules: manifest.speakers, corpusDirectory: root, manifestFile: manifestFile)
        report.warnings = manifest.warnings
        let candidates = selectCandidates(manifest, root: root, followSymlinks: followSymlinks, report: &report)
        guard !candidates.isEmpty else {
            throw EmptySelectionError(
                message: "\(root): the manifest '\(manifest.name)' selects no file (files.include: "
                    + manifest.files.include.joined(separator: ", ") + ")",
                warnings: report.warnings)
        }

        let corpus = try upsertCorpus(manifest)
        let ingest = SampleIngest(
            catalog: catalog, corpus: corpus, root: root,
            speakerFacts: { speakers.facts(for: $0.speaker, labelled: $0) },
            defaultLanguage: manifest.sampleDefaults.language ?? manifest.languages.first, jobs: jobs)
        try ingest.run(candidates, report: &report, progress: progress)
        report.duplicates = try duplicateGroups(involving: manifest.name)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The files of `root` the manifest selects, with their labels; counts skipped links and warns
    /// about include globs that match nothing.
    private func selectCandidates(
        _ manifest: CorpusManifest, root: String, followSymlinks: Bool, report: inout ImportReport
    ) -> [ImportCandidate] {
        var candidates: [ImportCandidate] = []
        let includes = manifest.files.include.map { Glob($0, caseInsensitive: manifest.files.caseInsensitive) }
        let excludes = manifest.files.exclude.map { Glob($0, caseInsensitive: manifest.files.caseInsensitive) }
        var includeMatches = [Int](repeating: 0, count: includes.count)
        var skippedLinks: [String] = []
        func selected(_ path: String) -> Bool {
            var matched = false
            for (index, glob) in includes.enumerated() where glob.matches(path) {
                includeMatches[index] += 1
                matched = true
            }
            return matched && !excludes.contains(where: { $0.matches(path) })
        }
        for entry in CorpusWalker(root: root, followSymlinks: followSymlinks).entries() {
            switch entry {
            case .file(let path):
                guard selected(path) else { continue }
                candidates.append(ImportCandidate(path: path, outcome: manifest.labels(forRelativePath: path)))
            case .undecodableName(let path):
                candidates.append(ImportCandidate(path: path, outcome: .rejected("file name is not valid UTF-8")))
            case .unreadableDirectory(let path, let reason):
                candidates.append(ImportCandidate(path: path, outcome: .rejected("cannot list directory: \(reason)")))
            case .skippedSymlink(let path, let directory):
                if directory || selected(path) { skippedLinks.append(path + (directory ? "/" : "")) }
            }
        }
        for (glob, count) in zip(manifest.files.include, includeMatches) where count == 0 {
            report.warnings.append("files.include '\(glob)' matches no file in \(root)")
        }
        report.skippedSymlinks = skippedLinks.count
        if !skippedLinks.isEmpty {
            report.warnings.append(
                "skipped \(skippedLinks.count) symbolic link(s) to directories or to files outside \(root) ("
                    + skippedLinks.prefix(5).joined(separator: ", ") + (skippedLinks.count > 5 ? ", …" : "")
                    + "); --follow-symlinks follows them")
        }
        return candidates
    }

    /// Duplicate groups with at least one member in corpus `name`.
    func duplicateGroups(involving name: String) throws -> [DuplicateGroup] {
        try catalog.duplicateGroups().filter { $0.members.contains { $0.corpus == name } }
    }

    /// Inserts the corpus or refreshes its descriptive columns.
    func upsertCorpus(_ manifest: CorpusManifest) throws -> Corpus {
        try upsertCorpus(
            Corpus(
                name: manifest.name, version: manifest.version, description: manifest.description,
                license: manifest.license, citation: manifest.citation, homepage: manifest.homepage,
                languages: manifest.languages.isEmpty ? nil : manifest.languages.joined(separator: ",")))
    }

    /// Inserts `corpus` or updates the existing row of that name. With `keepingKnownColumns`, a
    /// nil column keeps the stored value (a CSV import must not blank what a manifest recorded).
    func upsertCorpus(_ corpus: Corpus, keepingKnownColumns: Bool = false) throws -> Corpus {
        try catalog.writer.write { db in
            var row = corpus
            if let existing = try Corpus.filter(Column("name") == corpus.name).fetchOne(db) {
                row.id = existing.id
                if keepingKnownColumns {
                    row.version = row.version ?? existing.version
                    row.description = row.description ?? existing.description
                    row.license = row.license ?? existing.license
                    row.citation = row.citation ?? existing.citation
                    row.homepage = row.homepage ?? existing.homepage
                    row.languages = row.languages ?? existing.languages
                }
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
