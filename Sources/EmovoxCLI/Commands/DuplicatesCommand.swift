import ArgumentParser
import EmovoxCatalog
import Foundation

/// `emovox duplicates`: byte-identical files in the catalog.
struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List groups of byte-identical files (same SHA-256) among the selected samples.",
        discussion: """
            Copies of one recording under two speakers leak across a speaker-independent split; \
            `split create` refuses such a split unless --duplicates drop or keep says what to do.
            """)

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: CatalogOptions

    struct Report: Encodable {
        var groups: [DuplicateGroup]
        var files: Int
        var crossSpeakerGroups: Int
        var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case groups, files
            case crossSpeakerGroups = "cross_speaker_groups"
            case warnings
        }
    }

    func run() throws {
        let catalog = try options.openCatalogForReading()
        let check = try SelectionCheck.run(selection, catalog: catalog, json: options.json)
        let groups = try catalog.duplicateGroups(filter: try selection.filter())
        let report = Report(
            groups: groups, files: groups.reduce(0) { $0 + $1.members.count },
            crossSpeakerGroups: groups.filter(\.crossesSpeakers).count, warnings: check.warnings)
        if options.json {
            try JSONOutput.print(report)
            return
        }
        print(
            "\(groups.count) group(s) of byte-identical files (\(report.files) files), "
                + "\(report.crossSpeakerGroups) shared by different speakers")
        for group in groups {
            print("")
            print("\(group.checksum)\(group.crossesSpeakers ? "  (different speakers)" : "")")
            for member in group.members { print("  \(member.path)  \(member.speaker)  sample \(member.sampleId)") }
        }
    }
}
