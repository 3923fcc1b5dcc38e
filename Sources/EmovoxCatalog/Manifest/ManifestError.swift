/// A manifest that cannot be used, with the file, line and problem. Raised before anything is written.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line, when the problem has a place in the file.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
