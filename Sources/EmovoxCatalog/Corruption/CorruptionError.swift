/// A problem that stops `emovox corrupt` before any file is written (as opposed to one sample's
/// failure, which is reported and costs that row only).
public struct CorruptionError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
