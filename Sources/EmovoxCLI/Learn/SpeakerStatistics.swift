import EmovoxBoost
import Foundation

/// A speaker's enrollment statistics (`emovox speaker-stats`): the location and scale of each of a
/// model's features over a few unlabeled clips of that speaker, for `predict --speaker-stats`.
struct SpeakerStatistics: Codable {
    static let currentFormat = "emovox-speaker-stats-1"

    /// `emovox-speaker-stats-1`.
    var format: String
    /// The model's feature names, in its column order: the statistics fit only models with these.
    var featureNames: [String]
    /// The statistic the model was trained with.
    var statistic: NormalizationStatistic
    /// The enrollment clips, as given.
    var files: [String]
    var statistics: FeatureStatistics

    /// Reads `path` and checks that it fits `model` (same features, same statistic, a model trained
    /// with speaker or corpus normalization).
    static func load(from path: String, for model: Model, modelPath: String) throws -> SpeakerStatistics {
        if let problem = RegularFile.problem(path) { throw CommandError("\(path): \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(path): cannot read the speaker statistics file")
        }
        let loaded: SpeakerStatistics
        do {
            loaded = try JSONDecoder().decode(SpeakerStatistics.self, from: data)
        } catch {
            throw CommandError("\(path): not a speaker statistics file of `emovox speaker-stats` (\(error))")
        }
        guard loaded.format == currentFormat else {
            throw CommandError("\(path): format \(loaded.format), this build reads \(currentFormat)")
        }
        guard let normalization = model.normalization, normalization.mode == .speaker || normalization.mode == .corpus
        else {
            throw CommandError(
                "\(modelPath) was not trained with speaker normalization; --speaker-stats does not apply")
        }
        guard loaded.featureNames == model.featureNames, loaded.statistics.center.count == model.featureNames.count
        else {
            throw CommandError(
                "\(path): statistics of \(loaded.featureNames.count) features that differ from the "
                    + "\(model.featureNames.count) of \(modelPath) (computed for another model?)")
        }
        guard loaded.statistic == normalization.statistic else {
            throw CommandError(
                "\(path): \(loaded.statistic.rawValue) statistics, but \(modelPath) was trained with "
                    + normalization.statistic.rawValue)
        }
        return loaded
    }
}

/// How `predict` standardizes new rows for a model trained with normalization.
struct PredictionNormalization {
    let model: Model
    let modelPath: String

    func apply(to raw: EmovoxBoost.FeatureMatrix, speakerStatistics: SpeakerStatistics?, adapt: Bool) throws
        -> EmovoxBoost.FeatureMatrix
    {
        guard let normalization = model.normalization, normalization.mode != .none else {
            if speakerStatistics != nil || adapt {
                log.warning("\(modelPath) was trained on raw features: --adapt is ignored")
            }
            return raw
        }
        if normalization.mode == .global { return try FeatureNormalizer.apply(normalization.global, to: raw) }
        if let speakerStatistics {
            guard speakerStatistics.statistics.samples >= normalization.minSamples else {
                let samples = speakerStatistics.statistics.samples
                log.warning(
                    "the speaker statistics cover \(samples) clip(s), fewer than the model's minimum of \(normalization.minSamples): using the model's global statistics"
                )
                return try FeatureNormalizer.apply(normalization.global, to: raw)
            }
            return try FeatureNormalizer.apply(speakerStatistics.statistics, to: raw)
        }
        if adapt {
            guard raw.rowCount >= normalization.minSamples else {
                log.warning(
                    "--adapt: \(raw.rowCount) file(s), fewer than the model's minimum of \(normalization.minSamples) per speaker: using the model's global statistics"
                )
                return try FeatureNormalizer.apply(normalization.global, to: raw)
            }
            return try FeatureNormalizer.apply(
                FeatureNormalizer.statistics(of: raw, statistic: normalization.statistic), to: raw)
        }
        log.warning(
            "\(modelPath) was trained with \(normalization.mode.rawValue) normalization: without --speaker-stats or --adapt its global statistics are used, which is less accurate"
        )
        return try FeatureNormalizer.apply(normalization.global, to: raw)
    }
}
