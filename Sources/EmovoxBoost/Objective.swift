/// A loss function the booster minimises: it supplies first and second derivatives of the loss
/// with respect to the raw scores, and turns raw scores into class probabilities.
///
/// Raw scores are laid out class-major: `scores[tree * rowCount + row]`, where `tree` runs over
/// `0..<treesPerIteration`; gradients and hessians use the same layout.
public protocol Objective: Sendable {
    /// Which objective this is (stored in the model so prediction can rebuild it).
    var kind: ObjectiveKind { get }
    /// Number of classes the objective predicts.
    var classCount: Int { get }
    /// Trees grown per boosting iteration (K for softmax, 1 for logistic).
    var treesPerIteration: Int { get }

    /// Raw scores every sample starts from (one per tree of an iteration), from the weighted class
    /// prior so the first trees fit residual structure rather than the base rate.
    func initialScores(labels: [Int], weights: [Float]) -> [Double]

    /// Writes weighted gradients and hessians for every row.
    func computeGradients(
        scores: UnsafeBufferPointer<Double>, labels: [Int], weights: [Float],
        gradients: UnsafeMutableBufferPointer<Float>, hessians: UnsafeMutableBufferPointer<Float>)

    /// Converts one sample's raw scores (`treesPerIteration` values) into `classCount`
    /// probabilities.
    func probabilities(rawScores: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>)
}

/// The objectives the model format knows.
public enum ObjectiveKind: String, Codable, Sendable {
    /// Multiclass softmax cross-entropy (K trees per iteration).
    case softmax
    /// Binary logistic loss (one tree per iteration; the score is the log-odds of class 1).
    case logistic

    /// The objective for `classCount` classes.
    func makeObjective(classCount: Int) -> any Objective {
        switch self {
        case .softmax: return SoftmaxObjective(classCount: classCount)
        case .logistic: return LogisticObjective()
        }
    }

    /// Logistic for two classes, softmax otherwise (as LightGBM users usually configure it).
    static func automatic(classCount: Int) -> ObjectiveKind {
        classCount == 2 ? .logistic : .softmax
    }
}
