import EmovoxBoost

/// Leakage-safe normalization of a split's sides: the global statistics come from the training side;
/// every side's speakers (corpora) are standardized with statistics over their own rows on that
/// side, without labels (except `referenceLabel`, which picks each speaker's enrollment clips).
extension NormalizationSettings {
    /// "auto" decided by the training side's label coverage (said on the console), and a warning
    /// when speaker normalization is asked for where it is unsafe.
    func resolved(coverage: LabelCoverage) -> NormalizationSettings {
        var resolved = self
        switch choice {
        case .auto:
            resolved.choice = coverage.safe ? .speaker : .none
            log.notice(
                "normalize auto: \(resolved.choice.rawValue) (\(coverage.summary))")
        case .speaker, .corpus:
            if coverage.safe {
                log.notice("normalize \(choice.rawValue): \(coverage.summary)")
            } else {
                log.warning("normalize \(choice.rawValue): \(coverage.summary)")
            }
        case .none, .global:
            break
        }
        return resolved
    }
}

extension FeatureNormalization {
    /// Fits the global statistics of resolved `settings` (see `NormalizationSettings.resolved`) on
    /// `trainRows`; nil for no normalization.
    static func fit(_ settings: NormalizationSettings, trainRows: [ExportRow], columns: [String]) throws
        -> FeatureNormalization?
    {
        let mode: Mode
        switch settings.choice {
        case .none, .auto: return nil
        case .speaker: mode = .speaker
        case .corpus: mode = .corpus
        case .global: mode = .global
        }
        let matrix = try EmovoxBoost.FeatureMatrix(featureNames: columns, rows: trainRows.map { $0.features ?? [] })
        let contributing = trainRows.indices.filter {
            settings.referenceLabel == nil || trainRows[$0].label == settings.referenceLabel
        }
        if let reference = settings.referenceLabel, contributing.isEmpty {
            throw CommandError("--reference-label \(reference): no training sample has that label")
        }
        return try FeatureNormalization(
            mode: mode, statistic: settings.statistic, minSamples: settings.minSamples,
            referenceLabel: settings.referenceLabel,
            global: FeatureNormalizer.statistics(of: matrix, rows: contributing, statistic: settings.statistic))
    }

    /// The group a row's statistics come from in `mode`: its speaker (`corpus/code`) or its corpus.
    static func group(of row: ExportRow, mode: Mode) -> String {
        switch mode {
        case .corpus: String(row.info.speaker.split(separator: "/", maxSplits: 1).first ?? "")
        default: row.info.speaker
        }
    }

    /// `rows` standardized: per speaker (corpus) from their own rows, or all with the global statistics.
    /// Groups with fewer than `minSamples` contributing rows fall back to global, with a warning
    /// naming `side`.
    func matrix(_ rows: [ExportRow], columns: [String], side: String) throws -> EmovoxBoost.FeatureMatrix {
        let raw = try EmovoxBoost.FeatureMatrix(featureNames: columns, rows: rows.map { $0.features ?? [] })
        switch mode {
        case .none: return raw
        case .global: return try FeatureNormalizer.apply(global, to: raw)
        case .speaker, .corpus:
            let result = try FeatureNormalizer.normalize(
                raw, groups: rows.map { Self.group(of: $0, mode: mode) },
                contributes: referenceLabel.map { reference in rows.map { $0.label == reference } },
                statistic: statistic, minSamples: minSamples, fallback: global)
            if !result.fellBack.isEmpty {
                let what: String = referenceLabel.map { "\($0) samples" } ?? "samples"
                let names: String =
                    result.fellBack.prefix(5).joined(separator: ", ") + (result.fellBack.count > 5 ? ", …" : "")
                let count = result.fellBack.count
                log.warning(
                    "\(side): \(count) \(mode.rawValue)(s) with fewer than \(minSamples) \(what) standardized with the global statistics: \(names)"
                )
            }
            return result.matrix
        }
    }

    /// A copy with the test-time settings of `evaluate --normalize …` (the global statistics kept).
    func overridden(by settings: NormalizationSettings) throws -> FeatureNormalization {
        let mode: Mode
        switch settings.choice {
        case .auto: throw CommandError("--normalize auto only applies when training")
        case .none: mode = .none
        case .speaker: mode = .speaker
        case .corpus: mode = .corpus
        case .global: mode = .global
        }
        return try FeatureNormalization(
            mode: mode, statistic: settings.statistic, minSamples: settings.minSamples,
            referenceLabel: settings.referenceLabel, global: global)
    }
}

extension SplitData {
    /// The partitions with standardized feature values, as training and evaluation see them: per
    /// fold, fitted on its training side, each side's speakers from their own rows (what
    /// `export --features --normalize` writes).
    /// - Returns: the partitions and the normalization used ("auto" resolved).
    func normalizedPartitions(_ requested: NormalizationSettings) throws -> (
        partitions: SplitPartitions, choice: NormalizationChoice
    ) {
        guard requested.choice != .none else { return (partitions, .none) }
        let settings = requested.resolved(coverage: coverage(folds: 0..<foldCount, mode: requested.choice))
        var result = partitions
        for fold in 0..<foldCount {
            let folder = isFoldBased ? "fold-\(fold)" : ""
            let fitted = try FeatureNormalization.fit(
                settings, trainRows: rows(side: "train", fold: fold), columns: matrix.columns)
            for index in result.partitions.indices where result.partitions[index].folder == folder {
                let partition = result.partitions[index]
                let normalized = try features(
                    partition.rows, normalization: fitted,
                    side: folder.isEmpty ? partition.side : "\(folder)/\(partition.side)")
                for row in partition.rows.indices {
                    let start = row * normalized.featureCount
                    result.partitions[index].rows[row].features = normalized.values[
                        start..<start + normalized.featureCount
                    ]
                    .map { Double($0) }
                }
            }
        }
        return (result, settings.choice)
    }
}
