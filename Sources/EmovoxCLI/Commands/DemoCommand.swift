import ArgumentParser
import EmovoxCatalog
import Foundation

/// `emovox demo`: the whole job on a fresh machine, on a corpus it synthesizes itself.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a small multilingual synthetic corpus (espeak-ng), import it and report its balance.")

    @Option(help: "Folder for the generated corpus.")
    var out = "emovox-demo"

    @Option(help: "Number of synthetic actors (1-\(DemoVoice.all.count)).")
    var actors = DemoVoice.all.count

    @Option(help: "Parallel jobs.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var options: CatalogOptions

    func validate() throws {
        guard (1...DemoVoice.all.count).contains(actors) else {
            throw ValidationError("--actors must be between 1 and \(DemoVoice.all.count)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    struct Summary: Encodable {
        var generated: Int
        var corpus: String
        var `import`: ImportReport
        var balance: BalanceReport
    }

    func run() throws {
        let generator = DemoCorpusGenerator(directory: out, actors: actors, jobs: jobs)
        let bar = ProgressBar(label: "synthesize")
        let generated = try generator.generate { bar.update(done: $0, total: $1) }
        if !options.json { print("demo corpus: \(generated) clips generated in \(out)/") }

        let manifestPath = try ResourceLocator.locate("emovox-demo", .manifest)
        let manifest = try CorpusManifest.load(path: manifestPath)
        let catalog = try options.openCatalog()
        let importBar = ProgressBar(label: "import")
        let report = try CorpusImporter(catalog: catalog, jobs: jobs).importCorpus(
            manifest, manifestFile: manifestPath, directory: out, progress: { importBar.update(done: $0, total: $1) })
        let balance = try catalog.balance(
            filter: SampleFilter.all.and(.corpus, equals: manifest.name), by: [.gender, .language, .accent])
        if options.json {
            try JSONOutput.print(Summary(generated: generated, corpus: out, import: report, balance: balance))
        } else {
            print(
                "catalog \(options.db): \(report.imported) imported, \(report.unchanged) unchanged, \(report.failed) failed"
            )
            print("")
            print(BalanceRendering.table(balance))
        }
        if report.failed > 0 { throw ExitCode(1) }
    }
}
