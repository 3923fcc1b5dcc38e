/// Spectral-gating noise reduction (stationary noise).
public struct DenoiseStep: Sendable, Equatable, Hashable {
    /// Where the noise profile comes from.
    public enum NoiseSource: Sendable, Equatable, Hashable {
        /// The quietest `fraction` of the clip's own STFT frames (assumes pauses exist).
        case quietestFrames(fraction: Double)
        /// A separate recording of the noise alone.
        case clip(path: String)
    }

    public static let name = "denoise"
    public static let implementationVersion = 1

    public var noise: NoiseSource
    /// A bin is kept when its level exceeds the noise mean by this many standard deviations.
    public var thresholdStdDevs: Double
    /// Half-width of the triangular mask smoothing along time, in milliseconds.
    public var smoothingMilliseconds: Double
    /// Half-width of the triangular mask smoothing along frequency, in hertz.
    public var smoothingHertz: Double
    /// Fraction of gated energy removed: 1 removes it fully, 0 leaves the signal unchanged.
    public var reduction: Double
    /// STFT length in samples (power of two); the hop is a quarter of it. The defaults (512 samples,
    /// 1.5 σ, 20 ms × 100 Hz smoothing) were chosen on speech in white noise at 5 dB SNR, where
    /// they gave the best SNR gain of a small grid (≈ +8 dB; 1024 points and 50 ms × 300 Hz gave +4 dB):
    /// wider smoothing spreads the mask onto noise-only bins and thins weak speech bins.
    public var fftSize: Int

    public init(
        noise: NoiseSource = .quietestFrames(fraction: 0.1), thresholdStdDevs: Double = 1.5,
        smoothingMilliseconds: Double = 20, smoothingHertz: Double = 100, reduction: Double = 1,
        fftSize: Int = 512
    ) {
        self.noise = noise
        self.thresholdStdDevs = thresholdStdDevs
        self.smoothingMilliseconds = smoothingMilliseconds
        self.smoothingHertz = smoothingHertz
        self.reduction = reduction
        self.fftSize = fftSize
    }

    /// Does not include the noise clip's content; the runner adds its checksum to the key.
    public var canonicalParameters: String {
        let source =
            switch noise {
            case .quietestFrames(let fraction): "noise=quietest;fraction=\(fraction)"
            case .clip(let path): "noise=clip;path=\(path)"
            }
        return
            "\(source);threshold_std=\(thresholdStdDevs);smooth_ms=\(smoothingMilliseconds);smooth_hz=\(smoothingHertz);reduction=\(reduction);fft_size=\(fftSize)"
    }

    init(parsing parameters: inout SpecParameters) throws(PipelineSpecError) {
        let fraction = try parameters.double("quietest_fraction", default: 0.1, in: 0.01...0.9)
        let clipNode = parameters.raw("noise_clip")
        var noise = NoiseSource.quietestFrames(fraction: fraction)
        if let clipNode {
            guard let path = clipNode.scalar?.string, !path.isEmpty else {
                throw parameters.error(clipNode, "parameter 'noise_clip' must be a file path")
            }
            noise = .clip(path: path)
        }
        let fftSize = try parameters.int("fft_size", default: 512, in: 128...16_384)
        guard fftSize & (fftSize - 1) == 0 else {
            throw parameters.error(nil, "parameter 'fft_size' = \(fftSize) must be a power of two")
        }
        self.init(
            noise: noise,
            thresholdStdDevs: try parameters.double("threshold_std", default: 1.5, in: 0...10),
            smoothingMilliseconds: try parameters.double("smooth_ms", default: 20, in: 0...1_000),
            smoothingHertz: try parameters.double("smooth_hz", default: 100, in: 0...8_000),
            reduction: try parameters.double("reduction", default: 1, in: 0...1),
            fftSize: fftSize)
    }
}
