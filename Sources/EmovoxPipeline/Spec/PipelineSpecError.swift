/// A pipeline spec that cannot be used: malformed YAML, an unknown step or parameter, a value of the
/// wrong type or out of range. Always names the spec file and, where known, the line.
public struct PipelineSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The spec file (or the label given to in-memory YAML).
    public var file: String
    /// 1-based line of the offending node; `nil` when the problem is not tied to one node.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
