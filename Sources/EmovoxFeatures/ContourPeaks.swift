/// Salient peaks and minima of a contour and the slopes between them, as openSMILE's `cFunctionalPeaks2`
/// computes eGeMAPS' `loudnessPeaksPerSec` and the `meanRisingSlope` … `stddevFallingSlope` functionals
/// (`relThresh = 0.1`, `norm = seconds`).
///
/// 1. Every strict local maximum and minimum (ignoring the first and last two samples) is a candidate.
/// 2. A maximum that rises less than 10 % of the contour's range above the previous candidate and
///    above the last accepted minimum is dropped; between close maxima only one clearly (5 %) higher
///    survives. A minimum less than 10 % of the range below the last maximum is dropped.
/// 3. Runs of maxima (minima) without a minimum (maximum) between them keep only the highest (lowest).
///
/// Slopes run from the start of the contour (or the last minimum) to each maximum (rising) and from the
/// start (or the last maximum) to each minimum (falling, as a positive value), plus one from the last
/// extremum to the contour's end — whose sign openSMILE does not flip, so a final fall after a peak is
/// a negative "falling" slope. A contour without extrema has one slope, `(last − first) / count`
/// (per sample, not per second, as openSMILE has it). Means and standard deviations are 0 without slopes,
/// and the standard deviations leave out the final slope, as openSMILE's do.
struct ContourPeaks {
    /// Maxima kept.
    private(set) var peakCount = 0
    private(set) var meanRisingSlope = 0.0
    private(set) var stddevRisingSlope = 0.0
    private(set) var meanFallingSlope = 0.0
    private(set) var stddevFallingSlope = 0.0

    private struct Extremum {
        var isMax: Bool
        var value: Double
        var index: Int
    }

    /// - Parameter step: seconds between samples.
    init(_ x: [Double], step: Double) {
        let n = x.count
        guard n > 0, let lo = x.min(), let hi = x.max() else { return }
        let threshold = 0.1 * (hi - lo)
        func below(_ difference: Double) -> Bool { difference < threshold }

        // Step 1: all strict local extrema.
        var list = [Extremum?]()
        if n > 4 {
            for i in 2..<(n - 2) {
                if x[i] > x[i - 1] && x[i] > x[i + 1] {
                    list.append(Extremum(isMax: true, value: x[i], index: i))
                } else if x[i] < x[i - 1] && x[i] < x[i + 1] {
                    list.append(Extremum(isMax: false, value: x[i], index: i))
                }
            }
        }
        // Step 2a: drop maxima that do not rise enough.
        var lastValue = x[0]
        var lastMin = x[0]
        var lastMax = x[0]
        var minFlag = false
        var lastMaxIndex: Int?
        for k in list.indices {
            guard let e = list[k] else { continue }
            if e.isMax {
                if below(abs(e.value - lastValue)) {
                    if below(e.value - lastMin) {
                        list[k] = nil
                    } else {
                        if e.value > lastMax * 1.05 {
                            if let previous = lastMaxIndex { list[previous] = nil }
                            lastMax = e.value
                            lastMaxIndex = k
                        } else if minFlag {
                            lastMax = e.value
                            lastMaxIndex = k
                        } else {
                            list[k] = nil
                        }
                        minFlag = false
                    }
                } else {
                    minFlag = false
                    lastMax = e.value
                    lastMaxIndex = k
                }
            } else if !below(abs(e.value - lastValue)) {
                minFlag = true
                lastMin = e.value
            }
            lastValue = e.value
        }
        // Step 2b: drop shallow minima.
        lastMax = x[0]
        for k in list.indices {
            guard let e = list[k] else { continue }
            if e.isMax {
                lastMax = e.value
            } else if below(lastMax - e.value) {
                list[k] = nil
            }
        }
        // Step 3: alternate maxima and minima.
        var kept = [Extremum]()
        for case let e? in list {
            if let last = kept.last, last.isMax == e.isMax {
                let better = e.isMax ? e.value > last.value : e.value < last.value
                if better { kept[kept.count - 1] = e }
            } else {
                kept.append(e)
            }
        }
        peakCount = kept.filter(\.isMax).count

        // Slopes.
        var rising = [Double]()
        var falling = [Double]()
        var maxValue = x[0]
        var maxIndex = 0
        var minValue = x[0]
        var minIndex = 0
        for e in kept {
            if e.isMax {
                maxValue = e.value
                maxIndex = e.index
                if maxIndex > minIndex {
                    rising.append((maxValue - minValue) / (Double(maxIndex - minIndex) * step))
                }
            } else {
                minValue = e.value
                minIndex = e.index
                if minIndex > maxIndex {
                    falling.append((maxValue - minValue) / (Double(minIndex - maxIndex) * step))
                }
            }
        }
        var risingSum = rising.reduce(0, +)
        var fallingSum = falling.reduce(0, +)
        var risingCount = rising.count
        var fallingCount = falling.count
        if let last = kept.last {
            let end = n - 1
            if last.isMax && end > maxIndex {
                fallingSum += (x[end] - maxValue) / (Double(end - maxIndex) * step)
                fallingCount += 1
            } else if !last.isMax && end > minIndex {
                risingSum += (x[end] - minValue) / (Double(end - minIndex) * step)
                risingCount += 1
            }
        } else {
            let slope = (x[n - 1] - x[0]) / Double(n)
            if slope > 0 {
                risingSum = slope
                risingCount = 1
            } else if slope < 0 {
                fallingSum = slope
                fallingCount = 1
            }
        }
        meanRisingSlope = risingCount > 0 ? risingSum / Double(risingCount) : 0
        meanFallingSlope = fallingCount > 0 ? fallingSum / Double(fallingCount) : 0
        func deviation(_ slopes: [Double], mean: Double, count: Int) -> Double {
            let squares = slopes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return (count > 1 ? squares / Double(count) : squares).squareRoot()
        }
        stddevRisingSlope = deviation(rising, mean: meanRisingSlope, count: risingCount)
        stddevFallingSlope = deviation(falling, mean: meanFallingSlope, count: fallingCount)
    }
}
