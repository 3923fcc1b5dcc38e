import EmovoxDSP
import Foundation

/// `prosody`: pitch, intensity and timing statistics of an utterance.
///
/// Contours are those of `gemaps` (10 ms frames, 3-frame moving average): F0 in semitones from 27.5 Hz
/// over voiced frames; loudness (auditory spectrum, `AuditoryLoudness`) and RMS energy of 20 ms frames
/// in dBFS (`10·log10(mean square)`, floored at −100 dB so silence is finite).
///
/// Columns:
/// - `F0semitone_{mean,std,p20,p50,p80,range_p20_p80}`, `F0semitone_{rising,falling}Slope_{mean,std}`
///   (semitones/s between consecutive extrema within voiced segments; falling slopes as magnitudes);
/// - `loudness_{mean,std,p20,p50,p80,peaksPerSec}`, `rmsEnergyDB_{mean,std,p20,p50,p80,peaksPerSec}`
///   (peaks must rise 10 % of the contour range above the preceding valley);
/// - `duration_total`, `duration_voiced` (s), `voicedSegment_count`, `unvoicedSegment_count`,
///   `voicedSegment_length_{mean,std}`, `unvoicedSegment_length_{mean,std}` (s),
///   `speakingRate_voicedSegmentsPerSec` (speaking-rate proxy).
///
/// Missing values: with no voiced frame every `F0semitone_*` column and `voicedSegment_length_*` are `nan`
/// (counts and `duration_voiced` are 0); slope statistics are `nan` when no rising (falling) stretch exists;
/// `unvoicedSegment_length_*` are `nan` when every frame is voiced. Intensity and duration columns are
/// always defined for a non-empty signal; an empty signal gives all `nan`.
///
/// Parameters: `f0_min` (Hz, default 55), `f0_max` (Hz, default 1000).
public struct ProsodyFeatureSet: FeatureSet {
    public let name = "prosody"
    /// 2: shares `gemaps` v5's frame analysis, which reads denormal spectral power as 0 (the loudness of
    /// near-silent frames left by resampling digital silence moves by < 1e-12).
    public let version = 2
    public let pitch: PitchTrackerConfiguration

    public init(pitch: PitchTrackerConfiguration = .init()) {
        self.pitch = pitch
    }

    public init(parameters: [String: Double]) throws(FeatureSetError) {
        var p = FeatureSetParameters(setName: "prosody", values: parameters)
        var c = PitchTrackerConfiguration()
        c.minFrequency = try p.double("f0_min", default: 55, in: 20...500)
        c.maxFrequency = try p.double("f0_max", default: 1_000, in: 100...2_000)
        try p.rejectUnknown()
        guard c.maxFrequency > 2 * c.minFrequency else {
            throw FeatureSetError("prosody: f0_max must exceed 2·f0_min")
        }
        self.init(pitch: c)
    }

    public var featureNames: [String] {
        let f0 =
            ["mean", "std", "p20", "p50", "p80", "range_p20_p80"].map { "F0semitone_\($0)" }
            + ["risingSlope_mean", "risingSlope_std", "fallingSlope_mean", "fallingSlope_std"].map {
                "F0semitone_\($0)"
            }
        let intensity = ["loudness", "rmsEnergyDB"].flatMap { base in
            ["mean", "std", "p20", "p50", "p80", "peaksPerSec"].map { "\(base)_\($0)" }
        }
        let duration = [
            "duration_total", "duration_voiced", "voicedSegment_count", "unvoicedSegment_count",
            "voicedSegment_length_mean", "voicedSegment_length_std", "unvoicedSegment_length_mean",
            "unvoicedSegment_length_std", "speakingRate_voicedSegmentsPerSec",
        ]
        return f0 + intensity + duration
    }

    public var canonicalParameters: String {
        "f0_max=\(canonical(pitch.maxFrequency)),f0_min=\(canonical(pitch.minFrequency))"
    }

    public func extract(_ signal: [Float], sampleRate: Int, context: AnalysisContext) -> [Double] {
        guard !signal.isEmpty else { return [Double](repeating: .nan, count: featureNames.count) }
        let analyzer = context.cached(VoiceAnalyzer.Key(sampleRate: sampleRate, pitch: .yin(pitch))) {
            VoiceAnalyzer(sampleRate: sampleRate, pitch: .yin(pitch), context: context)
        }
        let c = analyzer.analyze(signal, selection: [])
        let duration = max(c.duration, c.hopSeconds)
        var out = [Double]()

        let f0 = ContourSmoothing.sma3nz(c.f0Semitones)
        let voicedF0 = ContourSmoothing.defined(f0)
        let sortedF0 = voicedF0.sorted()
        out += [
            Statistics.mean(voicedF0), Statistics.standardDeviation(voicedF0),
            Statistics.percentile(sorted: sortedF0, 0.2), Statistics.percentile(sorted: sortedF0, 0.5),
            Statistics.percentile(sorted: sortedF0, 0.8),
            Statistics.percentile(sorted: sortedF0, 0.8) - Statistics.percentile(sorted: sortedF0, 0.2),
        ]
        let slopes = VoicedSlopes(f0, step: c.hopSeconds)
        out += [
            Statistics.mean(slopes.rising), Statistics.standardDeviation(slopes.rising),
            Statistics.mean(slopes.falling), Statistics.standardDeviation(slopes.falling),
        ]

        let loudness = ContourSmoothing.sma3(c.loudness)
        let energyDB = ContourSmoothing.sma3(c.energy.map { 10 * log10(max($0, 1e-10)) })
        for contour in [loudness, energyDB] {
            let sorted = contour.sorted()
            out += [
                Statistics.mean(contour), Statistics.standardDeviation(contour),
                Statistics.percentile(sorted: sorted, 0.2), Statistics.percentile(sorted: sorted, 0.5),
                Statistics.percentile(sorted: sorted, 0.8),
                Double(Statistics.peakCount(contour, relativeThreshold: 0.1)) / duration,
            ]
        }

        let segments = VoicingSegments(f0: f0, hopSeconds: c.hopSeconds)
        out += [
            c.duration, Double(voicedF0.count) * c.hopSeconds, Double(segments.voiced.count),
            Double(segments.unvoiced.count), Statistics.mean(segments.voiced),
            Statistics.standardDeviation(segments.voiced), Statistics.mean(segments.unvoiced),
            Statistics.standardDeviation(segments.unvoiced), Double(segments.voiced.count) / duration,
        ]
        return out
    }
}

/// Rising and falling F0 slopes within each voiced segment (never across an unvoiced gap).
struct VoicedSlopes {
    var rising: [Double] = []
    var falling: [Double] = []

    init(_ contour: [Double], step: Double) {
        var run = [Double]()
        for value in contour + [.nan] {
            if value.isNaN {
                let s = Statistics.slopes(run, step: step)
                rising += s.rising
                falling += s.falling
                run.removeAll(keepingCapacity: true)
            } else {
                run.append(value)
            }
        }
    }
}

/// Lengths in seconds of voiced and unvoiced runs of an F0 contour (`nan` = unvoiced).
struct VoicingSegments {
    var voiced: [Double]
    var unvoiced: [Double]

    init(f0: [Double], hopSeconds: Double) {
        voiced = Statistics.runLengths(count: f0.count) { !f0[$0].isNaN }.map {
            Double($0) * hopSeconds
        }
        unvoiced = Statistics.runLengths(count: f0.count) { f0[$0].isNaN }.map {
            Double($0) * hopSeconds
        }
    }
}
