/// One sample to process.
public struct PipelineInput: Sendable, Equatable, Hashable {
    public var sampleID: Int64
    public var path: String
    /// Checksum of the source file's bytes (e.g. SHA-256 hex); roots the sample's cache keys.
    public var checksum: String
    /// The file's size and modification time when `checksum` was last verified, if known: while
    /// they hold, ``SourceVerification`` trusts the checksum without hashing the file again.
    public var stamp: SourceStamp?

    public init(sampleID: Int64, path: String, checksum: String, stamp: SourceStamp? = nil) {
        self.sampleID = sampleID
        self.path = path
        self.checksum = checksum
        self.stamp = stamp
    }
}

/// Why one sample could not be processed. Never stops a run.
public struct PipelineFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The step that failed (`decode`, `resample`, …).
    public var step: String
    public var reason: String

    public init(path: String, step: String, reason: String) {
        self.path = path
        self.step = step
        self.reason = reason
    }

    public var description: String { "\(path): \(step) failed: \(reason)" }
}
