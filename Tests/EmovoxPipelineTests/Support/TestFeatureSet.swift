import EmovoxDSP
import EmovoxFeatures
import EmovoxPipeline
import Foundation

/// A tiny feature set for tests: RMS level (dBFS) and duration (s).
struct LevelAndDurationFeatureSet: FeatureSet {
    var name: String { "level" }
    var version: Int { 1 }
    var featureNames: [String] { ["rms_dbfs", "duration_s"] }
    var canonicalParameters: String { "" }

    func extract(_ signal: [Float], sampleRate: Int, context: AnalysisContext) -> [Double] {
        extract(signal, sampleRate: sampleRate)
    }

    func extract(_ signal: [Float], sampleRate: Int) -> [Double] {
        guard !signal.isEmpty else { return [.nan, 0] }
        let meanSquare = signal.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(signal.count)
        return [10 * log10(meanSquare), Double(signal.count) / Double(sampleRate)]
    }
}

/// Resolves only the test set; anything else is an unknown feature set.
let testFeatureSets: FeatureSetResolver = { name, parameters in
    guard name == "level" else { throw FeatureSetError("unknown feature set '\(name)'") }
    guard parameters.isEmpty else { throw FeatureSetError("'level' takes no parameters") }
    return LevelAndDurationFeatureSet()
}
