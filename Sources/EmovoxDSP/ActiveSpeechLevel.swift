import Foundation

/// The active speech level of a signal, after ITU-T P.56 method B: the mean square over the
/// samples judged active by an envelope detector with hangover, so pauses do not lower it.
///
/// The envelope is a two-stage exponential smoother of |x| (time constant 30 ms); a sample counts as
/// active for threshold `c` while the envelope is at or above `c` or less than 200 ms after it was.
/// For thresholds `c = 2⁻³⁰ … 2⁰` the level over the active samples is compared with `c`; the active
/// level is where that ratio crosses the 15.9 dB margin, interpolated in dB between thresholds.
public struct ActiveSpeechLevel: Sendable, Equatable {
    /// Mean square over the active samples (full scale = 1).
    public var meanSquare: Double
    /// The fraction of samples judged active, in (0, 1].
    public var activityFactor: Double

    /// The active level in dB relative to full-scale mean square 1.
    public var levelDB: Double { 10 * log10(meanSquare) }

    /// P.56's margin between the active level and the activity threshold.
    public static let marginDB = 15.9
    static let envelopeTimeConstant = 0.03
    static let hangoverSeconds = 0.2
    static let thresholdExponents = -30...0

    public init(meanSquare: Double, activityFactor: Double) {
        self.meanSquare = meanSquare
        self.activityFactor = activityFactor
    }

    /// Measures `signal`; nil when it holds no energy at all.
    public static func measure(_ signal: [Float], sampleRate: Int) -> ActiveSpeechLevel? {
        guard !signal.isEmpty, sampleRate > 0 else { return nil }
        let g = exp(-1 / (Double(sampleRate) * envelopeTimeConstant))
        let hangover = Int(hangoverSeconds * Double(sampleRate))
        let thresholds = thresholdExponents.map { pow(2.0, Double($0)) }
        var active = [Int](repeating: 0, count: thresholds.count)
        // Samples since the envelope last reached each threshold; starts "long ago" (no hangover).
        var sinceAbove = [Int](repeating: hangover, count: thresholds.count)
        var q = 0.0
        var p = 0.0
        var sumSquares = 0.0
        for sample in signal {
            let x = Double(sample)
            sumSquares += x * x
            q = g * q + (1 - g) * abs(x)
            p = g * p + (1 - g) * q
            for j in thresholds.indices {
                if p >= thresholds[j] {
                    active[j] += 1
                    sinceAbove[j] = 0
                } else if sinceAbove[j] < hangover {
                    active[j] += 1
                    sinceAbove[j] += 1
                }
            }
        }
        guard sumSquares > 0 else { return nil }
        // Level over the active samples (dB) minus threshold (dB), falling as the threshold rises.
        var previous: (level: Double, excess: Double)?
        for j in thresholds.indices {
            guard active[j] > 0 else { break }
            let level = 10 * log10(sumSquares / Double(active[j]))
            let excess = level - 20 * log10(thresholds[j])
            if excess <= marginDB {
                guard let previous else { return Self(level: level, sumSquares: sumSquares, count: signal.count) }
                let t = (previous.excess - marginDB) / (previous.excess - excess)
                return Self(
                    level: previous.level + t * (level - previous.level), sumSquares: sumSquares, count: signal.count)
            }
            previous = (level, excess)
        }
        // Never within the margin (a very short or impulsive signal): the highest measurable level.
        guard let previous else { return nil }
        return Self(level: previous.level, sumSquares: sumSquares, count: signal.count)
    }

    private init(level: Double, sumSquares: Double, count: Int) {
        let meanSquare = pow(10, level / 10)
        self.init(meanSquare: meanSquare, activityFactor: min(1, sumSquares / meanSquare / Double(count)))
    }
}
