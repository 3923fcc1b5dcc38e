import ArgumentParser
import EmovoxAudio
import EmovoxBoost
import EmovoxSpeakers
import Foundation

extension SpeakerScoring: ExpressibleByArgument {}

/// Reading the files the speaker commands are given: extractors and recordings.
enum SpeakerAudio {
    /// A loaded extractor and the fingerprint that ties enrollments to it.
    struct LoadedExtractor: Sendable {
        var model: SpeakerExtractor
        var fingerprint: String
    }

    /// Loads `path`, or fails naming the file and the reason (missing, not a file, not an extractor,
    /// corrupt).
    static func loadExtractor(_ path: String) throws -> LoadedExtractor {
        if let problem = RegularFile.problem(path) { throw CommandError("\(path): \(problem)") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandError("\(path): cannot read: \(error.localizedDescription)")
        }
        do {
            return LoadedExtractor(
                model: try SpeakerExtractorFile.decode(data), fingerprint: SpeakerExtractorFile.checksum(data))
        } catch {
            throw CommandError("\(path): \(error)")
        }
    }

    /// The recording at `path` as mono samples at `rate`.
    static func samples(_ path: String, rate: Int) throws -> [Float] {
        if let problem = RegularFile.problem(path) { throw CommandError("\(path): \(problem)") }
        do {
            let decoder = MonoDecoder(resampling: .init(rate: rate, converter: .soxrHQ))
            return try decoder.decode(path: path).samples
        } catch {
            throw CommandError("\(error)")
        }
    }

    /// The back-end embedding of `path`, or the reason there is none.
    static func embedding(_ path: String, extractor: SpeakerExtractor) -> Result<[Double], CommandError> {
        do {
            let audio = try samples(path, rate: extractor.features.sampleRate)
            guard let embedding = extractor.embedding(audio) else {
                return .failure(CommandError("\(path): too short for a single analysis frame"))
            }
            return .success(embedding)
        } catch let error as CommandError {
            return .failure(error)
        } catch {
            return .failure(CommandError("\(path): \(error)"))
        }
    }

    /// Embeddings of several files on up to `jobs` threads, in file order.
    static func embeddings(_ paths: [String], extractor: SpeakerExtractor, jobs: Int) -> [Result<
        [Double], CommandError
    >] {
        ChunkedParallel.map(count: paths.count, jobs: jobs) { embedding(paths[$0], extractor: extractor) }
    }
}
