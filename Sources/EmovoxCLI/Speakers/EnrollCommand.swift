import ArgumentParser
import EmovoxCatalog
import EmovoxSpeakers
import Foundation

/// `emovox speakers enroll NAME FILE…`: stores a person's embeddings in the catalog.
struct EnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enroll a person: store the speaker embeddings of their recordings in the catalog.",
        discussion: """
            A recording already enrolled under the name with the same extractor is replaced, not \
            added twice. A recording that cannot be read is reported and left out (exit status 1).
            """)

    @Argument(help: "The person's name.") var name: String
    @Argument(help: "Recordings of that person.") var files: [String] = []
    @OptionGroup var extractor: ExtractorOptions
    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one recording") }
        try Self.validate(name: name)
    }

    /// Names are what `identify` prints, so they must be printable and not the word for no match.
    static func validate(name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed == name else {
            throw ValidationError("the name must be non-empty, without leading or trailing spaces")
        }
        guard name != IdentifyCommand.unknown else {
            throw ValidationError(
                "'\(IdentifyCommand.unknown)' is what identify answers for no match; choose another name")
        }
    }

    struct Report: Encodable {
        var name: String
        var enrolled: Int
        var added: Int
        var failed: [String]
    }

    func run() throws {
        let loaded = try SpeakerAudio.loadExtractor(extractor.extractor)
        let catalog = try options.openCatalog()
        let embeddings = SpeakerAudio.embeddings(files, extractor: loaded.model, jobs: extractor.jobs)
        var rows: [SpeakerEnrollment] = []
        var failed: [String] = []
        for (file, result) in zip(files, embeddings) {
            switch result {
            case .success(let vector):
                do {
                    let checksum = try FileChecksum.sha256(path: file).hex
                    rows.append(
                        SpeakerEnrollment(
                            name: name, extractor: loaded.fingerprint,
                            sourcePath: URL(fileURLWithPath: file).standardizedFileURL.path,
                            sourceChecksum: checksum, vector: vector, enrolledAt: Date()))
                } catch {
                    failed.append("\(error)")
                }
            case .failure(let error): failed.append(error.description)
            }
        }
        for message in failed { log.error("\(message)") }
        guard !rows.isEmpty else { throw CommandError("no recording could be enrolled; nothing stored") }
        let added = try catalog.enroll(rows)
        if options.json {
            try JSONOutput.print(Report(name: name, enrolled: rows.count, added: added, failed: failed))
        } else {
            print("enrolled \(name): \(rows.count) recording(s) (\(added) new)")
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
