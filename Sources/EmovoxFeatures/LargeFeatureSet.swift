import EmovoxDSP

/// `large`: a brute-force functional set in the spirit of openSMILE's ComParE 2016 — every functional of
/// every low-level descriptor and of its delta.
///
/// - Descriptors: `LargeDescriptor.all` (63: loudness, RMS energy, zero-crossing rate, voicing probability,
///   two band energies, four roll-off points, nine spectral shape measures, 26 log-mel bands, MFCC 1–14,
///   and the voiced-only F0 (semitones re 27.5 Hz), local jitter, local shimmer (dB) and HNR), each computed
///   once per 10 ms frame and smoothed by a 3-frame moving average.
/// - Delta: the ±2-frame regression delta of each smoothed contour (`LargeContourFilters.delta`).
/// - Functionals: `LargeFunctional.allCases` (40: moments, quartiles and ranges, percentiles, extreme
///   positions, linear and quadratic regression, up-level / rise / fall times, peaks, segments above the mean).
///
/// Columns: `<descriptor>_<functional>` then `<descriptor>_de_<functional>` for each descriptor in order,
/// functionals in `allCases` order — e.g. `pcm_loudness_sma_iqr1-3`, `mfcc3_sma_de_quartile2`:
/// 63 × 2 × 40 = 5,040 values.
///
/// Missing values (`nan`): voiced-only descriptors (`F0semitone_sma`, `jitterLocal_sma`,
/// `shimmerLocaldB_sma`, `HNRdBACF_sma` and their deltas) are summarized over voiced frames only, so every
/// one of their columns is `nan` when no frame is voiced (jitter / shimmer also when no voiced frame holds two
/// measurable periods). Shape functionals (`LargeFunctional.isShape`) are `nan` for a contour shorter than
/// `LargeFunctional.minimumShapeFrames` frames (any signal under 45 ms at the default framing, or fewer voiced
/// frames). Everything else is finite for any non-empty signal, including digital silence, clicks, DC and
/// clips shorter than a frame (zero-padded to one frame). An empty signal gives all `nan`.
///
/// Parameters: `f0_min` (Hz, default 55), `f0_max` (Hz, default 1000) of the pitch tracker.
public struct LargeFeatureSet: FeatureSet {
    public let name = "large"
    public let version = 1
    public let pitch: PitchTrackerConfiguration

    /// The descriptors, in column order.
    public static var descriptors: [LargeDescriptor] { LargeDescriptor.all }
    /// The functionals, in column order within a descriptor contour.
    public static var functionals: [LargeFunctional] { LargeFunctional.allCases }

    /// Column names, generated from `descriptors` × {contour, delta} × `functionals`.
    public static let names: [String] = {
        var names = [String]()
        names.reserveCapacity(LargeDescriptor.all.count * 2 * LargeFunctional.allCases.count)
        for descriptor in LargeDescriptor.all {
            for stem in [descriptor.name, descriptor.name + "_de"] {
                for functional in LargeFunctional.allCases { names.append("\(stem)_\(functional.rawValue)") }
            }
        }
        return names
    }()

    /// The columns finite for every non-empty signal, however short or silent: functionals that are not
    /// shape functionals, of descriptors that are not voiced-only (see the type's missing-value rules).
    public static let alwaysDefinedNames: [String] = {
        var names = [String]()
        for descriptor in LargeDescriptor.all where !descriptor.voicedOnly {
            for stem in [descriptor.name, descriptor.name + "_de"] {
                for functional in LargeFunctional.allCases where !functional.isShape {
                    names.append("\(stem)_\(functional.rawValue)")
                }
            }
        }
        return names
    }()

    public init(pitch: PitchTrackerConfiguration = .init()) {
        self.pitch = pitch
    }

    /// Parses registry parameters (see the type's documentation).
    public init(parameters: [String: Double]) throws(FeatureSetError) {
        var p = FeatureSetParameters(setName: "large", values: parameters)
        var c = PitchTrackerConfiguration()
        c.minFrequency = try p.double("f0_min", default: 55, in: 20...500)
        c.maxFrequency = try p.double("f0_max", default: 1_000, in: 100...2_000)
        try p.rejectUnknown()
        guard c.maxFrequency > 2 * c.minFrequency else {
            throw FeatureSetError("large: f0_max must exceed 2·f0_min")
        }
        self.init(pitch: c)
    }

    public var featureNames: [String] { Self.names }

    public var canonicalParameters: String {
        "f0_max=\(canonical(pitch.maxFrequency)),f0_min=\(canonical(pitch.minFrequency))"
    }

    public func extract(_ signal: [Float], sampleRate: Int, context: AnalysisContext) -> [Double] {
        var values = [Double](repeating: .nan, count: Self.names.count)
        guard !signal.isEmpty else { return values }
        let workspace = context.cached(LargeDescriptorAnalyzer.Key(sampleRate: sampleRate, pitch: pitch)) {
            LargeWorkspace(sampleRate: sampleRate, pitch: pitch, context: context)
        }
        workspace.summarize(signal, into: &values)
        return values
    }
}

/// Per-worker state of `large`: the descriptor analyzer, the functional evaluator and the contour buffers.
final class LargeWorkspace {
    private let analyzer: LargeDescriptorAnalyzer
    private let evaluator = LargeFunctionalEvaluator()
    private var smoothed: [Double] = []
    private var delta: [Double] = []
    private var compact: [Double] = []

    init(sampleRate: Int, pitch: PitchTrackerConfiguration, context: AnalysisContext) {
        analyzer = LargeDescriptorAnalyzer(sampleRate: sampleRate, pitch: pitch, context: context)
    }

    /// Descriptors of `signal` (non-empty) → smoothing → delta → functionals, into `values`.
    func summarize(_ signal: [Float], into values: inout [Double]) {
        let n = analyzer.analyze(signal)
        if smoothed.count < n {
            smoothed = [Double](repeating: 0, count: n)
            delta = smoothed
            compact = smoothed
        }
        let functionalCount = LargeFunctional.allCases.count
        let hop = analyzer.hopSeconds
        analyzer.matrix.withUnsafeBufferPointer { matrix in
            smoothed.withUnsafeMutableBufferPointer { s in
                delta.withUnsafeMutableBufferPointer { d in
                    compact.withUnsafeMutableBufferPointer { c in
                        values.withUnsafeMutableBufferPointer { out in
                            let sm = UnsafeMutableBufferPointer(rebasing: s[0..<n])
                            let de = UnsafeMutableBufferPointer(rebasing: d[0..<n])
                            for (row, descriptor) in LargeDescriptor.all.enumerated() {
                                let raw = UnsafeBufferPointer(rebasing: matrix[(row * n)..<((row + 1) * n)])
                                LargeContourFilters.smooth(raw, into: sm)
                                LargeContourFilters.delta(UnsafeBufferPointer(sm), into: de)
                                for (stream, contour) in [sm, de].enumerated() {
                                    var x = UnsafeBufferPointer(contour)
                                    if descriptor.voicedOnly {
                                        let defined = LargeContourFilters.compactDefined(x, into: c)
                                        x = UnsafeBufferPointer(rebasing: c[0..<defined])
                                    }
                                    let offset = (2 * row + stream) * functionalCount
                                    evaluator.evaluate(
                                        x, hopSeconds: hop,
                                        into: UnsafeMutableBufferPointer(
                                            rebasing: out[offset..<(offset + functionalCount)]))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
