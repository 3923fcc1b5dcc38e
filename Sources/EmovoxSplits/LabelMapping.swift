/// The outcome of applying a ``LabelMap`` to a selection.
public struct LabelMapping: Sendable, Equatable {
    /// Items whose label was in the map, with `label` replaced by the mapped label, in input order.
    public var items: [SplitItem]
    /// Number of dropped items per original label (labels absent from the map).
    public var droppedByLabel: [String: Int]

    /// Total number of dropped items.
    public var droppedCount: Int { droppedByLabel.values.reduce(0, +) }
}
