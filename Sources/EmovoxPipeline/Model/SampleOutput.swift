/// The result of processing one sample.
public struct SampleOutput: Sendable, Equatable {
    public var metadata: SampleMetadata
    /// One vector per requested feature set, in spec order.
    public var features: [FeatureVector]
    /// Per step, in spec order: true when the step's result came from the cache.
    public var cacheHits: [Bool]
    /// Cache key of the entry holding the final processed audio (the last audio-changing step).
    public var audioKey: CacheKey
    /// Cache key of every step, in spec order.
    public var stepKeys: [CacheKey]
    /// The source file's checksum and stamp when verification found them different from the
    /// input's (a changed file under ``SourceVerification/reimportChanged``, or new stamp on the
    /// same bytes): what the caller should record so the next run trusts the file without hashing.
    public var source: VerifiedSource?

    public init(
        metadata: SampleMetadata, features: [FeatureVector], cacheHits: [Bool], audioKey: CacheKey,
        stepKeys: [CacheKey], source: VerifiedSource? = nil
    ) {
        self.metadata = metadata
        self.features = features
        self.cacheHits = cacheHits
        self.audioKey = audioKey
        self.stepKeys = stepKeys
        self.source = source
    }

    /// True when every step was served from the cache.
    public var fullyCached: Bool { cacheHits.allSatisfy { $0 } }
}
