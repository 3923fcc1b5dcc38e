import Foundation

/// The MMSE log-spectral-amplitude gain (Ephraim & Malah 1985) with the decision-directed a-priori
/// SNR estimate (Ephraim & Malah 1984), frame by frame.
///
/// For a-posteriori SNR γ = |Y|²/λ and a-priori SNR ξ the gain is
/// `G = ξ/(1+ξ) · exp(½·E₁(ξγ/(1+ξ)))`. ξ is estimated as
/// `α·Â²(previous frame)/λ + (1−α)·max(γ−1, 0)`, floored at `ξmin`; the high α is what suppresses
/// musical noise. The gain is limited to [`gainFloor`, 1]: the floor keeps a little of the noise
/// (and of weak speech) instead of carving holes, and no bin is amplified.
public struct LogSpectralAmplitudeGain: Sendable {
    /// Gain settings.
    public struct Parameters: Sendable, Equatable, Hashable {
        /// Decision-directed weight α of the previous frame's estimate.
        public var decisionDirectedWeight: Double
        /// Lower bound of the a-priori SNR, in dB.
        public var minimumPrioriSNRdB: Double
        /// Lowest gain, in dB.
        public var gainFloorDB: Double

        public init(decisionDirectedWeight: Double = 0.98, minimumPrioriSNRdB: Double = -25, gainFloorDB: Double = -15)
        {
            self.decisionDirectedWeight = decisionDirectedWeight
            self.minimumPrioriSNRdB = minimumPrioriSNRdB
            self.gainFloorDB = gainFloorDB
        }
    }

    public let parameters: Parameters
    /// The previous frame's estimated clean power Â² per bin (nil before the first frame).
    private var previousCleanPower: [Double]?

    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    /// The LSA gain for a-priori SNR `xi` and a-posteriori SNR `gamma`, before flooring.
    public static func gain(prioriSNR xi: Double, posterioriSNR gamma: Double) -> Double {
        let wiener = xi / (1 + xi)
        let v = max(wiener * gamma, 1e-12)
        return wiener * exp(0.5 * ExponentialIntegral.e1(v))
    }

    /// Gains for one frame: its periodogram |Y(k)|² and the noise PSD λ(k) on the same scale.
    public mutating func gains(power: [Float], noise: [Double]) -> [Float] {
        precondition(power.count == noise.count)
        let alpha = parameters.decisionDirectedWeight
        let xiMin = pow(10, parameters.minimumPrioriSNRdB / 10)
        let floor = pow(10, parameters.gainFloorDB / 20)
        var out = [Float](repeating: 1, count: power.count)
        var clean = [Double](repeating: 0, count: power.count)
        for k in 0..<power.count {
            // A tiny noise floor keeps digital silence from dividing by zero.
            let lambda = max(noise[k], 1e-20)
            let gamma = Double(power[k]) / lambda
            let ml = max(gamma - 1, 0)
            var xi = ml
            if let previous = previousCleanPower { xi = alpha * previous[k] / lambda + (1 - alpha) * ml }
            xi = max(xi, xiMin)
            let g = min(1, max(floor, Self.gain(prioriSNR: xi, posterioriSNR: gamma)))
            out[k] = Float(g)
            clean[k] = g * g * Double(power[k])
        }
        previousCleanPower = clean
        return out
    }
}
