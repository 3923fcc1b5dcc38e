import EmovoxAudio

/// Writes the processed audio to `directory/<sampleID>.<ext>` for inspection (atomically).
public struct WriteStep: Sendable, Equatable, Hashable {
    public static let name = "write"
    public static let implementationVersion = 1

    public var directory: String
    public var format: AudioWriter.Format

    public init(directory: String, format: AudioWriter.Format = .flac) {
        self.directory = directory
        self.format = format
    }

    public var canonicalParameters: String { "directory=\(directory);format=\(format.rawValue)" }

    /// The file written for a sample.
    public func path(forSample sampleID: Int64) -> String {
        let ext = format == .flac ? "flac" : "wav"
        return directory + "/\(sampleID).\(ext)"
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        guard let directory = try parameters.string("directory"), !directory.isEmpty else {
            throw parameters.error(nil, "missing parameter 'directory'")
        }
        self.init(directory: directory, format: try parameters.choice("format", default: .flac))
    }
}
