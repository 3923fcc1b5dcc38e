import EmovoxBoost
import Foundation

/// Finds manifests and pipeline specs by name, so `emovox import ravdess DIR` works without a path,
/// also for a binary copied or installed far from any checkout.
///
/// Precedence, first match wins:
/// 1. an existing file path as given;
/// 2. `NAME`, `NAME.yaml` or `NAME.yml` in each folder of `$EMOVOX_MANIFESTS` / `$EMOVOX_PIPELINES`
///    (colon-separated, in order);
/// 3. the same in `./Manifests` / `./Pipelines` of the working directory;
/// 4. the copies of the shipped `Manifests/` and `Pipelines/` compiled into the binary
///    (``EmbeddedResources``).
///
/// A file in a folder therefore overrides a shipped one of the same name.
enum ResourceLocator {
    enum Kind: String {
        case manifest = "Manifests"
        case pipeline = "Pipelines"

        var environmentVariable: String { self == .manifest ? "EMOVOX_MANIFESTS" : "EMOVOX_PIPELINES" }

        /// The shipped files of this kind, by name.
        var embedded: [String: String] {
            self == .manifest ? EmbeddedResources.manifests : EmbeddedResources.pipelines
        }

        /// How a shipped file is named in messages and in error locations (`file:line`).
        func embeddedName(_ name: String) -> String { "(built-in) \(rawValue)/\(name).yaml" }
    }

    /// A located manifest or spec: its text and the name errors should give for it (its path, or
    /// `(built-in) Manifests/ravdess.yaml`).
    struct Resource {
        var name: String
        var text: String
        /// The file it was read from; nil for a built-in copy.
        var path: String?
    }

    static func folders(_ kind: Kind) -> [String] {
        let fromEnvironment =
            ProcessInfo.processInfo.environment[kind.environmentVariable]?
            .split(separator: ":").map(String.init) ?? []
        return fromEnvironment + [FileManager.default.currentDirectoryPath + "/" + kind.rawValue]
    }

    /// Resolves `nameOrPath` to a file or a built-in copy and reads it, or explains where it looked.
    static func load(_ nameOrPath: String, _ kind: Kind) throws -> Resource {
        if let path = try locateFile(nameOrPath, kind) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LocatorError(message: "\(path): cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw LocatorError(message: "\(path): not UTF-8 text")
            }
            return Resource(name: path, text: text, path: path)
        }
        let name = nameOrPath.hasSuffix(".yaml") ? String(nameOrPath.dropLast(5)) : nameOrPath
        if let text = kind.embedded[name] {
            return Resource(name: kind.embeddedName(name), text: text, path: nil)
        }
        let searched =
            (folders(kind) + ["the built-in \(kind.rawValue) (\(kind.embedded.keys.sorted().joined(separator: ", ")))"])
            .joined(separator: ", ")
        throw LocatorError(
            message: "no \(kind == .manifest ? "manifest" : "pipeline spec") '\(nameOrPath)' (looked in \(searched))")
    }

    /// The file `nameOrPath` names, as given or in one of the search folders; nil when only a
    /// built-in copy (or nothing) has that name.
    private static func locateFile(_ nameOrPath: String, _ kind: Kind) throws -> String? {
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
                if isFile(path) {
                    if let problem = RegularFile.problem(path) { throw LocatorError(message: "\(path): \(problem)") }
                    return path
                }
            }
        }
        return nil
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Names of the manifests or specs of a kind that `load` finds by name: the folders' and the
    /// built-in ones.
    static func available(_ kind: Kind) -> [String] {
        let names = folders(kind).flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
        let inFolders = names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        return Set(inFolders + kind.embedded.keys).sorted()
    }

    struct LocatorError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
