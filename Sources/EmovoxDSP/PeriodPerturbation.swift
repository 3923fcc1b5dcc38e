import Foundation

/// Cycle-to-cycle perturbation of a voiced frame: local jitter and local shimmer (dB).
public struct PerturbationMeasurement: Sendable, Equatable {
  /// Mean absolute difference of consecutive periods divided by the mean period (0.02 = 2 %).
  public var jitterLocal: Double
  /// Mean absolute difference of consecutive period amplitudes in dB, `|20·log10(A_{i+1}/A_i)|`.
  public var shimmerLocalDB: Double
  /// Periods measured.
  public var periodCount: Int
}

/// Marks glottal cycles in a voiced frame by peak picking and measures jitter and shimmer from them.
///
/// Starting at the largest sample of the first nominal period, each next cycle mark is the largest sample
/// within ±`searchRange` of one nominal period later, refined by parabolic interpolation; cycle amplitude
/// is the height of its peak above the frame mean. For independent Gaussian period (amplitude)
/// perturbations with relative (dB) standard deviation σ, the expected local jitter (shimmer dB) is
/// `E|X₁ − X₂| = 2σ/√π ≈ 1.128·σ`.
public final class PeriodPerturbation {
  /// Relative half-width of the cycle search window (openSMILE's `searchRangeRel`).
  public let searchRange: Double
  /// Minimum number of periods for a measurement (openSMILE's `minNumPeriods`).
  public let minimumPeriods: Int
  private var marks: [Double]
  private var amplitudes: [Double]

  public init(maxPeriods: Int, searchRange: Double = 0.1, minimumPeriods: Int = 2) {
    self.searchRange = searchRange
    self.minimumPeriods = max(2, minimumPeriods)
    marks = [Double](repeating: 0, count: maxPeriods + 2)
    amplitudes = marks
  }

  /// Measures `frame` given its F0 period in samples; `nil` if fewer than `minimumPeriods` cycles fit
  /// or a cycle has zero amplitude.
  public func measure(_ frame: UnsafeBufferPointer<Float>, period: Double)
    -> PerturbationMeasurement?
  {
    let n = frame.count
    guard period >= 2, Double(n) >= Double(minimumPeriods + 1) * period else { return nil }
    var markCount = 0
    marks.withUnsafeMutableBufferPointer { m in
      // First mark: largest sample in the first period.
      var best = 0
      for i in 1..<min(n, Int(period.rounded(.up))) where frame[i] > frame[best] { best = i }
      m[0] = refine(frame, best)
      markCount = 1
      while markCount < m.count {
        let center = m[markCount - 1] + period
        let lo = max(Int((center - searchRange * period).rounded(.down)), 1)
        let hi = min(Int((center + searchRange * period).rounded(.up)), n - 2)
        guard lo < hi else { break }
        var peak = lo
        for i in lo...hi where frame[i] > frame[peak] { peak = i }
        m[markCount] = refine(frame, peak)
        markCount += 1
      }
    }
    let periods = markCount - 1
    guard periods >= minimumPeriods else { return nil }
    // Cycle amplitude = height of its peak above the frame mean (Praat's peak amplitude; removing the
    // mean makes it immune to DC offset). A peak-to-peak measure would mix the next cycle's closing
    // excitation, which precedes that cycle's peak, into this cycle's amplitude.
    var mean = 0.0
    for i in 0..<n { mean += Double(frame[i]) }
    mean /= Double(n)
    var ok = true
    marks.withUnsafeBufferPointer { m in
      amplitudes.withUnsafeMutableBufferPointer { a in
        for p in 0..<periods {
          a[p] = peakValue(frame, m[p]) - mean
          if !(a[p] > 0) { ok = false }
        }
      }
    }
    guard ok else { return nil }
    var sumPeriods = 0.0
    var sumPeriodDiff = 0.0
    var sumAmplitudeDiff = 0.0
    for p in 0..<periods {
      let length = marks[p + 1] - marks[p]
      sumPeriods += length
      if p > 0 {
        sumPeriodDiff += abs(length - (marks[p] - marks[p - 1]))
        sumAmplitudeDiff += abs(20 * log10(amplitudes[p] / amplitudes[p - 1]))
      }
    }
    let meanPeriod = sumPeriods / Double(periods)
    let differences = Double(periods - 1)
    return PerturbationMeasurement(
      jitterLocal: sumPeriodDiff / differences / meanPeriod,
      shimmerLocalDB: sumAmplitudeDiff / differences, periodCount: periods)
  }

  /// Parabola value at the refined peak position `x` (within ±0.5 of its sample).
  private func peakValue(_ x: UnsafeBufferPointer<Float>, _ position: Double) -> Double {
    let i = Int(position.rounded())
    guard i > 0 && i < x.count - 1 else { return Double(x[max(0, min(i, x.count - 1))]) }
    let a = Double(x[i - 1])
    let b = Double(x[i])
    let c = Double(x[i + 1])
    let d = position - Double(i)
    return b + 0.5 * (c - a) * d + 0.5 * (a - 2 * b + c) * d * d
  }

  /// Sub-sample position of a local maximum by parabolic interpolation.
  private func refine(_ x: UnsafeBufferPointer<Float>, _ i: Int) -> Double {
    guard i > 0 && i < x.count - 1 else { return Double(i) }
    let a = Double(x[i - 1])
    let b = Double(x[i])
    let c = Double(x[i + 1])
    let curvature = a - 2 * b + c
    guard curvature < 0 else { return Double(i) }
    return Double(i) + max(-0.5, min(0.5, 0.5 * (a - c) / curvature))
  }
}
