/// Which side of a split an item is on.
///
/// For fold-based strategies (k-fold, LOSO, LOGO) every item is on the `test` side of exactly one
/// fold and on the training side of all the others.
public enum SplitSide: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case train
    case validation
    case test

    /// Order train < validation < test, used for reports.
    public static func < (lhs: SplitSide, rhs: SplitSide) -> Bool { lhs.order < rhs.order }

    var order: Int {
        switch self {
        case .train: 0
        case .validation: 1
        case .test: 2
        }
    }
}
