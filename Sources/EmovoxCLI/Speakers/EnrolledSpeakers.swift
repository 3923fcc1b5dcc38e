import EmovoxCatalog
import EmovoxSpeakers

/// The people enrolled with one extractor, each with their embeddings, by name.
struct EnrolledSpeakers {
    var names: [String]
    var embeddings: [String: [[Double]]]

    init(catalog: Catalog, extractor: SpeakerAudio.LoadedExtractor, path: String) throws {
        var embeddings: [String: [[Double]]] = [:]
        for row in try catalog.enrollments(extractor: extractor.fingerprint) {
            embeddings[row.name, default: []].append(row.vector)
        }
        guard !embeddings.isEmpty else {
            let others = try catalog.enrolledSpeakers()
            throw CommandError(
                others.isEmpty
                    ? "nobody is enrolled; run `emovox speakers enroll NAME FILE… --extractor \(path)` first"
                    : "nobody is enrolled with \(path) (embeddings of one extractor cannot be compared with another's); "
                        + "enroll again with it")
        }
        self.embeddings = embeddings
        names = embeddings.keys.sorted()
    }

    /// Every enrolled person's score for `test`, best first (ties by name).
    func ranked(_ test: [Double], extractor: SpeakerExtractor, scoring: SpeakerScoring) -> [(
        name: String, score: Double
    )] {
        names.map { ($0, extractor.score(enrollment: embeddings[$0]!, test: test, scoring: scoring)) }
            .sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    }
}
