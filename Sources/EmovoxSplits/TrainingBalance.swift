/// The balancing applied to the training side of one fold (fold 0 for holdout/utterance splits).
///
/// Stored compactly: weights depend only on the label, and down-sampling is recorded as the
/// sorted list of dropped training samples; ``weight(label:sampleID:)`` gives the per-item value.
public struct TrainingBalance: Sendable, Hashable, Codable {
    public var fold: Int
    public var method: TrainingBalancing
    /// Training samples per label before balancing.
    public var classCounts: [String: Int]
    /// Per-label weight of a training sample: inverse class frequency normalized to mean 1 for
    /// `.weights`; 1 for every label otherwise.
    public var classWeights: [String: Double]
    /// Training samples removed by `.downsample`, ascending; empty for other methods.
    public var droppedSampleIDs: [Int64]

    public init(
        fold: Int, method: TrainingBalancing, classCounts: [String: Int],
        classWeights: [String: Double], droppedSampleIDs: [Int64]
    ) {
        self.fold = fold
        self.method = method
        self.classCounts = classCounts
        self.classWeights = classWeights
        self.droppedSampleIDs = droppedSampleIDs
    }

    /// Whether a training sample is kept (false only for samples dropped by down-sampling).
    public func isKept(sampleID: Int64) -> Bool {
        var low = 0
        var high = droppedSampleIDs.count
        while low < high {
            let mid = (low + high) / 2
            if droppedSampleIDs[mid] < sampleID { low = mid + 1 } else { high = mid }
        }
        return !(low < droppedSampleIDs.count && droppedSampleIDs[low] == sampleID)
    }

    /// Effective training weight of a training sample: 0 if dropped, else its class weight.
    public func weight(label: String, sampleID: Int64) -> Double {
        isKept(sampleID: sampleID) ? classWeights[label] ?? 0 : 0
    }
}
