import EmovoxDSP

/// `mfcc`: librosa-compatible MFCCs with deltas and delta-deltas, summarized over frames.
///
/// Columns: for each coefficient `i` (0-based, librosa's row index; `mfcc0` is the energy-like c₀) and each
/// stream `mfcc{i}`, `mfcc{i}_delta`, `mfcc{i}_delta2`: `_mean`, `_std` (population), `_min`, `_max`,
/// `_p10`, `_p50`, `_p90` (linear interpolation). Every column is defined for any non-empty signal;
/// an empty signal gives all `nan`. Silence gives finite values (log-mel floored at −100 dB, then at
/// 80 dB below the maximum).
///
/// Parameters (`FeatureSets.make(name: "mfcc", parameters:)`): `n_mfcc` (13…40, default 13), `n_mels`
/// (≥ n_mfcc, default 40), `fmin` (Hz, default 0), `fmax` (Hz, default 8000, capped at Nyquist),
/// `frame` (s, default 0.025), `hop` (s, default 0.010).
public struct MFCCFeatureSet: FeatureSet {
    public let name = "mfcc"
    public let version = 1
    public let configuration: MFCCConfiguration

    static let statistics = ["mean", "std", "min", "max", "p10", "p50", "p90"]
    static let streams = ["", "_delta", "_delta2"]

    public init(configuration: MFCCConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Parses registry parameters (see the type's documentation).
    public init(parameters: [String: Double]) throws(FeatureSetError) {
        var p = FeatureSetParameters(setName: "mfcc", values: parameters)
        var c = MFCCConfiguration()
        c.coefficientCount = try p.integer("n_mfcc", default: 13, in: 13...40)
        c.melBandCount = try p.integer("n_mels", default: 40, in: 13...256)
        c.minFrequency = try p.double("fmin", default: 0, in: 0...20_000)
        c.maxFrequency = try p.double("fmax", default: 8_000, in: 100...96_000)
        c.frameDuration = try p.double("frame", default: 0.025, in: 0.005...0.5)
        c.hopDuration = try p.double("hop", default: 0.010, in: 0.001...0.5)
        try p.rejectUnknown()
        guard c.melBandCount >= c.coefficientCount else {
            throw FeatureSetError(
                "mfcc: n_mels (\(c.melBandCount)) must be ≥ n_mfcc (\(c.coefficientCount))")
        }
        guard c.maxFrequency > c.minFrequency else {
            throw FeatureSetError("mfcc: fmax must exceed fmin")
        }
        self.init(configuration: c)
    }

    public var featureNames: [String] {
        var names = [String]()
        for i in 0..<configuration.coefficientCount {
            for stream in Self.streams {
                for statistic in Self.statistics { names.append("mfcc\(i)\(stream)_\(statistic)") }
            }
        }
        return names
    }

    public var canonicalParameters: String {
        let c = configuration
        return
            "fmax=\(canonical(c.maxFrequency)),fmin=\(canonical(c.minFrequency)),frame=\(canonical(c.frameDuration)),"
            + "hop=\(canonical(c.hopDuration)),n_mels=\(c.melBandCount),n_mfcc=\(c.coefficientCount)"
    }

    public func extract(_ signal: [Float], sampleRate: Int, context: AnalysisContext) -> [Double] {
        let n = configuration.coefficientCount
        guard !signal.isEmpty else { return [Double](repeating: .nan, count: featureNames.count) }
        let analyzer = context.cached(AnalyzerKey(configuration: configuration, sampleRate: sampleRate)) {
            MFCCAnalyzer(configuration: configuration, sampleRate: sampleRate, context: context)
        }
        let (mfcc, frames) = analyzer.coefficients(signal)
        var out = [Double]()
        out.reserveCapacity(n * 21)
        // One coefficient's stream at a time: its deltas are derived column by column, never as matrices.
        var column = [Double](repeating: 0, count: frames)
        for i in 0..<n {
            for order in 0...2 {
                if order == 0 {
                    for t in 0..<frames { column[t] = mfcc[t * n + i] }
                } else {
                    MFCCAnalyzer.delta(mfcc, frames: frames, width: n, column: i, order: order, into: &column)
                }
                let sorted = column.sorted()
                out.append(Statistics.mean(column))
                out.append(Statistics.standardDeviation(column))
                out.append(sorted.first ?? .nan)
                out.append(sorted.last ?? .nan)
                out.append(Statistics.percentile(sorted: sorted, 0.1))
                out.append(Statistics.percentile(sorted: sorted, 0.5))
                out.append(Statistics.percentile(sorted: sorted, 0.9))
            }
        }
        return out
    }

    struct AnalyzerKey: Hashable {
        var configuration: MFCCConfiguration
        var sampleRate: Int
    }
}
