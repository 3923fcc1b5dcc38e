import EmovoxSplits
import Foundation
import Testing

/// Where the RAVDESS corpus lives relative to the package root, if it is there.
enum RavdessCorpus {
    static let directory: URL? = {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("../shared/corpora/ravdess").standardized
        return FileManager.default.fileExists(atPath: directory.path) ? directory : nil
    }()
}

/// Splits built from the real RAVDESS file names (no audio is read; the file name stands in for
/// the checksum). Skipped when the corpus is not next to the repository.
@Suite("RAVDESS file names", .enabled(if: RavdessCorpus.directory != nil))
struct RavdessCorpusTests {
    static let emotions = [
        "01": "neutral", "02": "calm", "03": "happy", "04": "sad", "05": "angry", "06": "fearful",
        "07": "disgust", "08": "surprised",
    ]

    /// Items from `Actor_XX/MM-VV-EE-II-SS-RR-AA.flac` names; odd actors are male.
    static func items() throws -> [SplitItem] {
        let directory = try #require(RavdessCorpus.directory)
        let paths =
            FileManager.default.enumerator(atPath: directory.path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".flac") }.sorted() ?? []
        return try paths.enumerated().map { index, path in
            let name = (path as NSString).lastPathComponent.replacingOccurrences(
                of: ".flac", with: "")
            let fields = name.split(separator: "-").map(String.init)
            try #require(fields.count == 7, "\(path)")
            let actor = try #require(Int(fields[6]))
            return SplitItem(
                sampleID: Int64(index + 1), checksum: name, speaker: "ravdess/\(fields[6])",
                label: try #require(emotions[fields[2]]),
                gender: actor % 2 == 1 ? "male" : "female",
                statement: fields[4], groups: ["corpus": "ravdess"])
        }
    }

    @Test(
        "Holdout 80/20 and 5-fold on the real corpus layout: disjoint speakers, mixes within 3 points"
    )
    func realLayout() throws {
        let items = try Self.items()
        #expect(items.count == 1440)
        for strategy in [SplitStrategy.holdout(testFraction: 0.2), .kfold(5)] {
            let result = try Splitter.split(
                items, configuration: SplitConfiguration(strategy: strategy, seed: 2026))
            SplitAssertions.expectNoSpeakerLeak(result, items)
            let allLabels = result.assignments.map(\.label)
            for report in result.balanceReports {
                let labels = result.assignments.filter {
                    report.side == .test
                        ? result.isTest($0, fold: report.fold)
                        : result.isTraining($0, fold: report.fold)
                }.map(\.label)
                #expect(SplitAssertions.maxShareDifference(labels, allLabels) <= 0.03)
                #expect(
                    abs(
                        report.labelDeviation
                            - SplitAssertions.maxShareDifference(labels, allLabels)) < 1e-12)
            }
        }
    }
}
