/// One problem found by ``SplitValidator``.
public struct SplitViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// An assignment refers to a sample that is not among the items.
        case unknownSample
        /// A sample is assigned more than once.
        case duplicateSample
        /// A speaker is on more than one side (holdout) or in more than one test fold (k-fold,
        /// LOSO, LOGO), i.e. it is both trained and tested on.
        case speakerLeak
        /// A statement is on more than one side / in more than one test fold.
        case statementLeak
        /// Byte-identical copies of one recording are on more than one side / in more than one
        /// test fold.
        case duplicateLeak
    }

    public var kind: Kind
    /// The speaker, statement, sample ID or checksum concerned.
    public var subject: String
    /// Where it was found, e.g. `"train, test"` or `"folds 0, 3"`.
    public var detail: String

    public init(kind: Kind, subject: String, detail: String) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .unknownSample: "assignment for unknown sample \(subject)"
        case .duplicateSample: "sample \(subject) is assigned more than once"
        case .speakerLeak: "speaker \"\(subject)\" appears in \(detail)"
        case .statementLeak: "statement \"\(subject)\" appears in \(detail)"
        case .duplicateLeak: "copies of recording \(subject.prefix(12)) appear in \(detail)"
        }
    }
}
