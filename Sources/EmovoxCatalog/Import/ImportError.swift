/// An import that cannot start. Per-file problems are never thrown: they become failure rows.
public struct CorpusImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
