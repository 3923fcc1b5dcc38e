import EmovoxAudio
import Foundation

/// Deterministic test signals with known properties.
public enum Synth {
    /// A sine at `frequency` Hz with peak `amplitude`.
    public static func sine(
        frequency: Double, amplitude: Double = 0.5, duration: Double, sampleRate: Int
    ) -> [Float] {
        let n = Int(duration * Double(sampleRate))
        let step = 2 * Double.pi * frequency / Double(sampleRate)
        return (0..<n).map { Float(amplitude * sin(step * Double($0))) }
    }

    /// `duration` seconds of zeros.
    public static func silence(duration: Double, sampleRate: Int) -> [Float] {
        [Float](repeating: 0, count: Int(duration * Double(sampleRate)))
    }

    /// Gaussian white noise with standard deviation `sigma`, from a seeded generator.
    public static func whiteNoise(sigma: Double, count: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var out = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            // Box–Muller: two normals per pair of uniforms.
            let u1 = max(rng.nextUnit(), 1e-12)
            let u2 = rng.nextUnit()
            let r = (-2 * log(u1)).squareRoot() * sigma
            out[i] = Float(r * cos(2 * .pi * u2))
            if i + 1 < count { out[i + 1] = Float(r * sin(2 * .pi * u2)) }
            i += 2
        }
        return out
    }

    /// A sustained synthetic vowel: a glottal pulse train (Rosenberg pulses) at `f0` Hz through a
    /// cascade of second-order formant resonators.
    ///
    /// - Parameters:
    ///   - jitter: relative standard deviation of period lengths (0.02 = 2 % local jitter).
    ///   - shimmerDB: standard deviation of the per-period amplitude change in dB.
    ///   - glideTo: if set, F0 moves exponentially (evenly in semitones) from `f0` to this value over the
    ///     signal.
    public static func vowel(
        f0: Double, formants: [(frequency: Double, bandwidth: Double)] = Synth.vowelA,
        duration: Double, sampleRate: Int, jitter: Double = 0, shimmerDB: Double = 0,
        amplitude: Double = 0.5, seed: UInt64 = 1, glideTo: Double? = nil
    ) -> [Float] {
        var rng = SplitMix64(seed: seed)
        let n = Int(duration * Double(sampleRate))
        var source = [Double](repeating: 0, count: n)
        var position = 0.0
        while Int(position) < n {
            let progress = position / Double(n)
            let current = glideTo.map { f0 * pow($0 / f0, progress) } ?? f0
            let period = (Double(sampleRate) / current) * (1 + jitter * rng.nextGaussian())
            let gain = pow(10, shimmerDB * rng.nextGaussian() / 20)
            let length = Int(period)
            let open = Int(0.6 * period)
            let close = Int(0.1 * period)
            let start = Int(position)
            for k in 0..<length where start + k < n {
                let v: Double
                if k < open {
                    v = 0.5 * (1 - cos(Double.pi * Double(k) / Double(open)))
                } else if k < open + close {
                    v = cos(Double.pi / 2 * Double(k - open) / Double(close))
                } else {
                    v = 0
                }
                source[start + k] = v * gain
            }
            position += period
        }
        // Differentiate (lip radiation) then filter through each resonator.
        var signal = [Double](repeating: 0, count: n)
        for i in 1..<n { signal[i] = source[i] - source[i - 1] }
        for formant in formants {
            signal = resonate(
                signal, frequency: formant.frequency, bandwidth: formant.bandwidth,
                sampleRate: sampleRate)
        }
        let peak = signal.map(abs).max() ?? 1
        return signal.map { Float($0 / max(peak, 1e-12) * amplitude) }
    }

    /// Speech-like audio: voiced syllables (`syllable` seconds each, F0 gliding between 110 and
    /// 220 Hz, alternating vowel colours) separated by `pause` seconds of silence, with a leading and
    /// trailing pause. Peak `amplitude`.
    public static func syllables(
        count: Int, syllable: Double = 0.25, pause: Double = 0.12, sampleRate: Int, amplitude: Double = 0.5,
        seed: UInt64 = 1
    ) -> [Float] {
        let vowels: [[(frequency: Double, bandwidth: Double)]] = [
            vowelA, [(300, 60), (2300, 100), (3000, 120)], [(500, 70), (900, 80), (2400, 120)],
        ]
        var out = silence(duration: pause * 2, sampleRate: sampleRate)
        for i in 0..<count {
            let f0 = 110 + Double((i * 37) % 90)
            let voiced = vowel(
                f0: f0, formants: vowels[i % vowels.count], duration: syllable, sampleRate: sampleRate,
                jitter: 0.01, shimmerDB: 0.3, amplitude: amplitude, seed: seed &+ UInt64(i), glideTo: f0 * 1.25)
            // Raised-cosine onset and offset, as a syllable's envelope.
            let ramp = min(voiced.count / 4, sampleRate / 50)
            out += voiced.enumerated().map { index, value in
                let edge = min(index, voiced.count - 1 - index)
                guard edge < ramp else { return value }
                return value * Float(0.5 - 0.5 * cos(Double.pi * Double(edge) / Double(ramp)))
            }
            out += silence(duration: pause, sampleRate: sampleRate)
        }
        return out + silence(duration: pause, sampleRate: sampleRate)
    }

    /// Formants of an /a/-like vowel (frequency, bandwidth) in Hz.
    public static let vowelA: [(frequency: Double, bandwidth: Double)] = [
        (700, 80), (1220, 90), (2600, 120),
    ]

    static func resonate(_ x: [Double], frequency: Double, bandwidth: Double, sampleRate: Int)
        -> [Double]
    {
        let t = 1 / Double(sampleRate)
        let c = -exp(-2 * Double.pi * bandwidth * t)
        let b = 2 * exp(-Double.pi * bandwidth * t) * cos(2 * Double.pi * frequency * t)
        let a = 1 - b - c
        var y = [Double](repeating: 0, count: x.count)
        var y1 = 0.0
        var y2 = 0.0
        for i in 0..<x.count {
            let v = a * x[i] + b * y1 + c * y2
            y[i] = v
            y2 = y1
            y1 = v
        }
        return y
    }

    /// Writes a mono signal to a temporary WAV file and returns its path.
    public static func writeTemporaryWAV(
        _ samples: [Float], sampleRate: Int, in directory: URL, name: String,
        format: AudioWriter.Format = .wav16
    ) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try AudioWriter.write(AudioBuffer(mono: samples, sampleRate: sampleRate), to: path, format: format)
        return path
    }
}

/// SplitMix64: a tiny, well-specified PRNG so test signals are identical everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Standard normal.
    public mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 1e-12)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// A scratch directory removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("emovox-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public var path: String { url.path }
    deinit { try? FileManager.default.removeItem(at: url) }
}
