import Foundation

/// Tracks the noise power spectral density of a noisy STFT frame by frame with minima-controlled
/// recursive averaging (MCRA; Cohen & Berdugo 2002, the basis of Cohen's IMCRA 2003).
///
/// Per bin, the periodogram is smoothed over frequency and time; its minimum over a sliding window
/// (kept as two sub-windows) bounds the noise level from below. Where the smoothed power exceeds that
/// minimum by more than `presenceRatio`, speech is taken as present, and a smoothed presence
/// probability `p` slows the noise update: the noise estimate is a recursive average of the
/// periodogram with factor `αd + (1 − αd)·p`. Noise-only bins are thus averaged without bias, and
/// the estimate follows non-stationary noise within about one minimum window.
public struct NoisePSDTracker: Sendable {
    /// Tracker settings; the defaults are Cohen's for 16 kHz, 512-point frames and a 128-sample hop.
    public struct Parameters: Sendable, Equatable, Hashable {
        /// Noise averaging factor αd per frame.
        public var noiseSmoothing: Double
        /// Time smoothing αs of the power whose minimum is tracked.
        public var powerSmoothing: Double
        /// Smoothing αp of the speech-presence indicator.
        public var presenceSmoothing: Double
        /// Speech is present where smoothed power / minimum exceeds this (Cohen's δ).
        public var presenceRatio: Double
        /// Length of the minimum search, in frames (Cohen's L).
        public var minimumWindowFrames: Int

        public init(
            noiseSmoothing: Double = 0.95, powerSmoothing: Double = 0.8, presenceSmoothing: Double = 0.2,
            presenceRatio: Double = 5, minimumWindowFrames: Int = 125
        ) {
            self.noiseSmoothing = noiseSmoothing
            self.powerSmoothing = powerSmoothing
            self.presenceSmoothing = presenceSmoothing
            self.presenceRatio = presenceRatio
            self.minimumWindowFrames = minimumWindowFrames
        }
    }

    public let parameters: Parameters
    /// The current noise PSD estimate per bin (same scale as the periodograms given).
    public private(set) var noise: [Double]
    /// The current speech-presence probability per bin.
    public private(set) var presence: [Double]
    private var smoothed: [Double]
    private var minimum: [Double]
    private var runningMinimum: [Double]
    private var framesInWindow = 0
    private var started = false

    public init(bins: Int, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        noise = [Double](repeating: 0, count: bins)
        presence = [Double](repeating: 0, count: bins)
        smoothed = noise
        minimum = noise
        runningMinimum = noise
    }

    /// Frequency smoothing with a three-tap Hann window (edges mirrored).
    private static func smoothedAcrossFrequency(_ power: [Float]) -> [Double] {
        let bins = power.count
        var local = [Double](repeating: 0, count: bins)
        for k in 0..<bins {
            let below = Double(power[k > 0 ? k - 1 : min(1, bins - 1)])
            let above = Double(power[k + 1 < bins ? k + 1 : max(0, bins - 2)])
            local[k] = 0.25 * below + 0.5 * Double(power[k]) + 0.25 * above
        }
        return local
    }

    /// Starts (or restarts) tracking from one periodogram, taken as noise: the estimate, the
    /// smoothed power and both minima all begin there. `update` calls it on its first frame.
    public mutating func start(power: [Float]) {
        precondition(power.count == noise.count)
        let local = Self.smoothedAcrossFrequency(power)
        for k in 0..<noise.count {
            noise[k] = Double(power[k])
            smoothed[k] = local[k]
            minimum[k] = local[k]
            runningMinimum[k] = local[k]
            presence[k] = 0
        }
        started = true
        framesInWindow = 1
    }

    /// Feeds one frame's periodogram |Y(k)|² and updates `noise`.
    public mutating func update(power: [Float]) {
        let bins = noise.count
        precondition(power.count == bins)
        guard started else { return start(power: power) }
        let local = Self.smoothedAcrossFrequency(power)
        let p = parameters
        for k in 0..<bins {
            smoothed[k] = p.powerSmoothing * smoothed[k] + (1 - p.powerSmoothing) * local[k]
            minimum[k] = min(minimum[k], smoothed[k])
            runningMinimum[k] = min(runningMinimum[k], smoothed[k])
        }
        framesInWindow += 1
        if framesInWindow >= p.minimumWindowFrames {
            // Restart the search: the new minimum covers the last window only, so it can rise again.
            for k in 0..<bins {
                minimum[k] = min(runningMinimum[k], smoothed[k])
                runningMinimum[k] = smoothed[k]
            }
            framesInWindow = 0
        }
        for k in 0..<bins {
            let indicator: Double = smoothed[k] > p.presenceRatio * max(minimum[k], .leastNormalMagnitude) ? 1 : 0
            presence[k] = p.presenceSmoothing * presence[k] + (1 - p.presenceSmoothing) * indicator
            let factor = p.noiseSmoothing + (1 - p.noiseSmoothing) * presence[k]
            noise[k] = factor * noise[k] + (1 - factor) * Double(power[k])
        }
    }
}
