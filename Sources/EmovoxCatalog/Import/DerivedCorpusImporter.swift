import Foundation

/// Imports files derived one-to-one from a catalogued corpus's samples (noisy copies, for one) as a
/// new corpus: each file carries its source sample's labels, and each speaker its source speaker's
/// code and facts, so splits by speaker and label mean the same on both.
struct DerivedCorpusImporter {
    let catalog: Catalog
    let jobs: Int

    /// Imports `files` (paths relative to `root`, each with its source sample) as corpus `name`.
    func importCopies(
        of source: Corpus, as name: String, root: String, files: [(path: String, source: Sample)], speakers: [Speaker],
        description: String
    ) throws -> ImportReport {
        var corpus = source
        corpus.id = nil
        corpus.name = name
        corpus.description = description
        let importer = CorpusImporter(catalog: catalog, jobs: jobs)
        let stored = try importer.upsertCorpus(corpus)
        let byId = Dictionary(uniqueKeysWithValues: speakers.compactMap { s in s.id.map { ($0, s) } })
        var facts: [String: SpeakerFacts] = [:]
        var candidates: [ImportCandidate] = []
        for file in files {
            guard let speaker = byId[file.source.speakerId] else {
                candidates.append(.init(path: file.path, outcome: .rejected("the source sample has no speaker")))
                continue
            }
            let sample = file.source
            var labels = SampleLabels(speaker: speaker.code)
            labels.emotionOriginal = sample.emotionOriginal
            labels.emotion = sample.emotion
            labels.intensity = sample.intensity
            labels.statement = sample.statement
            labels.transcript = sample.transcript
            labels.repetition = sample.repetition
            labels.language = sample.language
            labels.vocalChannel = sample.vocalChannel
            labels.gender = speaker.gender
            labels.age = speaker.age
            candidates.append(.init(path: file.path, outcome: .labelled(labels)))
            facts[speaker.code] = SpeakerFacts(
                gender: speaker.gender, age: speaker.age, accent: speaker.accent,
                nativeLanguage: speaker.nativeLanguage,
                language: sample.language)
        }
        var report = ImportReport(corpus: name, root: root)
        let speakerFacts = facts
        let ingest = SampleIngest(
            catalog: catalog, corpus: stored, root: root, speakerFacts: { speakerFacts[$0.speaker] ?? SpeakerFacts() },
            defaultLanguage: stored.languages?.split(separator: ",").first.map(String.init), jobs: jobs)
        try ingest.run(candidates, report: &report, progress: nil)
        return report
    }
}
