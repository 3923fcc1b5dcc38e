import EmovoxDSP
import Foundation

/// One training recording: its speech frames and who is speaking.
public struct LabelledFrames: Sendable {
    public var speaker: String
    public var frames: FrameMatrix

    public init(speaker: String, frames: FrameMatrix) {
        self.speaker = speaker
        self.frames = frames
    }
}

/// Trains a whole ``SpeakerExtractor``: UBM on a seeded subsample of the frames, Baum–Welch statistics
/// of every utterance, `T` by EM, then the back-end (projection and PLDA) on the training i-vectors
/// and the default thresholds at the equal-error point of the training speakers' trials.
public struct SpeakerExtractorTrainer: Sendable {
    public var features = SpeakerFeatureConfiguration()
    public var components = 256
    public var ubmIterations = 8
    /// At most this many frames (drawn with the seed) train the UBM.
    public var ubmFrames = 200_000
    public var rank = 150
    public var totalVariabilityIterations = 5
    /// Back-end dimension (see ``EmbeddingTransform``).
    public var embeddingDimension = 150
    /// LDA and within-speaker whitening in the back-end; without, only centering and length
    /// normalization (see ``EmbeddingTransform``).
    public var withinSpeakerWhitening = true
    public var seed: UInt64 = 1
    public var jobs = 1

    public init() {}

    /// Stage progress: a short name of the stage and a detail.
    public typealias Progress = @Sendable (String) -> Void

    public func train(
        _ utterances: [LabelledFrames], provenance: ExtractorProvenance, progress: Progress = { _ in }
    ) throws(NotPositiveDefiniteError) -> SpeakerExtractor {
        let d = features.dimension
        let pool = FrameMatrix.stacking(utterances.map(\.frames), columns: d)
        var random = SeededRandom(seed: seed)
        let subset = pool.rows > ubmFrames ? pool.selectingRows(random.sample(ubmFrames, of: pool.rows)) : pool
        var gmm = GMMTrainer(components: components, iterations: ubmIterations, seed: seed, jobs: jobs)
        gmm.varianceFloor = 1e-3
        let ubm = gmm.train(subset) { iteration, average in
            progress("UBM iteration \(iteration + 1)/\(ubmIterations): average log-likelihood \(average)")
        }
        progress("Baum–Welch statistics of \(utterances.count) utterances")
        let statistics = ChunkedParallel.map(count: utterances.count, jobs: jobs) {
            BaumWelchStatistics(frames: utterances[$0].frames, ubm: ubm)
        }
        let tTrainer = TotalVariabilityTrainer(
            rank: rank, iterations: totalVariabilityIterations, seed: seed &+ 1, jobs: jobs)
        let extractor = tTrainer.train(statistics, ubm: ubm) { iteration in
            progress("total variability iteration \(iteration + 1)/\(totalVariabilityIterations)")
        }
        let raw = ChunkedParallel.map(count: statistics.count, jobs: jobs) { extractor.extract(statistics[$0]) }
        let speakers = utterances.map(\.speaker)
        let transform =
            withinSpeakerWhitening
            ? try EmbeddingTransform.train(vectors: raw, speakers: speakers, dimension: min(embeddingDimension, rank))
            : EmbeddingTransform.centering(vectors: raw)
        let embedded = raw.map(transform.apply)
        let plda = try TwoCovariancePLDA.train(vectors: embedded, speakers: speakers)
        var model = SpeakerExtractor(
            features: features, ubm: ubm, ivectors: extractor, transform: transform, plda: plda,
            calibration: ScoreCalibration(cosine: 0, plda: 0), provenance: provenance)
        model.calibration = Self.calibrate(model, embeddings: embedded, speakers: speakers)
        return model
    }

    /// EER thresholds of single-utterance trials among the training embeddings (every pair once).
    static func calibrate(_ model: SpeakerExtractor, embeddings: [[Double]], speakers: [String]) -> ScoreCalibration {
        var thresholds: [Double] = []
        for scoring in SpeakerScoring.allCases {
            var targets: [Double] = []
            var nonTargets: [Double] = []
            for i in embeddings.indices {
                for j in (i + 1)..<max(i + 1, embeddings.count) {
                    let s = model.score(enrollment: [embeddings[i]], test: embeddings[j], scoring: scoring)
                    if speakers[i] == speakers[j] { targets.append(s) } else { nonTargets.append(s) }
                }
            }
            guard !targets.isEmpty, !nonTargets.isEmpty else {
                thresholds.append(0)
                continue
            }
            thresholds.append(VerificationMetrics(targets: targets, nonTargets: nonTargets).eerThreshold)
        }
        return ScoreCalibration(cosine: thresholds[0], plda: thresholds[1])
    }
}
