import EmovoxPipeline
import Foundation

/// A pipeline spec (read from disk or built in) together with its text, which every run records so the spec can
/// be reconstructed later (for `cache gc`) even if the file changes or disappears.
struct LoadedSpec {
    var spec: PipelineSpec
    var text: String
    /// The file the spec was read from, or `(built-in) Pipelines/NAME.yaml`.
    var path: String

    /// Wraps a spec already read; `text` is what runs record (it must parse back to `spec`).
    init(spec: PipelineSpec, text: String, path: String) {
        self.spec = spec
        self.text = text
        self.path = path
    }

    /// Locates `nameOrPath` (a name from `Pipelines/` or a path) and parses it.
    /// - Throws: `ResourceLocator.LocatorError` when no such spec exists, `PipelineSpecError`
    ///   (with file and line) when it is malformed.
    static func load(_ nameOrPath: String) throws -> LoadedSpec {
        let resource = try ResourceLocator.load(nameOrPath, .pipeline)
        let defaultName = URL(fileURLWithPath: resource.name).deletingPathExtension().lastPathComponent
        let spec = try PipelineSpec.parse(yaml: resource.text, file: resource.name, defaultName: defaultName)
        return LoadedSpec(spec: spec, text: resource.text, path: resource.name)
    }
}

/// How runs, exports and cache collection name a spec's version.
enum SpecIdentity {
    /// The source checksum the spec hash is computed for: no real file has it.
    static let placeholderChecksum = String(repeating: "0", count: 64)

    /// The last step key of a placeholder sample: it chains every step's canonical parameters and
    /// implementation version (and each feature set's version), so two runs share a hash exactly
    /// when they compute the same thing.
    static func hash(of runner: PipelineRunner) -> String {
        runner.stepKeys(checksum: placeholderChecksum).last?.hex ?? placeholderChecksum
    }

    /// The hash of `spec` without a run: prepares it against a scratch cache that is never written.
    static func hash(of spec: PipelineSpec) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("emovox-spec-identity").path
        let runner = try PipelineRunner(
            spec: spec, cache: try PipelineCache(directory: scratch), featureSets: FeatureSetResolution.resolver)
        return hash(of: runner)
    }
}

/// Where the step cache lives when `--cache` is not given: `emovox-cache` beside the catalog.
enum CacheLocation {
    static func defaultDirectory(database: String) -> String {
        let folder = (database as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "." : folder) + "/emovox-cache"
    }
}
