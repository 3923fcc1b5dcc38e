/// Which kind of split to make.
public enum SplitStrategy: Sendable, Hashable {
    /// Speaker-disjoint train/test (train/validation/test when `validationFraction` is given);
    /// fractions are of samples, not speakers. The search minimizes the worst of |sample share −
    /// target| and the label/gender share deviations at equal weight, so with few speakers it may
    /// trade fraction for balance (RAVDESS 80/20: 4 test actors, 2 F + 2 M, 16.7 % of samples,
    /// rather than 5 actors with a 3:2 gender split).
    case holdout(testFraction: Double, validationFraction: Double? = nil)
    /// K speaker-disjoint folds; each speaker is in the test side of exactly one fold.
    case kfold(Int, assignment: KFoldAssignment = .stratifiedSearch)
    /// Leave one speaker out: one fold per speaker, folds in sorted speaker order.
    case loso
    /// Leave one group out on a column (see ``SplitItem/groupValue(_:)``): one fold per distinct
    /// value, folds in sorted value order.
    case logo(String)
    /// Speaker-identification split: every speaker on both sides, stratified by speaker and label;
    /// with `disjointStatements`, all utterances of a statement are on one side.
    case utterance(testFraction: Double, disjointStatements: Bool = false)

    /// Short name used in JSON and on the command line.
    public var kind: String {
        switch self {
        case .holdout: "holdout"
        case .kfold: "kfold"
        case .loso: "loso"
        case .logo: "logo"
        case .utterance: "utterance"
        }
    }

    /// True for strategies whose result is a set of folds (each item on the test side of one fold).
    public var isFoldBased: Bool {
        switch self {
        case .kfold, .loso, .logo: true
        case .holdout, .utterance: false
        }
    }
}

extension SplitStrategy: Codable {
    // A flat, explicit shape ({"kind": "kfold", "folds": 5, ...}) rather than the synthesized
    // nested one, so meta.json stays readable and stable across Swift versions.
    private enum CodingKeys: String, CodingKey {
        case kind, testFraction, validationFraction, folds, assignment, groupColumn,
            disjointStatements
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .holdout(let testFraction, let validationFraction):
            try container.encode(testFraction, forKey: .testFraction)
            try container.encodeIfPresent(validationFraction, forKey: .validationFraction)
        case .kfold(let folds, let assignment):
            try container.encode(folds, forKey: .folds)
            try container.encode(assignment, forKey: .assignment)
        case .loso:
            break
        case .logo(let column):
            try container.encode(column, forKey: .groupColumn)
        case .utterance(let testFraction, let disjointStatements):
            try container.encode(testFraction, forKey: .testFraction)
            try container.encode(disjointStatements, forKey: .disjointStatements)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "holdout":
            self = .holdout(
                testFraction: try container.decode(Double.self, forKey: .testFraction),
                validationFraction: try container.decodeIfPresent(
                    Double.self, forKey: .validationFraction))
        case "kfold":
            self = .kfold(
                try container.decode(Int.self, forKey: .folds),
                assignment: try container.decodeIfPresent(
                    KFoldAssignment.self, forKey: .assignment) ?? .stratifiedSearch)
        case "loso":
            self = .loso
        case "logo":
            self = .logo(try container.decode(String.self, forKey: .groupColumn))
        case "utterance":
            self = .utterance(
                testFraction: try container.decode(Double.self, forKey: .testFraction),
                disjointStatements: try container.decodeIfPresent(
                    Bool.self, forKey: .disjointStatements) ?? false)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown split strategy \"\(kind)\""
            )
        }
    }
}
