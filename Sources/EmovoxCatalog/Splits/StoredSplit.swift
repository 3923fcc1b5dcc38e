import EmovoxSplits
import Foundation

/// A named split as the catalog keeps it: the algorithm's result plus what it was made from.
public struct StoredSplit: Sendable {
    public var name: String
    public var target: SplitTarget
    /// The `--corpus`/`--where` selection as given.
    public var selection: String
    /// SHA-256 over the selected samples' (checksum, label) lines: which data the split is of.
    public var selectionHash: String
    public var toolVersion: String
    public var createdAt: Date
    public var result: SplitResult

    public init(
        name: String, target: SplitTarget, selection: String, selectionHash: String, toolVersion: String,
        createdAt: Date, result: SplitResult
    ) {
        self.name = name
        self.target = target
        self.selection = selection
        self.selectionHash = selectionHash
        self.toolVersion = toolVersion
        self.createdAt = createdAt
        self.result = result
    }
}

/// A split request the catalog cannot honour.
public struct SplitStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
