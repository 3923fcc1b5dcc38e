/// What a split's labels are: the class a model will learn.
public enum SplitTarget: String, Sendable, CaseIterable, Codable {
    /// The canonical emotion (samples without one are left out).
    case emotion
    /// The speaker (`corpus/code`), for speaker identification.
    case speaker
    case gender
}
