import Yams

/// A strict, position-aware reader over a composed YAML tree.
///
/// Every accessor throws a ``ManifestError`` naming the file and line, and every mapping must be
/// drained with ``Mapping/finish()`` so that misspelt keys are reported instead of ignored.
struct YAMLReader {
    let file: String

    func fail(_ node: Node?, _ message: String) -> ManifestError {
        ManifestError(file: file, line: node?.mark?.line, message: message)
    }

    /// Parses `text` into its root mapping.
    func root(_ text: String) throws(ManifestError) -> Mapping {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ManifestError(file: file, line: Self.line(of: error), message: "invalid YAML: \(error)")
        } catch {
            throw ManifestError(file: file, line: nil, message: "invalid YAML: \(error)")
        }
        guard let node else { throw fail(nil, "empty document") }
        return try mapping(node, "document")
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    func mapping(_ node: Node, _ what: String) throws(ManifestError) -> Mapping {
        guard let map = node.mapping else { throw fail(node, "\(what) must be a mapping") }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in map {
            guard let name = key.string else { throw fail(key, "keys in \(what) must be strings") }
            if entries.contains(where: { $0.key == name }) {
                throw fail(key, "duplicate key '\(name)' in \(what)")
            }
            entries.append((name, key, value))
        }
        return Mapping(reader: self, node: node, what: what, entries: entries)
    }

    func string(_ node: Node, _ what: String) throws(ManifestError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "\(what) must be a single value") }
        return scalar.string
    }

    func strings(_ node: Node, _ what: String) throws(ManifestError) -> [String] {
        if node.scalar != nil { return [try string(node, what)] }
        guard let sequence = node.sequence else {
            throw fail(node, "\(what) must be a value or a list of values")
        }
        var out: [String] = []
        for item in sequence { out.append(try string(item, "an item of \(what)")) }
        return out
    }

    func int(_ node: Node, _ what: String) throws(ManifestError) -> Int {
        guard let value = Int(try string(node, what)) else {
            throw fail(node, "\(what) must be a whole number")
        }
        return value
    }

    func bool(_ node: Node, _ what: String) throws(ManifestError) -> Bool {
        switch try string(node, what).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, "\(what) must be true or false")
        }
    }

    /// A mapping of string keys to string values, in file order.
    func table(_ node: Node, _ what: String) throws(ManifestError) -> [(key: String, value: String)] {
        var map = try mapping(node, what)
        return try map.drainAll { (key, value) throws(ManifestError) in
            (key, try string(value, "'\(key)' in \(what)"))
        }
    }

    /// A mapping being read key by key.
    struct Mapping {
        let reader: YAMLReader
        let node: Node
        let what: String
        fileprivate(set) var entries: [(key: String, keyNode: Node, value: Node)]

        /// Removes and returns the value for `key`, if present.
        mutating func take(_ key: String) -> Node? {
            guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
            return entries.remove(at: index).value
        }

        mutating func require(_ key: String) throws(ManifestError) -> Node {
            guard let value = take(key) else { throw reader.fail(node, "\(what) needs '\(key)'") }
            return value
        }

        mutating func string(_ key: String) throws(ManifestError) -> String? {
            guard let value = take(key) else { return nil }
            return try reader.string(value, "'\(key)'")
        }

        /// Reads every remaining entry with `body`, leaving the mapping drained.
        mutating func drainAll<T>(_ body: (String, Node) throws(ManifestError) -> T) throws(ManifestError) -> [T] {
            var out: [T] = []
            for entry in entries { out.append(try body(entry.key, entry.value)) }
            entries.removeAll()
            return out
        }

        /// Fails on the first key nobody asked for.
        func finish() throws(ManifestError) {
            if let extra = entries.first {
                throw reader.fail(extra.keyNode, "unknown key '\(extra.key)' in \(what)")
            }
        }
    }
}
