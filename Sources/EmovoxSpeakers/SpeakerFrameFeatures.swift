import EmovoxDSP
import EmovoxFeatures
import Foundation

/// How a recording becomes the frames the speaker models see.
public struct SpeakerFeatureConfiguration: Sendable, Hashable, Codable {
    /// The sample rate the features are defined at; callers resample to it.
    public var sampleRate: Int = 16_000
    /// Cepstral coefficients per frame, c0 included (the deltas triple the width).
    public var cepstra: Int = 20
    public var melBands: Int = 40
    public var minFrequency: Double = 20
    public var maxFrequency: Double = 7_600
    public var voiceActivity = EnergyVoiceActivity()
    public var normalization = SlidingCMVN()

    public init() {}

    /// Columns of a frame: cepstra, Δ and ΔΔ.
    public var dimension: Int { 3 * cepstra }
}

/// MFCC + Δ + ΔΔ of the speech frames of a recording, normalized by sliding CMVN.
///
/// The cepstra are the project's librosa-compatible MFCCs (25 ms frames, 10 ms hop). The energy
/// detector reads each frame's mean log-mel level from c0 (the orthonormal DCT's c0 is
/// `√bands ×` the mean). Deltas are taken over all frames, so a word's edges keep their slopes;
/// then the silent frames are dropped and CMVN runs over the speech frames only, so long pauses do not
/// pull the mean towards silence.
public struct SpeakerFrameFeatures: Sendable {
    public let configuration: SpeakerFeatureConfiguration

    public init(configuration: SpeakerFeatureConfiguration = SpeakerFeatureConfiguration()) {
        self.configuration = configuration
    }

    /// The frames of `samples` (mono, at `configuration.sampleRate`); no rows when the clip is too
    /// short for one frame.
    public func frames(_ samples: [Float]) -> FrameMatrix {
        let n = configuration.cepstra
        var mfcc = MFCCConfiguration()
        mfcc.coefficientCount = n
        mfcc.melBandCount = configuration.melBands
        mfcc.minFrequency = configuration.minFrequency
        mfcc.maxFrequency = configuration.maxFrequency
        let analyzer = MFCCAnalyzer(
            configuration: mfcc, sampleRate: configuration.sampleRate, context: AnalysisContext())
        let (cepstra, count) = analyzer.coefficients(samples)
        guard count > 0 else { return FrameMatrix(columns: configuration.dimension) }
        let delta = MFCCAnalyzer.delta(cepstra, frames: count, width: n, order: 1)
        let acceleration = MFCCAnalyzer.delta(cepstra, frames: count, width: n, order: 2)
        let scale = 1 / Double(configuration.melBands).squareRoot()
        let levels = (0..<count).map { cepstra[$0 * n] * scale }
        let speech = configuration.voiceActivity.speechFrames(levels: levels)
        let d = configuration.dimension
        var values = [Double](repeating: 0, count: speech.count * d)
        for (row, t) in speech.enumerated() {
            for c in 0..<n {
                values[row * d + c] = cepstra[t * n + c]
                values[row * d + n + c] = delta[t * n + c]
                values[row * d + 2 * n + c] = acceleration[t * n + c]
            }
        }
        return configuration.normalization.apply(FrameMatrix(rows: speech.count, columns: d, values: values))
    }
}
