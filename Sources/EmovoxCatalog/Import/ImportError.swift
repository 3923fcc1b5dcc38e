/// An import that cannot start. Per-file problems are never thrown: they become failure rows.
public struct CorpusImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A selection that matches nothing at all: an import whose manifest selects no file. Nothing
/// is written; `warnings` say which part of the request matched nothing.
public struct EmptySelectionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var warnings: [String]
    public init(message: String, warnings: [String]) {
        self.message = message
        self.warnings = warnings
    }
    public var description: String { message }
}
