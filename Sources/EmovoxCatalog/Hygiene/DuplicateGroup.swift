/// Catalogued samples whose files are byte-identical (one SHA-256).
///
/// Public corpora ship such copies, sometimes under two "different" speakers; a
/// speaker-independent split can then train and test on the same recording.
public struct DuplicateGroup: Codable, Sendable, Equatable {
    /// One copy of the recording.
    public struct Member: Codable, Sendable, Equatable {
        public var sampleId: Int64
        public var corpus: String
        /// The absolute path of the file.
        public var path: String
        /// `corpus/code`, as everywhere else.
        public var speaker: String

        enum CodingKeys: String, CodingKey {
            case sampleId = "sample_id"
            case corpus, path, speaker
        }
    }

    /// SHA-256 of the bytes, lower-case hex.
    public var checksum: String
    /// The copies, by sample id (the first is the one `--duplicates drop` keeps).
    public var members: [Member]

    /// The copies' paths, in member order.
    public var paths: [String] { members.map(\.path) }
    /// The distinct speakers of the copies, sorted.
    public var speakers: [String] { Set(members.map(\.speaker)).sorted() }
    /// Whether the copies belong to more than one speaker, so that a speaker-independent split
    /// can put them on two sides.
    public var crossesSpeakers: Bool { speakers.count > 1 }

    public init(checksum: String, members: [Member]) {
        self.checksum = checksum
        self.members = members
    }

    enum CodingKeys: String, CodingKey {
        case checksum, members = "samples", paths, speakers
        case crossesSpeakers = "crosses_speakers"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checksum = try container.decode(String.self, forKey: .checksum)
        members = try container.decode([Member].self, forKey: .members)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checksum, forKey: .checksum)
        try container.encode(members, forKey: .members)
        try container.encode(paths, forKey: .paths)
        try container.encode(speakers, forKey: .speakers)
        try container.encode(crossesSpeakers, forKey: .crossesSpeakers)
    }

    /// One line: `checksum-prefix: path (speaker), path (speaker)`.
    public var summary: String {
        String(checksum.prefix(12)) + ": "
            + members.map { "\($0.path) (\($0.speaker))" }.joined(separator: ", ")
    }
}
