/// An audio file could not be read or written. Every case names the file and the reason.
public struct AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case notFound = "not found"
        case unreadable = "not readable"
        case unsupported = "unsupported or corrupt audio"
        case empty = "no audio frames"
        case truncated = "truncated audio data"
        case writeFailed = "cannot write audio"
        case invalidArgument = "invalid argument"
        case nonFinite = "non-finite samples"
        case missingChannel = "no such channel"
    }

    public var path: String
    public var kind: Kind
    /// The library's own words, when it gave any.
    public var detail: String

    public init(path: String, kind: Kind, detail: String = "") {
        self.path = path
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(path): \(kind.rawValue)" : "\(path): \(kind.rawValue) (\(detail))"
    }
}
