/// Turns per-sample weights and the class-weight scheme into the final weight of every sample.
enum ClassWeighting {
    /// `sampleWeight × classWeight[label]`. For `.balanced`, class `c` weighs
    /// `n / (K · count_c)` where `K` counts the classes present, as scikit-learn does
    /// (counts are unweighted sample counts).
    static func effectiveWeights(
        labels: [Int], classCount: Int, sampleWeights: [Float]?, scheme: TrainingParameters.ClassWeight
    ) -> [Float] {
        var weights = sampleWeights ?? [Float](repeating: 1, count: labels.count)
        guard scheme == .balanced else { return weights }
        let factors = balancedFactors(labels: labels, classCount: classCount)
        for row in weights.indices { weights[row] *= Float(factors[labels[row]]) }
        return weights
    }

    /// The balanced weight of each class (0 for classes absent from `labels`).
    static func balancedFactors(labels: [Int], classCount: Int) -> [Double] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        let present = counts.filter { $0 > 0 }.count
        return counts.map { $0 > 0 ? Double(labels.count) / (Double(present) * Double($0)) : 0 }
    }
}
