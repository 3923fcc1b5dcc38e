import EmovoxCatalog
import Foundation

/// Resolves what a user wrote for `--spec` to the hash of a recorded spec.
enum SpecReference {
    /// - Parameter reference: a recorded spec hash or a prefix of at least 6 hex digits, or a spec
    ///   name/path whose current content some run recorded.
    static func resolve(_ reference: String, catalog: Catalog) throws -> String {
        let recorded = try catalog.runSpecs().map(\.hash)
        let lower = reference.lowercased()
        if lower.count >= 6, lower.allSatisfy(\.isHexDigit) {
            let matches = recorded.filter { $0.hasPrefix(lower) }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                throw CommandError("--spec \(reference): matches \(matches.count) recorded specs; give more digits")
            }
        }
        let loaded: LoadedSpec
        do {
            loaded = try LoadedSpec.load(reference)
        } catch let error as ResourceLocator.LocatorError {
            throw CommandError("--spec \(reference): \(error.message), and no recorded run's spec hash starts with it")
        }
        let hash = try SpecIdentity.hash(of: loaded.spec)
        guard recorded.contains(hash) else {
            throw CommandError(
                "--spec \(reference): no run recorded this spec as it is now (hash \(hash.prefix(12))); "
                    + "run `emovox run \(reference)` first")
        }
        return hash
    }
}
