import ArgumentParser
import EmovoxBoost
import EmovoxCatalog
import Foundation

/// `emovox corrupt`: noisy copies of a corpus at given SNRs, for robustness benchmarks.
struct CorruptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corrupt",
        abstract: "Write noisy copies of a corpus (white, pink, babble or recorded noise at given SNRs).",
        discussion: """
            Each noise × SNR condition gets a folder OUT/<noise>_<snr>dB/ holding every sample as mono 16-bit \
            FLAC at its own rate and relative path (extension .flac), and corruption.csv saying what went into \
            each file. The SNR is the speech's ITU-T P.56 active level over the noise's mean square, so pauses \
            do not change it; a mix that would clip is scaled down as a whole (the SNR is kept). babble mixes \
            3–6 other speakers of the corpus, never the sample's own; a noise FILE is looped or cropped from a \
            seeded offset. The same --seed gives byte-identical files for any --jobs. --as-corpus imports the \
            copies with the source's labels and speakers: as NAME for one condition, else as \
            NAME-<noise>-<snr>db per condition. Exits 1 when some samples failed (each costs its own row).
            """)

    @Option(help: "The corpus to corrupt.") var corpus: String
    @Option(
        parsing: .upToNextOption,
        help: "Noises: white, pink, babble, or paths of noise recordings (several allowed).")
    var noise: [String]
    @Option(help: "Signal-to-noise ratios in dB, comma-separated (e.g. 0,5,10,20).") var snr: String
    @Option(help: "Seed of the noise generators.") var seed: UInt64
    @Option(help: "Output folder.") var out: String
    @Option(help: "Import the copies as a new corpus of this name (one per condition when there are several).")
    var asCorpus: String?
    @Option(help: "Parallel jobs.") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var options: CatalogOptions

    /// The SNRs of `--snr`.
    func snrValues() throws -> [Double] {
        let parts = snr.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return try parts.map { part in
            guard let value = Double(part), value.isFinite, (-50...100).contains(value) else {
                throw ValidationError("--snr: '\(part)' is not a signal-to-noise ratio in dB between -50 and 100")
            }
            return value
        }
    }

    func validate() throws {
        guard !noise.isEmpty else { throw ValidationError("--noise needs at least one noise") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        let values = try snrValues()
        guard Set(values).count == values.count else { throw ValidationError("--snr lists a value twice") }
        if let asCorpus, asCorpus.range(of: #"^[a-z0-9][a-z0-9._-]*$"#, options: .regularExpression) == nil {
            throw ValidationError("--as-corpus must be lower-case letters, digits, '.', '_' or '-'")
        }
    }

    func run() throws {
        let noises = noise.map(CorruptionNoise.init(argument:))
        for case .file(let path) in noises {
            // A device or FIFO would be read for ever; a missing file is said so.
            if let problem = RegularFile.problem(path) { throw CommandError("noise file \(path): \(problem)") }
        }
        let names = noises.map(\.name)
        guard Set(names).count == names.count else {
            throw CommandError("--noise: two noises share the name used for folders (\(names.joined(separator: ", ")))")
        }
        let conditions = try noises.flatMap { noise in
            try snrValues().map { CorruptionCondition(noise: noise, snrDB: $0) }
        }
        let catalog = asCorpus == nil ? try options.openCatalogForReading() : try options.openCatalog()
        if let asCorpus {
            for condition in conditions {
                let name = CorpusCorruptor.corpusName(asCorpus, for: condition, of: conditions)
                if name == corpus { throw CommandError("--as-corpus: '\(name)' is the corpus being corrupted") }
            }
        }
        guard try catalog.corpus(named: corpus) != nil else {
            throw UsageFailure.report("no corpus named '\(corpus)' in the catalog", json: options.json)
        }
        let bar = ProgressBar(label: "corrupt \(corpus)", unit: "samples")
        let report: CorruptionReport
        do {
            report = try CorpusCorruptor(catalog: catalog, seed: seed, jobs: jobs).corrupt(
                corpus: corpus, conditions: conditions, outputDirectory: out, importAs: asCorpus,
                progress: { bar.update(done: $0, total: $1) })
        } catch let error as CorruptionError {
            throw CommandError(error.description)
        }
        for failure in report.failures.prefix(50) {
            log.error("\(failure.path) (\(failure.condition)): \(failure.reason)")
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            for condition in report.conditions {
                print(
                    "\(condition.directory): \(condition.written) of \(report.samples) written"
                        + (condition.corpus.map { ", imported as \($0)" } ?? ""))
            }
            if !report.failures.isEmpty { print("\(report.failures.count) failed") }
        }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
