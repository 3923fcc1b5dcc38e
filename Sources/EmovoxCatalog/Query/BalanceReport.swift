/// How a selection of samples is spread over emotions, speakers and other columns.
public struct BalanceReport: Codable, Sendable, Equatable {
    /// Samples and seconds of one cell.
    public struct Cell: Codable, Sendable, Equatable {
        public var count: Int
        public var durationSeconds: Double

        enum CodingKeys: String, CodingKey {
            case count
            case durationSeconds = "duration_seconds"
        }
    }

    /// One row of a cross-table: an emotion, a value of the other column, and its cell.
    public struct CrossRow: Codable, Sendable, Equatable {
        public var emotion: String
        public var value: String
        public var count: Int
        public var durationSeconds: Double

        enum CodingKeys: String, CodingKey {
            case emotion, value, count
            case durationSeconds = "duration_seconds"
        }
    }

    /// Emotion × one other column.
    public struct CrossTable: Codable, Sendable, Equatable {
        public var by: String
        public var rows: [CrossRow]
    }

    /// Which emotions one speaker covers.
    public struct SpeakerCoverage: Codable, Sendable, Equatable {
        public var speaker: String
        public var gender: String
        public var samples: Int
        public var emotions: Int
        public var missing: [String]
    }

    public var samples: Int
    public var durationSeconds: Double
    public var speakers: Int
    public var corpora: Int
    /// Per emotion (label `(none)` for unlabelled samples), most frequent first.
    public var emotions: [String: Cell]
    /// Largest emotion class over smallest; nil with fewer than two classes.
    public var imbalanceRatio: Double?
    public var tables: [CrossTable]
    public var speakerCoverage: [SpeakerCoverage]

    enum CodingKeys: String, CodingKey {
        case samples
        case durationSeconds = "duration_seconds"
        case speakers, corpora, emotions
        case imbalanceRatio = "imbalance_ratio"
        case tables
        case speakerCoverage = "speaker_coverage"
    }

    /// Label shown for samples without an emotion.
    public static let unlabelled = "(none)"
}
