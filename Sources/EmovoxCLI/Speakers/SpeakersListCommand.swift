import ArgumentParser
import EmovoxCatalog

/// `emovox speakers list`: the enrolled people.
struct SpeakersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The enrolled people, their recordings and extractors.")
    @OptionGroup var options: CatalogOptions

    func run() throws {
        let speakers = try options.openCatalogForReading().enrolledSpeakers()
        if options.json {
            try JSONOutput.print(speakers)
            return
        }
        var table = TextTable(["name", "recordings", "extractors"])
        for s in speakers { table.add([s.name, String(s.recordings), s.extractors.joined(separator: ", ")]) }
        print(table.render())
        print(Plural.count(speakers.count, "enrolled speaker", "enrolled speakers"))
    }
}
