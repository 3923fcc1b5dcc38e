import EmovoxTestSupport
import Foundation
import Testing

@testable import EmovoxSpeakers

/// The whole recipe on espeak-ng voices: an extractor trained on four voices identifies four other
/// voices, enrolled on two sentences, from sentences they never enrolled with.
@Suite(.enabled(if: SpokenClips.hasEspeak, "espeak-ng is not installed"))
struct SyntheticSpeakerTests {
    static func trainer(jobs: Int) -> SpeakerExtractorTrainer {
        var trainer = SpeakerExtractorTrainer()
        trainer.components = 16
        trainer.ubmIterations = 4
        trainer.rank = 12
        trainer.embeddingDimension = 10
        trainer.totalVariabilityIterations = 3
        trainer.jobs = jobs
        return trainer
    }

    static let provenance = ExtractorProvenance(
        toolVersion: "test", selection: "espeak", utterances: 0, speakers: 4, frames: 0, ubmFrames: 0, seed: 1,
        ubmIterations: 4, totalVariabilityIterations: 3, dataHash: "")

    @Test func unseenVoicesAreIdentifiedPerfectlyAndTrainingIsDeterministic() throws {
        let dir = try TemporaryDirectory()
        let features = SpeakerFrameFeatures()
        var training: [LabelledFrames] = []
        for voice in 0..<4 {
            for sentence in SpokenClips.sentences {
                let samples = try SpokenClips.samples(voice: voice, text: sentence, in: dir.url)
                training.append(LabelledFrames(speaker: "v\(voice)", frames: features.frames(samples)))
            }
        }
        let model = try Self.trainer(jobs: 1).train(training, provenance: Self.provenance)
        let bytes = try SpeakerExtractorFile.encode(model)
        let parallel = try SpeakerExtractorFile.encode(
            Self.trainer(jobs: 2).train(training, provenance: Self.provenance))
        #expect(bytes == parallel, "jobs 1 and 2 gave different extractors")
        let loaded = try SpeakerExtractorFile.decode(bytes)
        #expect(try SpeakerExtractorFile.encode(loaded) == bytes)

        var enrolled: [Int: [[Double]]] = [:]
        for voice in 4..<8 {
            for sentence in SpokenClips.sentences.prefix(2) {
                let samples = try SpokenClips.samples(voice: voice, text: sentence, in: dir.url)
                enrolled[voice, default: []].append(try #require(loaded.embedding(samples)))
            }
        }
        for scoring in SpeakerScoring.allCases {
            for voice in 4..<8 {
                for sentence in SpokenClips.sentences.suffix(3) {
                    let samples = try SpokenClips.samples(voice: voice, text: sentence, in: dir.url)
                    let test = try #require(loaded.embedding(samples))
                    let best = enrolled.keys.sorted().max {
                        loaded.score(enrollment: enrolled[$0]!, test: test, scoring: scoring)
                            < loaded.score(enrollment: enrolled[$1]!, test: test, scoring: scoring)
                    }
                    #expect(best == voice, "\(scoring): voice \(voice) saying '\(sentence)' taken for \(best ?? -1)")
                }
            }
        }
    }

    @Test func corruptOrForeignFilesAreRefused() throws {
        #expect(throws: ExtractorFileError.self) { try SpeakerExtractorFile.decode(Data("RIFF....WAVE".utf8)) }
        let dir = try TemporaryDirectory()
        let samples = try SpokenClips.samples(voice: 0, text: SpokenClips.sentences[0], in: dir.url)
        let frames = SpeakerFrameFeatures().frames(samples)
        let utterances = (0..<4).map { i in
            LabelledFrames(
                speaker: "s\(i % 2)", frames: frames.selectingRows(Array(stride(from: i, to: frames.rows, by: 4))))
        }
        var trainer = Self.trainer(jobs: 1)
        trainer.components = 4
        trainer.rank = 3
        trainer.embeddingDimension = 2
        var bytes = try SpeakerExtractorFile.encode(trainer.train(utterances, provenance: Self.provenance))
        bytes[bytes.count - 3] ^= 0x40
        #expect(throws: ExtractorFileError.self) { try SpeakerExtractorFile.decode(bytes) }
        #expect(throws: ExtractorFileError.self) { try SpeakerExtractorFile.decode(bytes.prefix(bytes.count - 8)) }
    }
}
