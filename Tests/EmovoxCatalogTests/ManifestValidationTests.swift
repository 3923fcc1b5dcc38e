import EmovoxCatalog
import Testing

/// A malformed manifest is rejected with its line and the problem.
@Suite struct ManifestValidationTests {
    static let valid = """
        name: toy
        license: CC0
        files:
          include: ["*.wav"]
        labels:
          - from: stem
            pattern: '(?<speaker>\\d+)_(?<emotion>[a-z]+)'
        codes:
          emotion: {ang: angry, hap: happy}
        """

    func error(_ yaml: String) -> ManifestError? {
        do {
            _ = try CorpusManifest.parse(yaml, file: "toy.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsAValidManifestAndLabelsNames() throws {
        let manifest = try CorpusManifest.parse(Self.valid, file: "toy.yaml")
        guard case .labelled(let labels) = manifest.labels(forRelativePath: "x/12_ang.wav") else {
            Issue.record("not labelled")
            return
        }
        #expect(labels.speaker == "12")
        #expect(labels.emotion == .angry)
        #expect(
            manifest.labels(forRelativePath: "12_sad.wav")
                == .rejected("emotion code 'sad' is not in the manifest's code table"))
    }

    @Test(arguments: [
        ("name: toy\nfiles: {include: ['*.wav']}\nlabels: []\nlicence: x\n", 3, "'labels' must be a non-empty list"),
        (valid + "\nlicence: typo\n", 10, "unknown key 'licence'"),
        (valid.replacingOccurrences(of: "angry", with: "furious"), 9, "'furious' is not a canonical emotion"),
        (valid.replacingOccurrences(of: "(?<speaker>\\d+)", with: "(?<speaker>\\d+"), 7, "invalid regular expression"),
        (valid.replacingOccurrences(of: "from: stem", with: "from: basename"), 6, "'from' must be one of"),
        (valid.replacingOccurrences(of: "speaker", with: "talker"), 6, "no label rule yields a 'speaker' field"),
        ("name: toy\nfiles: [\n", 3, "invalid YAML"),
        (valid.replacingOccurrences(of: "name: toy", with: "name: Toy Corpus"), 1, "must be lower-case"),
        (
            valid.replacingOccurrences(of: "(?<speaker>\\d+)", with: "(?<speaker>(a+)+)"), 7,
            "nests quantifiers in '(a+)+'"
        ),
    ])
    func rejectsWithLineAndProblem(yaml: String, line: Int, message: String) {
        let found = error(yaml)
        #expect(found != nil)
        #expect(found?.line == line, "\(String(describing: found))")
        #expect(found?.message.contains(message) == true, "\(String(describing: found))")
        #expect(found?.description.hasPrefix("toy.yaml:\(line): ") == true)
    }

    /// Nested repetition can take exponential time on a name that almost matches; bounded or
    /// optional nesting cannot, and neither can quantifiers inside character classes.
    @Test(arguments: [
        (#"(?<speaker>(a+)+)$"#, "(a+)+"),
        (#"(?<speaker>(\w*)*)x"#, #"(\w*)*"#),
        (#"(?<speaker>(?:a{2,})+)"#, "(?:a{2,})+"),
        (#"(?<speaker>([a-z]+_?){2,9})"#, "([a-z]+_?){2,9}"),
        (#"(?<speaker>(?:x(a|b+))*)"#, "(?:x(a|b+))*"),
        (#"(?<speaker>(a+?)+?)"#, "(a+?)+?"),
    ])
    func rejectsNestedQuantifiers(pattern: String, nested: String) {
        let yaml = Self.valid.replacingOccurrences(of: #"(?<speaker>\d+)_(?<emotion>[a-z]+)"#, with: pattern)
        let found = error(yaml)
        #expect(found?.line == 7, "\(String(describing: found))")
        #expect(found?.message.contains("nests quantifiers in '\(nested)'") == true, "\(String(describing: found))")
    }

    @Test(arguments: [
        #"(?:.*/)?(?<speaker>\d+)_(?<emotion>[a-z]+)"#,
        #"(?<speaker>(\d{2})+)_(?<emotion>[a-z]+)"#,
        #"(?<speaker>[(+*]+)_(?<emotion>[a-z]+)"#,
        #"(?<speaker>\(+\)*)_(?<emotion>(?:[a-z]){1,3}+)"#,
        #"(?<speaker>(a|b){3})_(?<emotion>[a-z]+)"#,
    ])
    func acceptsBoundedRepetition(pattern: String) {
        let yaml = Self.valid.replacingOccurrences(of: #"(?<speaker>\d+)_(?<emotion>[a-z]+)"#, with: pattern)
        #expect(error(yaml) == nil, "\(String(describing: error(yaml)))")
    }
}
