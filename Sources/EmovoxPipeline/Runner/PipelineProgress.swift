import Foundation

/// Counters of a run, reported after every sample and returned at the end.
public struct PipelineProgress: Sendable, Equatable {
    /// Samples finished (succeeded or failed), including fully cached ones.
    public var processed: Int
    /// Samples served entirely from the cache.
    public var cached: Int
    /// Samples that failed.
    public var failed: Int
    /// Samples skipped because they belong to another shard.
    public var skipped: Int
    /// Wall-clock seconds since the run started.
    public var elapsed: Double

    public init(processed: Int = 0, cached: Int = 0, failed: Int = 0, skipped: Int = 0, elapsed: Double = 0) {
        self.processed = processed
        self.cached = cached
        self.failed = failed
        self.skipped = skipped
        self.elapsed = elapsed
    }
}

/// A flag that stops a run: workers finish the sample they hold, take no new ones, and `run` returns.
public final class PipelineCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.withLock { cancelled = true }
    }

    public var isCancelled: Bool { lock.withLock { cancelled } }
}
