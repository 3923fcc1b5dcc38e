import Foundation

/// Multiclass softmax cross-entropy, one tree per class per iteration.
///
/// Gradient `p_k - y_k`; hessian `K/(K-1) · p_k (1 - p_k)` as in LightGBM (the factor corrects for
/// the softmax's redundant degree of freedom), both multiplied by the sample weight.
public struct SoftmaxObjective: Objective {
    public let classCount: Int
    public var kind: ObjectiveKind { .softmax }
    public var treesPerIteration: Int { classCount }

    /// - Parameter classCount: number of classes, ≥ 2.
    public init(classCount: Int) {
        precondition(classCount >= 2)
        self.classCount = classCount
    }

    public func initialScores(labels: [Int], weights: [Float]) -> [Double] {
        var mass = [Double](repeating: 0, count: classCount)
        for (row, label) in labels.enumerated() { mass[label] += Double(weights[row]) }
        let total = mass.reduce(0, +)
        // Clamp so an absent class starts at a large negative score instead of -inf.
        let logs = mass.map { log(max($0 / total, 1e-15)) }
        let mean = logs.reduce(0, +) / Double(classCount)
        return logs.map { $0 - mean }
    }

    public func computeGradients(
        scores: UnsafeBufferPointer<Double>, labels: [Int], weights: [Float],
        gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>
    ) {
        let rowCount = labels.count
        let factor = Double(classCount) / Double(classCount - 1)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: classCount) { probabilities in
            for row in 0..<rowCount {
                var maxScore = -Double.infinity
                for k in 0..<classCount { maxScore = max(maxScore, scores[k * rowCount + row]) }
                var sum = 0.0
                for k in 0..<classCount {
                    let e = exp(scores[k * rowCount + row] - maxScore)
                    probabilities[k] = e
                    sum += e
                }
                let weight = Double(weights[row])
                let label = labels[row]
                for k in 0..<classCount {
                    let p = probabilities[k] / sum
                    let target = k == label ? 1.0 : 0.0
                    gradients[k * rowCount + row] = Float((p - target) * weight)
                    hessians[k * rowCount + row] = Float(max(factor * p * (1 - p), 1e-16) * weight)
                }
            }
        }
    }

    public func probabilities(rawScores: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        var maxScore = -Double.infinity
        for k in 0..<classCount { maxScore = max(maxScore, rawScores[k]) }
        var sum = 0.0
        for k in 0..<classCount {
            output[k] = exp(rawScores[k] - maxScore)
            sum += output[k]
        }
        for k in 0..<classCount { output[k] /= sum }
    }
}
