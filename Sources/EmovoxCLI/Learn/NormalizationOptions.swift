import ArgumentParser
import EmovoxBoost
import Foundation

/// `--normalize`: how features are standardized before learning (and before evaluation).
enum NormalizationChoice: String, Codable, CaseIterable, ExpressibleByArgument {
    case none, speaker, corpus, global
    /// Speaker normalization when every training speaker's labels span the classes, else none.
    case auto
}

extension NormalizationStatistic: ExpressibleByArgument {}

/// Normalization settings after the params file and the flags are merged ("auto" still unresolved).
struct NormalizationSettings: Equatable {
    var choice = NormalizationChoice.none
    var statistic = NormalizationStatistic.meanStd
    var minSamples = 5
    var referenceLabel: String?
}

/// The normalization keys of a `--params` file (beside the trainer's keys, in the same style).
struct NormalizationParametersFile: Decodable {
    var normalize: NormalizationChoice?
    var normalizeStat: NormalizationStatistic?
    var normalizeMinSamples: Int?
    var referenceLabel: String?
}

/// `--normalize` and its robust variants, shared by `train`, `cv`, `evaluate` and `export --features`.
struct NormalizationOptions: ParsableArguments {
    @Option(
        help: """
            Feature standardization: none, speaker (each speaker with its own unlabeled samples, test \
            speakers included), corpus, global (training statistics) or auto (speaker only when every \
            training speaker's labels span the classes).
            """)
    var normalize: NormalizationChoice?
    @Option(help: "Statistics: mean-std or median-iqr (robust).") var normalizeStat: NormalizationStatistic?
    @Option(help: "Minimum samples per speaker (or corpus); fewer fall back to global statistics (default 5).")
    var normalizeMinSamples: Int?
    @Option(
        help: """
            Statistics over each speaker's clips of this label only (e.g. neutral): uses the labels of \
            the test speakers' reference clips, i.e. assumes they are an enrollment set.
            """)
    var referenceLabel: String?

    /// The settings: `file`'s keys (a `--params` file), then the flags.
    func settings(file: NormalizationParametersFile? = nil) throws -> NormalizationSettings {
        var settings = NormalizationSettings()
        if let file {
            if let value = file.normalize { settings.choice = value }
            if let value = file.normalizeStat { settings.statistic = value }
            if let value = file.normalizeMinSamples { settings.minSamples = value }
            if let value = file.referenceLabel { settings.referenceLabel = value }
        }
        if let normalize { settings.choice = normalize }
        if let normalizeStat { settings.statistic = normalizeStat }
        if let normalizeMinSamples { settings.minSamples = normalizeMinSamples }
        if let referenceLabel { settings.referenceLabel = referenceLabel }
        guard settings.minSamples >= 1 else { throw ValidationError("--normalize-min-samples must be at least 1") }
        if settings.referenceLabel != nil, settings.choice != .speaker, settings.choice != .corpus,
            settings.choice != .auto
        {
            throw ValidationError("--reference-label needs --normalize speaker, corpus or auto")
        }
        return settings
    }
}
