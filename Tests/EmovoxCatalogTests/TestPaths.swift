import Foundation

/// Paths of the repository and of the shared corpora, found from this file's location.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func manifest(_ name: String) -> String {
        packageRoot.appendingPathComponent("Manifests/\(name).yaml").path
    }
    static let sharedCorpora = packageRoot.appendingPathComponent("../shared/corpora").standardizedFileURL
    static let ravdess = sharedCorpora.appendingPathComponent("ravdess").path
    static var hasRAVDESS: Bool { FileManager.default.fileExists(atPath: ravdess + "/Actor_01") }
    static let cremaD = sharedCorpora.appendingPathComponent("crema-d").path
    static var hasCremaDMetadata: Bool { FileManager.default.fileExists(atPath: cremaD + "/VideoDemographics.csv") }
}
