/// Single-channel speech enhancement without trained weights: an MCRA noise-PSD tracker feeding a
/// log-spectral-amplitude MMSE gain with decision-directed a-priori SNR, optionally smoothed across
/// frequency, applied through a 75 %-overlap STFT.
public struct SpeechEnhancer: Sendable, Equatable, Hashable {
    /// STFT length in samples (even); the hop is a quarter of it.
    public var fftSize: Int
    public var tracker: NoisePSDTracker.Parameters
    public var gain: LogSpectralAmplitudeGain.Parameters
    public var smoothing: GainSmoothing

    public init(
        fftSize: Int = 512, tracker: NoisePSDTracker.Parameters = .init(),
        gain: LogSpectralAmplitudeGain.Parameters = .init(), smoothing: GainSmoothing = GainSmoothing(halfWidth: 0)
    ) {
        self.fftSize = fftSize
        self.tracker = tracker
        self.gain = gain
        self.smoothing = smoothing
    }

    /// The enhanced signal, as long as `signal`.
    public func enhance(_ signal: [Float]) -> [Float] {
        let processor = SpectralGainProcessor(fftSize: fftSize)
        var noiseTracker = NoisePSDTracker(bins: fftSize / 2 + 1, parameters: tracker)
        var lsa = LogSpectralAmplitudeGain(parameters: gain)
        let smoothing = self.smoothing
        // The tracker starts from the first full frame of the signal (usually a pause), not from the
        // zero padding: a zero start would pin its minimum at zero for two windows and freeze it.
        noiseTracker.start(power: Self.periodogram(ofFirstFrameOf: signal, processor: processor))
        return processor.process(signal) { power, interior in
            if interior { noiseTracker.update(power: power) }
            return smoothing.apply(lsa.gains(power: power, noise: noiseTracker.noise))
        }
    }

    /// |FFT|² of the first `fftSize` samples (zero-padded when the signal is shorter), windowed.
    static func periodogram(ofFirstFrameOf signal: [Float], processor: SpectralGainProcessor) -> [Float] {
        let size = processor.fftSize
        let fft = RealFFT(size: size)
        let frame = (0..<size).map { $0 < signal.count ? signal[$0] * processor.window[$0] : 0 }
        var power = [Float](repeating: 0, count: fft.binCount)
        frame.withUnsafeBufferPointer { f in power.withUnsafeMutableBufferPointer { fft.powerSpectrum(f, into: $0) } }
        return power
    }
}
