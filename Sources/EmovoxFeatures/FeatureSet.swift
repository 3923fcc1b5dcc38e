import EmovoxDSP

/// A named, versioned set of per-sample features with stable names.
///
/// Extraction maps one mono signal to one value per name. A value that cannot be measured (no voiced
/// frame for a pitch statistic, a clip shorter than one analysis frame) is `Double.nan`, never a
/// silent zero; exports write it as an explicit missing value.
public protocol FeatureSet: Sendable {
    /// Stable identifier used in pipeline specs and exports (`prosody`, `gemaps`, `mfcc`, …).
    var name: String { get }
    /// Bumped whenever an algorithm change alters any value, so cached results are recomputed.
    var version: Int { get }
    /// Column names, in the order `extract` returns values.
    var featureNames: [String] { get }
    /// Canonical description of the parameters, part of the cache key.
    var canonicalParameters: String { get }
    /// Computes the features of a mono signal sampled at `sampleRate` Hz.
    func extract(_ signal: [Float], sampleRate: Int) -> [Double]
    /// Computes the features reusing the FFT plans and scratch buffers of a per-worker `context`.
    /// Results are identical to `extract(_:sampleRate:)`; only allocation differs.
    func extract(_ signal: [Float], sampleRate: Int, context: AnalysisContext) -> [Double]
}

extension FeatureSet {
    /// Extracts with a fresh, throw-away `AnalysisContext`. Batch callers should keep one context per
    /// worker and call `extract(_:sampleRate:context:)` instead.
    public func extract(_ signal: [Float], sampleRate: Int) -> [Double] {
        extract(signal, sampleRate: sampleRate, context: AnalysisContext())
    }
}

/// A feature-set name or parameter a spec asked for that does not exist or is out of range.
public struct FeatureSetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
