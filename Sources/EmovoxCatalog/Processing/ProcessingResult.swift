/// What the pipeline produced for one sample, in catalog terms (the CLI converts the pipeline's
/// own output into this, so the catalog does not depend on pipeline internals).
public struct ProcessingResult: Sendable, Equatable {
    public var sampleId: Int64
    public var audioKey: String
    public var processedSampleRate: Int
    public var originalDuration: Double
    public var trimmedDuration: Double?
    public var processedDuration: Double
    /// Integrated loudness of the source in LUFS, when measurable.
    public var originalLoudness: Double?
    /// How the loudness was measured (`integrated`, `looped`, `rms-fallback`, …).
    public var loudnessMethod: String
    public var appliedGain: Double
    public var gainCapped: Bool
    public var voicedProportion: Double
    public var features: [Features]

    /// One feature set's values for the sample.
    public struct Features: Sendable, Equatable {
        public var setName: String
        public var setVersion: Int
        public var names: [String]
        public var values: [Double]

        public init(setName: String, setVersion: Int, names: [String], values: [Double]) {
            self.setName = setName
            self.setVersion = setVersion
            self.names = names
            self.values = values
        }
    }

    public init(
        sampleId: Int64, audioKey: String, processedSampleRate: Int, originalDuration: Double,
        trimmedDuration: Double?, processedDuration: Double, originalLoudness: Double?, loudnessMethod: String,
        appliedGain: Double, gainCapped: Bool, voicedProportion: Double, features: [Features]
    ) {
        self.sampleId = sampleId
        self.audioKey = audioKey
        self.processedSampleRate = processedSampleRate
        self.originalDuration = originalDuration
        self.trimmedDuration = trimmedDuration
        self.processedDuration = processedDuration
        self.originalLoudness = originalLoudness
        self.loudnessMethod = loudnessMethod
        self.appliedGain = appliedGain
        self.gainCapped = gainCapped
        self.voicedProportion = voicedProportion
        self.features = features
    }
}
