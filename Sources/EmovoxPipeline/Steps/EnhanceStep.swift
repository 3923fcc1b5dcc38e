import EmovoxDSP

/// Speech enhancement by an MCRA noise-PSD tracker and a log-spectral-amplitude MMSE gain
/// (`SpeechEnhancer`); unlike `denoise`, it follows non-stationary noise and needs no noise-only
/// stretch. Parameters are given in time units, so they mean the same at any sample rate.
public struct EnhanceStep: Sendable, Equatable, Hashable {
    public static let name = "enhance"
    public static let implementationVersion = 1

    /// STFT frame length in milliseconds (the hop is a quarter of it).
    public var frameMilliseconds: Double
    /// Noise averaging factor αd, per 8 ms hop.
    public var noiseSmoothing: Double
    /// Time smoothing αs of the power whose minimum is tracked.
    public var powerSmoothing: Double
    /// Smoothing αp of the speech-presence indicator.
    public var presenceSmoothing: Double
    /// Smoothed power / minimum above which speech is taken as present (Cohen's δ).
    public var presenceRatio: Double
    /// The minimum-search window in milliseconds.
    public var minimumWindowMilliseconds: Double
    /// Decision-directed weight α.
    public var decisionDirectedWeight: Double
    /// Lower bound of the a-priori SNR in dB.
    public var minimumPrioriSNRdB: Double
    /// Lowest gain in dB: the floor keeps weak speech cues (and some noise) instead of removing them.
    public var gainFloorDB: Double
    /// Half-width in hertz of the gain smoothing across frequency (0: none).
    public var smoothingHertz: Double

    public init(
        frameMilliseconds: Double = 32, noiseSmoothing: Double = 0.95, powerSmoothing: Double = 0.8,
        presenceSmoothing: Double = 0.2, presenceRatio: Double = 5, minimumWindowMilliseconds: Double = 1_000,
        decisionDirectedWeight: Double = 0.98, minimumPrioriSNRdB: Double = -25, gainFloorDB: Double = -15,
        smoothingHertz: Double = 0
    ) {
        self.frameMilliseconds = frameMilliseconds
        self.noiseSmoothing = noiseSmoothing
        self.powerSmoothing = powerSmoothing
        self.presenceSmoothing = presenceSmoothing
        self.presenceRatio = presenceRatio
        self.minimumWindowMilliseconds = minimumWindowMilliseconds
        self.decisionDirectedWeight = decisionDirectedWeight
        self.minimumPrioriSNRdB = minimumPrioriSNRdB
        self.gainFloorDB = gainFloorDB
        self.smoothingHertz = smoothingHertz
    }

    public var canonicalParameters: String {
        "frame_ms=\(frameMilliseconds);noise_smoothing=\(noiseSmoothing);power_smoothing=\(powerSmoothing);"
            + "presence_smoothing=\(presenceSmoothing);presence_ratio=\(presenceRatio);"
            + "min_window_ms=\(minimumWindowMilliseconds);dd_weight=\(decisionDirectedWeight);"
            + "xi_min_db=\(minimumPrioriSNRdB);gain_floor_db=\(gainFloorDB);smooth_hz=\(smoothingHertz)"
    }

    /// The enhancer for audio at `sampleRate` Hz: an even frame length, and windows in frames.
    public func enhancer(sampleRate: Int) -> SpeechEnhancer {
        let frame = max(8, 2 * Int((frameMilliseconds / 1000 * Double(sampleRate) / 2).rounded()))
        let hopSeconds = Double(frame / 4) / Double(sampleRate)
        let binHertz = Double(sampleRate) / Double(frame)
        return SpeechEnhancer(
            fftSize: frame,
            tracker: .init(
                noiseSmoothing: noiseSmoothing, powerSmoothing: powerSmoothing, presenceSmoothing: presenceSmoothing,
                presenceRatio: presenceRatio,
                minimumWindowFrames: max(2, Int((minimumWindowMilliseconds / 1000 / hopSeconds).rounded()))),
            gain: .init(
                decisionDirectedWeight: decisionDirectedWeight, minimumPrioriSNRdB: minimumPrioriSNRdB,
                gainFloorDB: gainFloorDB),
            smoothing: GainSmoothing(halfWidth: Int((smoothingHertz / binHertz).rounded())))
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        self.init(
            frameMilliseconds: try parameters.double("frame_ms", default: 32, in: 4...256),
            noiseSmoothing: try parameters.double("noise_smoothing", default: 0.95, in: 0...0.9999),
            powerSmoothing: try parameters.double("power_smoothing", default: 0.8, in: 0...0.9999),
            presenceSmoothing: try parameters.double("presence_smoothing", default: 0.2, in: 0...0.9999),
            presenceRatio: try parameters.double("presence_ratio", default: 5, in: 1...100),
            minimumWindowMilliseconds: try parameters.double("min_window_ms", default: 1_000, in: 50...10_000),
            decisionDirectedWeight: try parameters.double("dd_weight", default: 0.98, in: 0...0.9999),
            minimumPrioriSNRdB: try parameters.double("xi_min_db", default: -25, in: -60...0),
            gainFloorDB: try parameters.double("gain_floor_db", default: -15, in: -80...0),
            smoothingHertz: try parameters.double("smooth_hz", default: 0, in: 0...2_000))
    }
}
