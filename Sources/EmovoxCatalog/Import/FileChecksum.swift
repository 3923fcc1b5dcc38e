import EmovoxPipeline
import Foundation

/// SHA-256 of a file's bytes, streamed in fixed-size chunks.
public enum FileChecksum {
    public struct Result: Sendable {
        public var hex: String
        public var size: Int64
        /// Modification time (nanoseconds since 1970) before the file was read.
        public var modified: Int64?
    }

    /// - Throws: ``PipelineFailure`` (step `checksum`) naming the file and the true reason.
    public static func sha256(path: String) throws(PipelineFailure) -> Result {
        let source = try SourceVerifier.hash(path: path)
        return Result(hex: source.checksum, size: source.stamp.size, modified: source.stamp.modified)
    }
}
