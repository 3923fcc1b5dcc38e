/// Maps original emotion labels to the labels a model is trained on.
///
/// Items whose label is not a key of the map are dropped (and counted per label), which is how a
/// map also selects the classes: `"neutral=neutral,calm=neutral,angry=angry"` merges calm into
/// neutral and drops every other emotion.
public struct LabelMap: Sendable, Hashable, Codable {
    /// Original label → mapped label.
    public let mapping: [String: String]

    /// Creates a map from a dictionary; keys and values must be non-empty.
    public init(_ mapping: [String: String]) throws(SplitError) {
        for (source, target) in mapping.sorted(by: { $0.key < $1.key })
        where source.isEmpty || target.isEmpty {
            throw .invalidLabelMap("empty label in \"\(source)=\(target)\"")
        }
        self.mapping = mapping
    }

    /// Parses `"calm=neutral,happy=happy,..."`. Whitespace around names is ignored; an entry that
    /// is empty, lacks `=`, or maps one label to two different targets is an error.
    public init(parsing text: String) throws(SplitError) {
        var mapping: [String: String] = [:]
        for rawEntry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = rawEntry.trimmingWhitespace()
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw .invalidLabelMap("entry \"\(entry)\" is not of the form original=mapped")
            }
            let source = parts[0].trimmingWhitespace()
            let target = parts[1].trimmingWhitespace()
            guard !source.isEmpty, !target.isEmpty else {
                throw .invalidLabelMap("entry \"\(entry)\" has an empty label")
            }
            if let existing = mapping[source], existing != target {
                throw .invalidLabelMap(
                    "label \"\(source)\" is mapped to both \"\(existing)\" and \"\(target)\"")
            }
            mapping[source] = target
        }
        try self.init(mapping)
    }

    /// The canonical text form, entries sorted by original label: `"angry=angry,calm=neutral"`.
    public var canonicalText: String {
        mapping.keys.sorted().map { "\($0)=\(mapping[$0]!)" }.joined(separator: ",")
    }

    /// The mapped label for `label`, or nil when items with that label are dropped.
    public func mapped(_ label: String) -> String? { mapping[label] }

    /// Relabels `items`, dropping those whose label is not in the map.
    public func apply(to items: [SplitItem]) -> LabelMapping {
        var kept: [SplitItem] = []
        kept.reserveCapacity(items.count)
        var dropped: [String: Int] = [:]
        for var item in items {
            if let target = mapping[item.label] {
                item.label = target
                kept.append(item)
            } else {
                dropped[item.label, default: 0] += 1
            }
        }
        return LabelMapping(items: kept, droppedByLabel: dropped)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(mapping)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode([String: String].self))
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
