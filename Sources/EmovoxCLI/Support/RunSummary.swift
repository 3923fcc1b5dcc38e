/// The outcome of one `emovox run` (or a demo's preprocessing), as printed with `--json`.
struct RunSummary: Encodable, Sendable, Equatable {
    /// One sample that could not be processed.
    struct Failure: Encodable, Sendable, Equatable {
        var path: String
        var step: String
        var reason: String
    }

    var runId: Int64
    var spec: String
    var specHash: String
    /// Samples the selection matched (all shards).
    var selected: Int
    /// Samples this process finished, succeeded or failed (cached ones included).
    var processed: Int
    /// Samples served entirely from the cache.
    var cached: Int
    var failed: Int
    /// Selected samples that belong to other shards.
    var skipped: Int
    var seconds: Double
    /// Source audio processed (successful samples), seconds.
    var audioSeconds: Double
    /// Sorted by path.
    var failures: [Failure]

    /// Samples that succeeded.
    var succeeded: Int { processed - failed }

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case spec
        case specHash = "spec_hash"
        case selected, processed, cached, failed, skipped, seconds
        case audioSeconds = "audio_seconds"
        case failures
    }
}
