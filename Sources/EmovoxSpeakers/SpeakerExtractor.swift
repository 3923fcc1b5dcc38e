import Foundation

/// Where an extractor came from: what it was trained on and with which settings.
public struct ExtractorProvenance: Sendable, Codable, Equatable {
    public var toolVersion: String
    /// The `--corpus`/`--where` selection as given.
    public var selection: String
    public var utterances: Int
    public var speakers: Int
    /// Speech frames of all utterances, and how many of them the UBM was trained on.
    public var frames: Int
    public var ubmFrames: Int
    public var seed: UInt64
    public var ubmIterations: Int
    public var totalVariabilityIterations: Int
    /// A hash of the training samples' checksums and speakers, in order.
    public var dataHash: String

    public init(
        toolVersion: String, selection: String, utterances: Int, speakers: Int, frames: Int, ubmFrames: Int,
        seed: UInt64, ubmIterations: Int, totalVariabilityIterations: Int, dataHash: String
    ) {
        self.toolVersion = toolVersion
        self.selection = selection
        self.utterances = utterances
        self.speakers = speakers
        self.frames = frames
        self.ubmFrames = ubmFrames
        self.seed = seed
        self.ubmIterations = ubmIterations
        self.totalVariabilityIterations = totalVariabilityIterations
        self.dataHash = dataHash
    }
}

/// Default decision thresholds, set at the equal-error point of the training speakers' own trials.
public struct ScoreCalibration: Sendable, Codable, Equatable {
    public var cosine: Double
    public var plda: Double

    public init(cosine: Double, plda: Double) {
        self.cosine = cosine
        self.plda = plda
    }

    public func threshold(_ scoring: SpeakerScoring) -> Double {
        switch scoring {
        case .cosine: cosine
        case .plda: plda
        }
    }
}

/// Everything needed to turn a recording into a speaker embedding and score it: frame features,
/// UBM, total-variability matrix and back-end.
public struct SpeakerExtractor: Sendable {
    public var features: SpeakerFeatureConfiguration
    public var ubm: DiagonalGMM
    public var ivectors: IVectorExtractor
    public var transform: EmbeddingTransform
    public var plda: TwoCovariancePLDA
    public var calibration: ScoreCalibration
    public var provenance: ExtractorProvenance

    public init(
        features: SpeakerFeatureConfiguration, ubm: DiagonalGMM, ivectors: IVectorExtractor,
        transform: EmbeddingTransform, plda: TwoCovariancePLDA, calibration: ScoreCalibration,
        provenance: ExtractorProvenance
    ) {
        self.features = features
        self.ubm = ubm
        self.ivectors = ivectors
        self.transform = transform
        self.plda = plda
        self.calibration = calibration
        self.provenance = provenance
    }

    /// The raw i-vector of a recording (mono at `features.sampleRate`), nil when it has no frame.
    public func ivector(_ samples: [Float]) -> [Double]? {
        let frames = SpeakerFrameFeatures(configuration: features).frames(samples)
        guard frames.rows > 0 else { return nil }
        return ivectors.extract(BaumWelchStatistics(frames: frames, ubm: ubm))
    }

    /// The back-end embedding (centered, projected, length-normalized i-vector), nil when the
    /// recording has no frame.
    public func embedding(_ samples: [Float]) -> [Double]? {
        ivector(samples).map(transform.apply)
    }

    /// The score of `test` against a speaker enrolled with `enrollment` embeddings.
    public func score(enrollment: [[Double]], test: [Double], scoring: SpeakerScoring) -> Double {
        switch scoring {
        case .cosine:
            let mean = EmbeddingTransform.mean(enrollment)
            return Self.cosine(mean, test)
        case .plda:
            return plda.score(enrollment: enrollment, test: test)
        }
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for i in a.indices {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
