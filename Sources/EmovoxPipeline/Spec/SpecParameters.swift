import Foundation
import Yams

/// The parameters of one step as written in a spec, read with type and range checks.
///
/// Every accessor records the key it consumed so `finish()` can reject keys no accessor asked for:
/// a misspelled parameter is an error, never silently ignored.
struct SpecParameters {
    let file: String
    let step: String
    let stepLine: Int?
    private var values: [(key: String, value: Node)] = []
    private var consumed: Set<String> = []

    /// `node` is the step's value: a mapping of parameters, or null/empty for "all defaults".
    init(file: String, step: String, stepLine: Int?, node: Node?) throws(PipelineSpecError) {
        self.file = file
        self.step = step
        self.stepLine = stepLine
        guard let node else { return }
        if node.null != nil { return }
        guard let mapping = node.mapping else {
            throw PipelineSpecError(
                file: file, line: node.mark?.line ?? stepLine,
                message: "step '\(step)': parameters must be a mapping of name: value")
        }
        for (key, value) in mapping {
            guard let name = key.string else {
                throw PipelineSpecError(
                    file: file, line: key.mark?.line, message: "step '\(step)': parameter names must be strings")
            }
            if values.contains(where: { $0.key == name }) {
                throw PipelineSpecError(
                    file: file, line: key.mark?.line, message: "step '\(step)': duplicate parameter '\(name)'")
            }
            values.append((name, value))
        }
    }

    private mutating func node(_ key: String) -> Node? {
        consumed.insert(key)
        return values.first(where: { $0.key == key })?.value
    }

    func error(_ node: Node?, _ message: String) -> PipelineSpecError {
        PipelineSpecError(file: file, line: node?.mark?.line ?? stepLine, message: "step '\(step)': \(message)")
    }

    /// A number in `range`, or `defaultValue` when absent.
    mutating func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>)
        throws(PipelineSpecError) -> Double
    {
        guard let node = node(key) else { return defaultValue }
        guard node.scalar != nil, node.int != nil || node.float != nil,
            let value = node.float ?? node.int.map(Double.init)
        else {
            throw error(node, "parameter '\(key)' must be a number, got '\(node.string ?? "a collection")'")
        }
        guard range.contains(value) else {
            throw error(node, "parameter '\(key)' = \(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// An integer in `range`, or `defaultValue` when absent.
    mutating func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>)
        throws(PipelineSpecError) -> Int
    {
        guard let node = node(key) else { return defaultValue }
        guard node.scalar != nil, let value = node.int else {
            throw error(node, "parameter '\(key)' must be an integer, got '\(node.string ?? "a collection")'")
        }
        guard range.contains(value) else {
            throw error(node, "parameter '\(key)' = \(value) is out of range \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// A boolean, or `defaultValue` when absent.
    mutating func bool(_ key: String, default defaultValue: Bool) throws(PipelineSpecError) -> Bool {
        guard let node = node(key) else { return defaultValue }
        guard node.scalar != nil, let value = node.bool else {
            throw error(node, "parameter '\(key)' must be true or false, got '\(node.string ?? "a collection")'")
        }
        return value
    }

    /// A string, or `nil` when absent.
    mutating func string(_ key: String) throws(PipelineSpecError) -> String? {
        guard let node = node(key) else { return nil }
        guard let scalar = node.scalar else { throw error(node, "parameter '\(key)' must be a single value") }
        return scalar.string
    }

    /// One of an enumeration's raw values, or `defaultValue` when absent.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T)
        throws(PipelineSpecError) -> T where T.RawValue == String
    {
        guard let node = node(key) else { return defaultValue }
        let allowed = T.allCases.map(\.rawValue)
        guard let text = node.scalar?.string, let value = T(rawValue: text) else {
            throw error(
                node,
                "parameter '\(key)' must be one of \(allowed.joined(separator: ", ")), got '\(node.string ?? "a collection")'"
            )
        }
        return value
    }

    /// The raw node of a parameter with a structure of its own (e.g. a list of feature sets).
    mutating func raw(_ key: String) -> Node? { node(key) }

    /// Rejects any parameter no accessor asked for.
    func finish() throws(PipelineSpecError) {
        for (key, value) in values where !consumed.contains(key) {
            let known = consumed.sorted().joined(separator: ", ")
            throw error(value, "unknown parameter '\(key)' (known: \(known))")
        }
    }
}
