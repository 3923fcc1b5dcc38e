import Foundation

/// Adds noise to speech at a signal-to-noise ratio measured on active speech: the speech's
/// ITU-T P.56 active level against the noise's mean square over the whole clip.
public enum NoiseMixer {
    /// The outcome of one mix.
    public struct Mix: Sendable {
        /// Speech plus scaled noise (then scaled down as a whole if it would clip).
        public var samples: [Float]
        /// The speech's active level.
        public var speechLevel: ActiveSpeechLevel
        /// The gain applied to the noise before adding it.
        public var noiseGain: Double
        /// The gain applied to the sum to keep its peak below full scale (1 when none was needed);
        /// it scales speech and noise alike, so the SNR is unchanged.
        public var headroomGain: Double
    }

    /// Why speech cannot be mixed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noActiveSpeech
        case silentNoise
        public var description: String {
            switch self {
            case .noActiveSpeech: "the recording holds no active speech (digital silence)"
            case .silentNoise: "the noise is silent"
            }
        }
    }

    /// The largest peak left in a mix; the margin keeps 16-bit encoding from clipping.
    public static let peakCeiling: Float = 0.99

    /// Mixes `noise` (at least as long as `speech`; only its first `speech.count` samples are used)
    /// into `speech` at `snrDB`.
    public static func mix(speech: [Float], noise: [Float], snrDB: Double, sampleRate: Int) throws(Failure) -> Mix {
        precondition(noise.count >= speech.count)
        guard let level = ActiveSpeechLevel.measure(speech, sampleRate: sampleRate) else { throw .noActiveSpeech }
        var noiseSquares = 0.0
        for i in 0..<speech.count { noiseSquares += Double(noise[i]) * Double(noise[i]) }
        let noiseMeanSquare = noiseSquares / Double(max(1, speech.count))
        guard noiseMeanSquare > 0 else { throw .silentNoise }
        let gain = (level.meanSquare / (noiseMeanSquare * pow(10, snrDB / 10))).squareRoot()
        var out = [Float](repeating: 0, count: speech.count)
        var peak: Float = 0
        for i in 0..<speech.count {
            out[i] = speech[i] + Float(gain) * noise[i]
            peak = max(peak, abs(out[i]))
        }
        var headroom = 1.0
        if peak > peakCeiling {
            headroom = Double(peakCeiling / peak)
            let scale = peakCeiling / peak
            for i in out.indices { out[i] *= scale }
        }
        return Mix(samples: out, speechLevel: level, noiseGain: gain, headroomGain: headroom)
    }
}
