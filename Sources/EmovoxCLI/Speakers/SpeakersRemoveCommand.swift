import ArgumentParser
import EmovoxCatalog

/// `emovox speakers remove NAME`: forgets an enrolled person.
struct SpeakersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Delete every enrollment of a person.")
    @Argument(help: "The person's name.") var name: String
    @OptionGroup var options: CatalogOptions

    struct Report: Encodable {
        var name: String
        var removed: Int
    }

    func run() throws {
        let catalog = try options.openCatalog()
        let removed = try catalog.removeEnrolledSpeaker(named: name)
        guard removed > 0 else {
            let known = try catalog.enrolledSpeakers().map(\.name)
            throw UsageFailure.report(
                "no enrolled speaker named '\(name)' ("
                    + (known.isEmpty ? "nobody is enrolled" : "enrolled: " + known.joined(separator: ", ")) + ")",
                json: options.json)
        }
        if options.json {
            try JSONOutput.print(Report(name: name, removed: removed))
        } else {
            print("removed \(name) (\(removed) recording(s))")
        }
    }
}
