import Foundation

/// Binary logistic loss: one tree per iteration whose raw score is the log-odds of class 1.
///
/// Gradient `p - y`, hessian `p (1 - p)`, both multiplied by the sample weight.
public struct LogisticObjective: Objective {
    public var kind: ObjectiveKind { .logistic }
    public var classCount: Int { 2 }
    public var treesPerIteration: Int { 1 }

    public init() {}

    public func initialScores(labels: [Int], weights: [Float]) -> [Double] {
        var positive = 0.0
        var total = 0.0
        for (row, label) in labels.enumerated() {
            total += Double(weights[row])
            if label == 1 { positive += Double(weights[row]) }
        }
        let p = min(max(positive / total, 1e-15), 1 - 1e-15)
        return [log(p / (1 - p))]
    }

    public func computeGradients(
        scores: UnsafeBufferPointer<Double>, labels: [Int], weights: [Float],
        gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>
    ) {
        for row in 0..<labels.count {
            let p = 1 / (1 + exp(-scores[row]))
            let weight = Double(weights[row])
            gradients[row] = Float((p - (labels[row] == 1 ? 1 : 0)) * weight)
            hessians[row] = Float(max(p * (1 - p), 1e-16) * weight)
        }
    }

    public func probabilities(rawScores: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        let p = 1 / (1 + exp(-rawScores[0]))
        output[0] = 1 - p
        output[1] = p
    }
}
