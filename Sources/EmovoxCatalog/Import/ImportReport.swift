/// What an import did. `--json` prints it as is.
public struct ImportReport: Codable, Sendable, Equatable {
    /// A file that could not be imported, and why.
    public struct Failure: Codable, Sendable, Equatable {
        public var path: String
        public var reason: String
    }

    public var corpus: String
    public var root: String
    /// New samples written.
    public var imported = 0
    /// Files already catalogued with the same checksum.
    public var unchanged = 0
    /// Files already catalogued whose bytes changed (their rows are updated).
    public var changed = 0
    /// Files that failed, each also recorded in the catalog's import errors.
    public var failed = 0
    /// Files excluded on purpose by the manifest's `only:` filters.
    public var skipped = 0
    public var failures: [Failure] = []
    /// Relative paths of the changed files.
    public var changedPaths: [String] = []
    /// Symbolic links left out: to directories, or to files outside the corpus directory (unless
    /// followed on request).
    public var skippedSymlinks = 0
    /// Byte-identical files involving this corpus (anywhere in the catalog), by lowest sample id.
    public var duplicates: [DuplicateGroup] = []
    /// Things that select less than asked without failing a file: an include glob that matches
    /// nothing, a label field nothing uses.
    public var warnings: [String] = []
    public var seconds = 0.0

    public init(corpus: String, root: String) {
        self.corpus = corpus
        self.root = root
    }

    enum CodingKeys: String, CodingKey {
        case corpus, root, imported, unchanged, changed, failed, skipped, failures
        case changedPaths = "changed_paths"
        case skippedSymlinks = "skipped_symlinks"
        case duplicates, warnings, seconds
    }
}
