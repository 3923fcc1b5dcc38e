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

    public init(
        metadata: SampleMetadata, features: [FeatureVector], cacheHits: [Bool], audioKey: CacheKey,
        stepKeys: [CacheKey]
    ) {
        self.metadata = metadata
        self.features = features
        self.cacheHits = cacheHits
        self.audioKey = audioKey
        self.stepKeys = stepKeys
    }

    /// True when every step was served from the cache.
    public var fullyCached: Bool { cacheHits.allSatisfy { $0 } }
}
