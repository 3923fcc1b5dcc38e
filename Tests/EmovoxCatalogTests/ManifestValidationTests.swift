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
    ])
    func rejectsWithLineAndProblem(yaml: String, line: Int, message: String) {
        let found = error(yaml)
        #expect(found != nil)
        #expect(found?.line == line, "\(String(describing: found))")
        #expect(found?.message.contains(message) == true, "\(String(describing: found))")
        #expect(found?.description.hasPrefix("toy.yaml:\(line): ") == true)
    }
}
