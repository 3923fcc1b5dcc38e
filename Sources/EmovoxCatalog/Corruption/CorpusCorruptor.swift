import EmovoxAudio
import EmovoxDSP
import Foundation
import GRDB

/// Writes noisy copies of a catalogued corpus: for every condition (noise × SNR) a folder
/// `<out>/<noise>_<snr>dB/` holding each sample as mono 16-bit FLAC at its own sample rate and
/// relative path (extension `.flac`), plus `corruption.csv` recording what was mixed into each file.
///
/// Every sample's noise comes from a generator seeded by the run's seed, the condition and the
/// sample's path, so the output is byte-identical for any number of jobs and any processing order.
public struct CorpusCorruptor: Sendable {
    public let catalog: Catalog
    public var jobs: Int
    public var seed: UInt64

    public init(catalog: Catalog, seed: UInt64, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.catalog = catalog
        self.seed = seed
        self.jobs = max(1, jobs)
    }

    /// One written file: what went into it (a row of `corruption.csv`).
    struct Written: Sendable {
        var path: String
        var source: Sample
        var noiseGain: Double
        var headroomGain: Double
        var speechLevelDB: Double
        var babble: [Sample]
    }

    private enum Outcome: Sendable {
        case written(Written)
        case failed(String)
    }

    /// Corrupts every sample of `corpusName` under each of `conditions` into `outputDirectory`; when
    /// `importAs` is given, each condition's folder is imported as a corpus (see `corpusName(_:for:)`).
    public func corrupt(
        corpus corpusName: String, conditions: [CorruptionCondition], outputDirectory: String, importAs: String?,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> CorruptionReport {
        guard let corpus = try catalog.corpus(named: corpusName), let corpusId = corpus.id else {
            throw CorruptionError("no corpus named '\(corpusName)' in the catalog")
        }
        let (samples, speakers) = try catalog.writer.read { db in
            (
                try Sample.filter(Column("corpusId") == corpusId).order(Column("path")).fetchAll(db),
                try Speaker.filter(Column("corpusId") == corpusId).fetchAll(db)
            )
        }
        guard !samples.isEmpty else { throw CorruptionError("corpus '\(corpusName)' has no samples") }
        let noiseClips = try Self.loadNoiseFiles(conditions)
        let babble = BabbleMaker(samples: samples)
        if conditions.contains(where: { $0.noise == .babble })
            && babble.speakerIds.count <= BabbleMaker.talkers.lowerBound
        {
            throw CorruptionError(
                "babble needs at least \(BabbleMaker.talkers.lowerBound + 1) speakers in '\(corpusName)'; it has \(babble.speakerIds.count)"
            )
        }
        let root = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        for condition in conditions {
            let folder = root + "/" + condition.folderName
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CorruptionError("cannot create \(folder): \(Self.reason(error))")
            }
            guard access(folder, W_OK) == 0 else {
                throw CorruptionError("cannot write to \(folder): \(String(cString: strerror(errno)))")
            }
        }

        let seed = self.seed
        let outcomes = parallelMapWithProgress(count: samples.count, progress: progress) { index in
            Self.corrupt(
                samples[index], conditions: conditions, root: root, seed: seed, noiseClips: noiseClips, babble: babble)
        }

        let speakerCodes = Dictionary(uniqueKeysWithValues: speakers.compactMap { s in s.id.map { ($0, s.code) } })
        var report = CorruptionReport(
            corpus: corpusName, seed: seed, samples: samples.count, conditions: [], failures: [])
        for (c, condition) in conditions.enumerated() {
            let folder = root + "/" + condition.folderName
            var written: [Written] = []
            for (sample, row) in zip(samples, outcomes) {
                switch row[c] {
                case .written(let w): written.append(w)
                case .failed(let reason):
                    report.failures.append(
                        .init(path: sample.absolutePath, condition: condition.folderName, reason: reason))
                }
            }
            try CorruptionLog.write(
                written, condition: condition, seed: seed, speakerCodes: speakerCodes, to: folder + "/corruption.csv")
            var outcome = CorruptionReport.ConditionOutcome(
                noise: condition.noise.name, snrDB: condition.snrDB, directory: folder, written: written.count)
            if let importAs {
                let name = Self.corpusName(importAs, for: condition, of: conditions)
                let imported = try DerivedCorpusImporter(catalog: catalog, jobs: jobs).importCopies(
                    of: corpus, as: name, root: folder, files: written.map { ($0.path, $0.source) }, speakers: speakers,
                    description:
                        "\(corpusName) with \(condition.noise.name) noise at \(CorruptionCondition.format(condition.snrDB)) dB SNR (emovox corrupt, seed \(seed))"
                )
                for failure in imported.failures {
                    report.failures.append(
                        .init(
                            path: folder + "/" + failure.path, condition: condition.folderName, reason: failure.reason))
                }
                outcome.corpus = name
            }
            report.conditions.append(outcome)
        }
        return report
    }

    /// The corpus a condition is imported as: `name` itself when there is one condition, else
    /// `name-<noise>-<snr>db` (e.g. `ravdess-noisy-white-5db`).
    public static func corpusName(_ name: String, for condition: CorruptionCondition, of all: [CorruptionCondition])
        -> String
    {
        all.count == 1 ? name : "\(name)-\(condition.noise.name)-\(CorruptionCondition.format(condition.snrDB))db"
    }

    private func parallelMapWithProgress<T: Sendable>(
        count: Int, progress: (@Sendable (Int, Int) -> Void)?, _ transform: @Sendable @escaping (Int) -> T
    ) -> [T] {
        // Batches keep the progress bar moving without a shared counter in the workers.
        var results: [T] = []
        results.reserveCapacity(count)
        let batch = max(jobs * 8, 32)
        for start in stride(from: 0, to: count, by: batch) {
            let end = min(count, start + batch)
            results += parallelMap(count: end - start, jobs: jobs) { transform(start + $0) }
            progress?(end, count)
        }
        return results
    }

    /// Decodes each noise recording once (mono, its own rate); an unreadable one stops the run.
    private static func loadNoiseFiles(_ conditions: [CorruptionCondition]) throws -> [String: AudioBuffer] {
        var clips: [String: AudioBuffer] = [:]
        for condition in conditions {
            guard case .file(let path) = condition.noise, clips[path] == nil else { continue }
            let buffer: AudioBuffer
            do {
                buffer = try AudioBuffer.decode(path: path).downmixed()
            } catch {
                throw CorruptionError(
                    "noise file \(path): \(error.kind.rawValue)\(error.detail.isEmpty ? "" : ": \(error.detail)")")
            }
            guard buffer.frameCount > 0, buffer.samples.contains(where: { $0 != 0 }) else {
                throw CorruptionError("noise file \(path): it is silent")
            }
            clips[path] = buffer
        }
        return clips
    }

    /// One sample under every condition: decoded once, one outcome per condition.
    private static func corrupt(
        _ sample: Sample, conditions: [CorruptionCondition], root: String, seed: UInt64,
        noiseClips: [String: AudioBuffer], babble: BabbleMaker
    ) -> [Outcome] {
        let speech: [Float]
        let rate: Int
        do {
            let buffer = try AudioBuffer.decode(path: sample.absolutePath).downmixed()
            speech = buffer.samples
            rate = buffer.sampleRate
        } catch {
            let reason = "\(error.kind.rawValue)\(error.detail.isEmpty ? "" : ": \(error.detail)")"
            return conditions.map { _ in .failed(reason) }
        }
        guard !speech.isEmpty else { return conditions.map { _ in .failed("the recording is empty") } }
        let relative = (sample.path as NSString).deletingPathExtension + ".flac"
        return conditions.map { condition in
            var random = SeededRandom(seed: SeededRandom.seed(seed, condition.folderName, sample.path))
            var babbleTalkers: [Sample] = []
            let noise: [Float]
            do {
                switch condition.noise {
                case .white: noise = NoiseGenerator.white(count: speech.count, random: &random)
                case .pink: noise = NoiseGenerator.pink(count: speech.count, random: &random)
                case .babble:
                    let made = try babble.make(
                        count: speech.count, sampleRate: rate, excluding: sample.speakerId, random: &random)
                    noise = made.noise
                    babbleTalkers = made.talkers.map(\.sample)
                case .file(let path):
                    let clip = noiseClips[path]!
                    var samples = clip.samples
                    if clip.sampleRate != rate {
                        samples = try Resampler(converter: .soxrHQ).resample(samples, from: clip.sampleRate, to: rate)
                    }
                    noise = NoiseGenerator.looped(
                        samples, count: speech.count, offset: random.next(below: samples.count))
                }
                let mix = try NoiseMixer.mix(speech: speech, noise: noise, snrDB: condition.snrDB, sampleRate: rate)
                let path = root + "/" + condition.folderName + "/" + relative
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AudioWriter.write(AudioBuffer(mono: mix.samples, sampleRate: rate), to: path, format: .flac)
                return .written(
                    Written(
                        path: relative, source: sample, noiseGain: mix.noiseGain, headroomGain: mix.headroomGain,
                        speechLevelDB: mix.speechLevel.levelDB, babble: babbleTalkers))
            } catch {
                return .failed(reason(error))
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let audio = error as? AudioError {
            return "\(audio.kind.rawValue)\(audio.detail.isEmpty ? "" : ": \(audio.detail)")"
        }
        if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return "\(error)"
    }
}
