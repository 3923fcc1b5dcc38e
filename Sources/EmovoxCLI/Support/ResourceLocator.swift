import EmovoxBoost
import Foundation

/// Finds shipped manifests and pipeline specs by name, so `emovox import ravdess DIR` works without
/// a path. Search order: an existing path as given, `$EMOVOX_<KIND>` (colon-separated folders),
/// `./<Folder>`, then the folder of the source checkout this binary was built from.
enum ResourceLocator {
    enum Kind: String {
        case manifest = "Manifests"
        case pipeline = "Pipelines"

        var environmentVariable: String { self == .manifest ? "EMOVOX_MANIFESTS" : "EMOVOX_PIPELINES" }
    }

    /// The checkout root, derived from this file's compile-time path.
    static let sourceRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func folders(_ kind: Kind) -> [String] {
        let fromEnvironment =
            ProcessInfo.processInfo.environment[kind.environmentVariable]?
            .split(separator: ":").map(String.init) ?? []
        return fromEnvironment + [
            FileManager.default.currentDirectoryPath + "/" + kind.rawValue,
            sourceRoot.appendingPathComponent(kind.rawValue).path,
        ]
    }

    /// Resolves `nameOrPath` to a file, or explains where it looked.
    static func locate(_ nameOrPath: String, _ kind: Kind) throws -> String {
        if isFile(nameOrPath) {
            // A device or FIFO given as a manifest or spec would be read for ever.
            if let problem = RegularFile.problem(nameOrPath) {
                throw LocatorError(message: "\(nameOrPath): \(problem)")
            }
            return nameOrPath
        }
        for folder in folders(kind) {
            for candidate in [nameOrPath, nameOrPath + ".yaml", nameOrPath + ".yml"] {
                let path = folder + "/" + candidate
                if isFile(path) { return path }
            }
        }
        let searched = folders(kind).joined(separator: ", ")
        throw LocatorError(
            message: "no \(kind == .manifest ? "manifest" : "pipeline spec") '\(nameOrPath)' (looked in \(searched))")
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Names of the shipped files of a kind, for help and errors.
    static func available(_ kind: Kind) -> [String] {
        let names = folders(kind).flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
        return Set(names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }).sorted()
    }

    struct LocatorError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
