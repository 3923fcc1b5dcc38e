/// What `emovox corrupt` did.
public struct CorruptionReport: Sendable, Encodable {
    /// One condition's outcome.
    public struct ConditionOutcome: Sendable, Encodable {
        public var noise: String
        public var snrDB: Double
        /// The folder holding this condition's files (and its `corruption.csv`).
        public var directory: String
        public var written: Int
        /// The corpus the copies were imported as, when asked.
        public var corpus: String?
        enum CodingKeys: String, CodingKey {
            case noise, directory, written, corpus
            case snrDB = "snr_db"
        }
    }

    /// A source or output that failed: it costs its own row only.
    public struct Failure: Sendable, Encodable {
        public var path: String
        public var condition: String
        public var reason: String
    }

    public var corpus: String
    public var seed: UInt64
    public var samples: Int
    public var conditions: [ConditionOutcome]
    public var failures: [Failure]
}
