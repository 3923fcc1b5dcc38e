/// An instance of the stratified partitioning problem: distribute indivisible units (speakers, or
/// statements) over bins with target sample fractions so that each bin's feature proportions
/// (label shares, gender shares) match the whole.
///
/// Features are per-sample counts; each stratified attribute contributes a block of features that
/// sums to the unit's size, so a bin's share of feature f is `count_f / binSize`.
struct PartitionProblem {
    let unitCount: Int
    let featureCount: Int
    /// `unitFeatures[u * featureCount + f]`: samples of unit u with feature f.
    let unitFeatures: [Int]
    let unitSizes: [Int]
    /// Target share of samples per bin; sums to 1.
    let targets: [Double]
    /// Optional coverage constraint: every key must end up in every bin (speakers on both sides of
    /// a statement-disjoint utterance split). CSR lists of (key, samples) per unit.
    let coverageKeyCount: Int
    let coverageStart: [Int]
    let coverageKeys: [Int]
    let coverageCounts: [Int]

    var binCount: Int { targets.count }

    init(
        unitCount: Int, featureCount: Int, unitFeatures: [Int], unitSizes: [Int], targets: [Double],
        coverageKeyCount: Int = 0, coverageStart: [Int]? = nil, coverageKeys: [Int] = [],
        coverageCounts: [Int] = []
    ) {
        self.unitCount = unitCount
        self.featureCount = featureCount
        self.unitFeatures = unitFeatures
        self.unitSizes = unitSizes
        self.targets = targets
        self.coverageKeyCount = coverageKeyCount
        self.coverageStart = coverageStart ?? [Int](repeating: 0, count: unitCount + 1)
        self.coverageKeys = coverageKeys
        self.coverageCounts = coverageCounts
    }

    /// Speakers as units, with label and/or gender count features.
    init(
        speakersOf selection: PreparedSelection, stratifyByLabel: Bool, stratifyByGender: Bool,
        targets: [Double]
    ) {
        let labelFeatures = stratifyByLabel ? selection.labels.count : 0
        let genderFeatures = stratifyByGender ? selection.genders.count : 0
        let featureCount = labelFeatures + genderFeatures
        var features = [Int](repeating: 0, count: selection.speakers.count * featureCount)
        var sizes = [Int](repeating: 0, count: selection.speakers.count)
        for item in 0..<selection.count {
            let speaker = selection.speakerOf[item]
            sizes[speaker] += 1
            if stratifyByLabel { features[speaker * featureCount + selection.labelOf[item]] += 1 }
            if stratifyByGender {
                features[speaker * featureCount + labelFeatures + selection.genderOf[item]] += 1
            }
        }
        self.init(
            unitCount: selection.speakers.count, featureCount: featureCount, unitFeatures: features,
            unitSizes: sizes, targets: targets)
    }
}
