import Foundation

/// Synthetic stationary noise for robustness tests: Gaussian white noise, and pink (1/f) noise made
/// by filtering it.
public enum NoiseGenerator {
    /// Gaussian white noise with unit variance (Box–Muller).
    public static func white(count: Int, random: inout SeededRandom) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            let u1 = max(random.nextUnit(), 1e-300)
            let u2 = random.nextUnit()
            let r = (-2 * log(u1)).squareRoot()
            out[i] = Float(r * cos(2 * .pi * u2))
            if i + 1 < count { out[i + 1] = Float(r * sin(2 * .pi * u2)) }
            i += 2
        }
        return out
    }

    /// Pink noise (power falling 3 dB per octave), scaled to unit variance.
    ///
    /// White noise through Paul Kellet's sum of seven first-order low-pass sections, whose response
    /// is within ±0.05 dB of 1/f above ~10 Hz at 44.1 kHz (and close to it at other speech rates).
    public static func pink(count: Int, random: inout SeededRandom) -> [Float] {
        let white = white(count: count, random: &random)
        var b = [Double](repeating: 0, count: 7)
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let w = Double(white[i])
            b[0] = 0.99886 * b[0] + w * 0.0555179
            b[1] = 0.99332 * b[1] + w * 0.0750759
            b[2] = 0.96900 * b[2] + w * 0.1538520
            b[3] = 0.86650 * b[3] + w * 0.3104856
            b[4] = 0.55000 * b[4] + w * 0.5329522
            b[5] = -0.7616 * b[5] - w * 0.0168980
            out[i] = Float(b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362)
            b[6] = w * 0.115926
        }
        return unitVariance(out)
    }

    /// `signal` scaled to mean square 1 (unchanged when silent).
    public static func unitVariance(_ signal: [Float]) -> [Float] {
        let meanSquare = signal.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, signal.count))
        guard meanSquare > 0 else { return signal }
        let scale = Float(1 / meanSquare.squareRoot())
        return signal.map { $0 * scale }
    }

    /// `count` samples of `noise` starting at `offset`, wrapping around (a recording looped or
    /// cropped to the length needed).
    public static func looped(_ noise: [Float], count: Int, offset: Int) -> [Float] {
        guard !noise.isEmpty else { return [Float](repeating: 0, count: count) }
        var out = [Float](repeating: 0, count: count)
        var position = offset % noise.count
        for i in 0..<count {
            out[i] = noise[position]
            position += 1
            if position == noise.count { position = 0 }
        }
        return out
    }
}
