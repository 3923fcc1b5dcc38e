import EmovoxSplits
import Testing

@Suite("Bad requests")
struct SplitErrorTests {
    static let ravdess = SyntheticCatalog.ravdessLike()

    static func split(
        _ strategy: SplitStrategy, items: [SplitItem] = ravdess, labelMap: LabelMap? = nil
    ) throws -> SplitResult {
        try Splitter.split(
            items,
            configuration: SplitConfiguration(strategy: strategy, seed: 1, labelMap: labelMap))
    }

    @Test("Empty selections")
    func empty() throws {
        #expect(throws: SplitError.emptySelection(droppedByLabelMap: 0)) {
            try Self.split(.holdout(testFraction: 0.2), items: [])
        }
        let map = try LabelMap(parsing: "joy=happy")
        #expect(throws: SplitError.emptySelection(droppedByLabelMap: 1440)) {
            try Self.split(.kfold(5), labelMap: map)
        }
    }

    @Test("Test fractions outside (0, 1)", arguments: [0.0, 1.0, -0.2, 1.5])
    func testFraction(fraction: Double) {
        #expect(throws: SplitError.invalidTestFraction(fraction)) {
            try Self.split(.holdout(testFraction: fraction))
        }
        #expect(throws: SplitError.invalidTestFraction(fraction)) {
            try Self.split(.utterance(testFraction: fraction))
        }
    }

    @Test("NaN test fraction")
    func nanFraction() {
        let error = #expect(throws: SplitError.self) {
            try Self.split(.holdout(testFraction: .nan))
        }
        guard case .invalidTestFraction(let value) = error, value.isNaN else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test(
        "Validation fractions that are out of range or leave no training data",
        arguments: [0.0, -0.1, 0.8, 1.0])
    func validationFraction(fraction: Double) {
        #expect(throws: SplitError.invalidValidationFraction(fraction, testFraction: 0.2)) {
            try Self.split(.holdout(testFraction: 0.2, validationFraction: fraction))
        }
    }

    @Test("Fold counts")
    func folds() {
        #expect(throws: SplitError.tooFewFolds(1)) { try Self.split(.kfold(1)) }
        #expect(throws: SplitError.moreFoldsThanSpeakers(folds: 25, speakers: 24)) {
            try Self.split(.kfold(25))
        }
        #expect(throws: SplitError.moreFoldsThanSpeakers(folds: 25, speakers: 24)) {
            try Self.split(.kfold(25, assignment: .roundRobin))
        }
    }

    @Test("Too few speakers for a speaker-disjoint split")
    func tooFewSpeakers() {
        let oneSpeaker = Self.ravdess.filter { $0.speaker == "ravdess/01" }
        let twoSpeakers = Self.ravdess.filter { ["ravdess/01", "ravdess/02"].contains($0.speaker) }
        #expect(throws: SplitError.tooFewSpeakers(required: 2, available: 1)) {
            try Self.split(.holdout(testFraction: 0.2), items: oneSpeaker)
        }
        #expect(throws: SplitError.tooFewSpeakers(required: 3, available: 2)) {
            try Self.split(.holdout(testFraction: 0.2, validationFraction: 0.1), items: twoSpeakers)
        }
        #expect(throws: SplitError.tooFewSpeakers(required: 2, available: 1)) {
            try Self.split(.loso, items: oneSpeaker)
        }
    }

    @Test("Group columns with one value or missing values")
    func groups() {
        #expect(throws: SplitError.tooFewGroups(column: "corpus", values: ["ravdess"])) {
            try Self.split(.logo("corpus"))
        }
        #expect(throws: SplitError.missingGroupValue(column: "accent", sampleID: 1)) {
            try Self.split(.logo("accent"))
        }
    }

    @Test("Utterance splits need two samples (and two statements) per speaker")
    func utterance() {
        var items = Self.ravdess
        items.append(
            SplitItem(
                sampleID: 99_999, checksum: "ff", speaker: "solo/1", label: "happy", gender: "male",
                statement: "kids"))
        #expect(throws: SplitError.speakerHasSingleSample(speaker: "solo/1")) {
            try Self.split(.utterance(testFraction: 0.2), items: items)
        }
        var oneStatement = Self.ravdess.filter {
            $0.speaker != "ravdess/05" || $0.statement == "kids"
        }
        #expect(throws: SplitError.speakerHasSingleStatement(speaker: "ravdess/05")) {
            try Self.split(
                .utterance(testFraction: 0.2, disjointStatements: true), items: oneStatement)
        }
        oneStatement[0].statement = nil
        #expect(throws: SplitError.missingStatement(sampleID: oneStatement[0].sampleID)) {
            try Self.split(
                .utterance(testFraction: 0.2, disjointStatements: true), items: oneStatement)
        }
    }

    @Test("Statement-disjoint split impossible for some speakers")
    func uncoverable() {
        var items: [SplitItem] = []
        var id: Int64 = 1
        func add(_ speaker: String, _ statement: String, _ count: Int) {
            for _ in 0..<count {
                items.append(
                    SplitItem(
                        sampleID: id, checksum: "\(id)", speaker: speaker, label: "neutral",
                        gender: "female", statement: statement))
                id += 1
            }
        }
        // p: {a, b}, q: {b, c}, r: {a, c}: any 2-colouring of {a, b, c} puts some pair on one side.
        add("p", "a", 3)
        add("p", "b", 3)
        add("q", "b", 3)
        add("q", "c", 3)
        add("r", "a", 3)
        add("r", "c", 3)
        let error = #expect(throws: SplitError.self) {
            try Self.split(.utterance(testFraction: 0.3, disjointStatements: true), items: items)
        }
        guard case .statementsCannotCoverSpeakers(let speakers) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(speakers.count == 1)
    }

    @Test("Duplicate sample IDs")
    func duplicates() {
        var items = Self.ravdess
        items.append(items[7])
        #expect(throws: SplitError.duplicateSampleID(items[7].sampleID)) {
            try Self.split(.loso, items: items)
        }
    }

    @Test("Messages name the problem")
    func messages() {
        #expect(
            SplitError.moreFoldsThanSpeakers(folds: 5, speakers: 3).description.contains(
                "3 speakers"))
        #expect(SplitError.invalidTestFraction(1.5).description.contains("1.5"))
    }
}
