/// Level normalization: integrated loudness (default), sample peak or RMS, never clipping.
public struct NormalizeStep: Sendable, Equatable, Hashable {
    public enum Method: String, Sendable, CaseIterable, Hashable {
        /// Integrated loudness per ITU-R BS.1770 (libebur128), target in LUFS.
        case loudness
        /// Sample peak, target in dBFS.
        case peak
        /// RMS level, target in dBFS.
        case rms
    }

    /// Which peak the ceiling limits.
    public enum CeilingPeak: String, Sendable, CaseIterable, Hashable {
        case truePeak = "true_peak"
        case samplePeak = "sample_peak"
    }

    /// What to do with clips shorter than one 400 ms BS.1770 gating block.
    public enum ShortClipPolicy: String, Sendable, CaseIterable, Hashable {
        /// Measure the clip repeated end to end until it spans at least one block.
        case loop
        /// Use RMS dBFS as the loudness estimate.
        case rms
    }

    public static let name = "normalize"
    public static let implementationVersion = 1

    public var method: Method
    /// Target level in LUFS (loudness) or dBFS (peak, rms).
    public var target: Double
    /// Gain is capped so the chosen peak stays at or below this level (dBFS).
    public var ceilingDBFS: Double
    public var ceilingPeak: CeilingPeak
    public var shortClips: ShortClipPolicy

    public init(
        method: Method = .loudness, target: Double? = nil, ceilingDBFS: Double = -1,
        ceilingPeak: CeilingPeak = .truePeak, shortClips: ShortClipPolicy = .loop
    ) {
        self.method = method
        self.target = target ?? Self.defaultTarget(method)
        self.ceilingDBFS = ceilingDBFS
        self.ceilingPeak = ceilingPeak
        self.shortClips = shortClips
    }

    /// −23 LUFS (EBU R128), −1 dBFS peak, −20 dBFS RMS.
    public static func defaultTarget(_ method: Method) -> Double {
        switch method {
        case .loudness: -23
        case .peak: -1
        case .rms: -20
        }
    }

    public var canonicalParameters: String {
        "method=\(method.rawValue);target=\(target);ceiling_dbfs=\(ceilingDBFS);ceiling_peak=\(ceilingPeak.rawValue);short_clips=\(shortClips.rawValue)"
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        let method: Method = try parameters.choice("method", default: .loudness)
        self.init(
            method: method,
            target: try parameters.double("target", default: Self.defaultTarget(method), in: -70...0),
            ceilingDBFS: try parameters.double("ceiling_dbfs", default: -1, in: -30...0),
            ceilingPeak: try parameters.choice("ceiling_peak", default: .truePeak),
            shortClips: try parameters.choice("short_clips", default: .loop))
    }
}
