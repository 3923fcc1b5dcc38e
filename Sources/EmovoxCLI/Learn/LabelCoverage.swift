import EmovoxBoost

/// How well each speaker's samples span the labels: per-speaker standardization assumes they do.
///
/// Where a speaker recorded only one or two of the classes, z-scoring over that speaker's samples
/// removes the class itself (the speaker's mean *is* the emotion), so speaker normalization is unsafe.
/// A speaker is skewed when its samples carry fewer than half of the labels or one label makes up
/// more than half of them; normalization is judged unsafe when skewed speakers hold more than a tenth
/// of the samples.
struct LabelCoverage: Encodable {
    struct Speaker: Encodable {
        var speaker: String
        var samples: Int
        /// Distinct labels among the speaker's samples.
        var labels: Int
        /// `labels` / the number of labels of the side.
        var coverage: Double
        /// Share of the speaker's most frequent label.
        var maxShare: Double
        var skewed: Bool

        enum CodingKeys: String, CodingKey {
            case speaker, samples, labels, coverage, skewed
            case maxShare = "max_share"
        }
    }

    static let minimumCoverage = 0.5
    static let maximumShare = 0.5
    static let maximumSkewedShare = 0.1

    /// What a group is: "speaker" or "corpus".
    var kind: String
    var labelCount: Int
    var speakers: [Speaker]
    /// Share of the samples whose speaker is skewed.
    var skewedSampleShare: Double
    var safe: Bool

    enum CodingKeys: String, CodingKey {
        case kind, speakers, safe
        case labelCount = "label_count"
        case skewedSampleShare = "skewed_sample_share"
    }

    /// Coverage of `(speaker, label)` pairs, one per sample; `kind` names what the groups are.
    init(_ samples: [(speaker: String, label: String)], kind: String = "speaker") {
        self.kind = kind
        var counts: [String: [String: Int]] = [:]
        for sample in samples { counts[sample.speaker, default: [:]][sample.label, default: 0] += 1 }
        labelCount = Set(samples.map(\.label)).count
        speakers = counts.keys.sorted().map { name in
            let labels = counts[name]!
            let total = labels.values.reduce(0, +)
            let coverage = Double(labels.count) / Double(max(1, Set(samples.map(\.label)).count))
            let maxShare = Double(labels.values.max() ?? 0) / Double(max(1, total))
            return Speaker(
                speaker: name, samples: total, labels: labels.count, coverage: coverage, maxShare: maxShare,
                skewed: coverage < Self.minimumCoverage || maxShare > Self.maximumShare)
        }
        let skewedSamples = speakers.filter(\.skewed).map(\.samples).reduce(0, +)
        skewedSampleShare = samples.isEmpty ? 0 : Double(skewedSamples) / Double(samples.count)
        safe = labelCount >= 2 && skewedSampleShare <= Self.maximumSkewedShare
    }

    /// One line for humans: how many speakers are skewed and what that means for normalization.
    var summary: String {
        let skewed = speakers.filter(\.skewed)
        let shown = skewed.prefix(5).map {
            "\($0.speaker) (\($0.labels)/\(labelCount) labels, max share \(String(format: "%.2f", $0.maxShare)))"
        }
        let head =
            "label coverage: \(speakers.count - skewed.count) of \(speakers.count) training \(kind)s span the "
            + "\(labelCount) labels"
        guard !skewed.isEmpty else { return head + "; \(kind) normalization is safe" }
        return head + "; skewed: " + shown.joined(separator: ", ") + (skewed.count > 5 ? ", …" : "")
            + (safe
                ? "" : "; \(kind) normalization would remove the label itself from their samples (unsafe)")
    }
}

extension SplitPartitions {
    /// Label coverage of the training sides in `folders` (all when nil), each sample once, by
    /// speaker or by corpus.
    func trainingCoverage(folders: Set<String>? = nil, byCorpus: Bool = false) -> LabelCoverage {
        var seen = Set<Int64>()
        var samples: [(speaker: String, label: String)] = []
        for partition in partitions where partition.side == "train" && folders?.contains(partition.folder) ?? true {
            for row in partition.rows where seen.insert(row.sampleId).inserted {
                samples.append((FeatureNormalization.group(of: row, mode: byCorpus ? .corpus : .speaker), row.label))
            }
        }
        return LabelCoverage(samples, kind: byCorpus ? "corpus" : "speaker")
    }
}
