import Foundation

/// Settings of `PitchTracker`. Defaults follow eGeMAPS' search range (55–1000 Hz, 60 ms frames, 10 ms
/// hop) and Praat's path-finder weights.
public struct PitchTrackerConfiguration: Sendable, Hashable {
    /// Lowest F0 searched, Hz.
    public var minFrequency: Double = 55
    /// Highest F0 searched, Hz.
    public var maxFrequency: Double = 1000
    /// Analysis frame length, seconds. Must hold at least two periods of `minFrequency`-ish speech.
    public var frameDuration: Double = 0.060
    /// Step between frames, seconds.
    public var hopDuration: Double = 0.010
    /// Period candidates kept per frame (1…254).
    public var candidateCount: Int = 6
    /// Local cost of declaring a frame unvoiced; a candidate whose YIN aperiodicity is below it is
    /// cheaper than "unvoiced".
    public var voicingThreshold: Double = 0.45
    /// Cost per octave below `maxFrequency`, favouring the shortest period among equally periodic
    /// candidates (it fights the sub-harmonic, "octave-down" error).
    public var octaveCost: Double = 0.04
    /// Transition cost per octave of F0 change between consecutive voiced frames (fights octave jumps).
    public var octaveJumpCost: Double = 0.35
    /// Transition cost between voiced and unvoiced frames (fights isolated voicing flips).
    public var voicedUnvoicedCost: Double = 0.14
    /// Frames whose RMS is below this fraction of the loudest frame's RMS count as silence (strongly
    /// biased towards unvoiced).
    public var silenceThreshold: Double = 0.03

    public init() {}
}

/// The F0 contour of a signal, one entry per frame.
public struct PitchTrack: Sendable, Equatable {
    /// F0 in Hz, `0` for unvoiced frames.
    public var frequencies: [Double]
    /// Soft voicing in [0, 1] of the chosen (or, if unvoiced, best) candidate: `1 −` YIN aperiodicity
    /// (`PitchTracker`), or the summed spectrum's `1 − mean/peak` (`SubharmonicSummationPitch`).
    public var voicingProbability: [Double]
    /// Normalized autocorrelation at the chosen period (0 when unvoiced), the input to ACF-based HNR
    /// (`PitchTracker` only; 0 from trackers that do not measure it).
    public var periodicity: [Double]
    /// RMS of each frame as the tracker analyses it (`PitchTracker`: the low-passed, decimated signal;
    /// `SubharmonicSummationPitch`: the windowed frame).
    public var frameRMS: [Double]
    /// Frame length and hop in samples; frame `i` covers samples `i·hop ..< i·hop + frameLength`.
    public var frameLength: Int
    public var hop: Int

    /// Whether frame `i` is voiced.
    public func isVoiced(_ i: Int) -> Bool { frequencies[i] > 0 }
}

/// A robust F0 tracker: YIN's cumulative-mean-normalized difference function gives up to
/// `candidateCount` period candidates per frame (parabolically refined local minima), and a Viterbi
/// search over candidates plus an "unvoiced" state picks the cheapest path, trading per-frame
/// aperiodicity against octave jumps and voicing flips (the path-finding of Boersma 1993 / Praat).
///
/// Candidates are searched on the signal low-passed and decimated to ≈ 8 kHz; the chosen period is then
/// refined at the full rate by maximizing the normalized cross-correlation near it, which also gives the
/// periodicity. The difference function is computed through the FFT (`d(τ) = e₀ + e_τ − 2·r(τ)`), so a frame costs two
/// forward and one inverse FFT. Reuse one tracker per worker (see `AnalysisContext`).
public final class PitchTracker {
    public let sampleRate: Int
    public let configuration: PitchTrackerConfiguration
    /// Frame length and hop in samples at `sampleRate`.
    public let frameLength: Int
    public let hop: Int
    /// Shortest and longest period searched, in samples at `sampleRate`.
    public let minLagSamples: Int
    let maxLagFull: Int
    let integrationFull: Int
    /// Candidates are searched on the signal low-passed and decimated by this factor (to ≈ 8 kHz):
    /// F0 lives below 1 kHz, high harmonics only decorrelate under jitter, and it is cheaper.
    public let decimation: Int
    let lowRate: Double
    let lowpass: [Float]
    let frameLengthLow: Int
    /// Frame length in samples of the decimated signal (`decimate`).
    public var decimatedFrameLength: Int { frameLengthLow }
    let minLag: Int
    let maxLag: Int
    let integrationLength: Int
    private let fft: RealFFT
    private var frame: [Float]
    private var head: [Float]
    private var xr: [Float], xi: [Float], yr: [Float], yi: [Float]
    private var cross: [Float]
    private var energy: [Double]
    private var cmnd: [Double]

    public init(
        sampleRate: Int, configuration: PitchTrackerConfiguration = .init(), context: AnalysisContext
    ) {
        precondition(
            configuration.minFrequency > 0 && configuration.maxFrequency > configuration.minFrequency)
        precondition((1...254).contains(configuration.candidateCount))
        self.sampleRate = sampleRate
        self.configuration = configuration
        let sr = Double(sampleRate)
        hop = max(1, Int((configuration.hopDuration * sr).rounded()))
        maxLagFull = Int((sr / configuration.minFrequency).rounded(.up)) + 1
        minLagSamples = max(2, Int((sr / configuration.maxFrequency).rounded(.down)))
        frameLength = max(Int((configuration.frameDuration * sr).rounded()), 2 * maxLagFull + 2)
        integrationFull = frameLength - maxLagFull - 1
        decimation = max(1, min(sampleRate / 8_000, Int(sr / (4 * configuration.maxFrequency))))
        lowRate = sr / Double(decimation)
        lowpass = Self.lowpassFilter(decimation: decimation)
        maxLag = Int((lowRate / configuration.minFrequency).rounded(.up)) + 1
        minLag = max(2, Int((lowRate / configuration.maxFrequency).rounded(.down)))
        frameLengthLow = max(Int((configuration.frameDuration * lowRate).rounded()), 2 * maxLag + 2)
        integrationLength = frameLengthLow - maxLag - 1
        fft = context.fft(size: nextPowerOfTwo(frameLengthLow))
        frame = [Float](repeating: 0, count: fft.size)
        head = frame
        xr = [Float](repeating: 0, count: fft.binCount)
        xi = xr
        yr = xr
        yi = xr
        cross = frame
        energy = [Double](repeating: 0, count: frameLengthLow + 1)
        cmnd = [Double](repeating: 1, count: maxLag + 2)
    }

    /// Hamming-windowed sinc low-pass with cutoff at 0.45 of the decimated rate (anti-aliasing).
    static func lowpassFilter(decimation: Int) -> [Float] {
        guard decimation > 1 else { return [1] }
        let half = 8 * decimation
        let cutoff = 0.45 / Double(decimation)  // cycles per input sample
        var taps = (0...(2 * half)).map { n -> Double in
            let x = Double(n - half)
            let sinc = x == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * x) / (Double.pi * x)
            return sinc * (0.54 + 0.46 * cos(Double.pi * x / Double(half)))
        }
        let gain = taps.reduce(0, +)
        taps = taps.map { $0 / gain }
        return taps.map { Float($0) }
    }

    /// The low-passed signal sampled every `decimation` input samples (sampling rate
    /// `sampleRate / decimation`), on which candidates are searched.
    public func decimate(_ signal: [Float]) -> [Float] {
        guard decimation > 1 else { return signal }
        let count = (signal.count + decimation - 1) / decimation
        var out = [Float](repeating: 0, count: count)
        signal.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { decimate(x, range: 0..<count, into: $0) }
        }
        return out
    }

    /// Decimated samples `range` of `x` (as `decimate` computes them) into `out`; `decimation > 1`.
    private func decimate(
        _ x: UnsafeBufferPointer<Float>, range: Range<Int>, into out: UnsafeMutableBufferPointer<Float>
    ) {
        let half = lowpass.count / 2
        lowpass.withUnsafeBufferPointer { h in
            for i in range {
                let center = i * decimation
                let lo = max(0, half - center)
                let hi = min(h.count, x.count - center + half)
                var sum: Float = 0
                if lo < hi { for j in lo..<hi { sum += h[j] * x[center + j - half] } }
                out[i - range.lowerBound] = sum
            }
        }
    }

    /// Tracks F0 over `frames` frames of `signal` (frame `i` starts at `i·hop`; samples past the end read
    /// as zero). Pass `nil` for `frameCount(sampleCount:)` frames.
    public func track(_ signal: [Float], frames: Int? = nil) -> PitchTrack {
        track(signal, frames: frames, decimatedBlockLength: 1 << 16)
    }

    /// `track` computing the decimated signal `decimatedBlockLength` samples at a time (at least a
    /// frame), so a long recording never holds a whole low-rate copy; every block length gives the
    /// same track.
    func track(_ signal: [Float], frames: Int?, decimatedBlockLength: Int) -> PitchTrack {
        let frameTotal = frames ?? frameCount(sampleCount: signal.count)
        let k = configuration.candidateCount
        var lags = [Double](repeating: 0, count: frameTotal * k)
        var values = [Double](repeating: 1, count: frameTotal * k)
        var counts = [UInt8](repeating: 0, count: frameTotal)
        var rms = [Double](repeating: 0, count: frameTotal)
        let lowCount = (signal.count + decimation - 1) / decimation
        var block = [Float](repeating: 0, count: decimation > 1 ? max(frameLengthLow, decimatedBlockLength) : 0)
        var blockRange = 0..<0
        signal.withUnsafeBufferPointer { x in
            block.withUnsafeMutableBufferPointer { b in
                for t in 0..<frameTotal {
                    let start = t * hop / decimation
                    let available = max(0, min(frameLengthLow, lowCount - start))
                    frame.withUnsafeMutableBufferPointer { f in
                        if decimation == 1 {
                            for i in 0..<available { f[i] = x[start + i] }
                        } else {
                            if available > 0
                                && (start < blockRange.lowerBound || start + available > blockRange.upperBound)
                            {
                                blockRange = start..<min(lowCount, start + b.count)
                                decimate(x, range: blockRange, into: b)
                            }
                            let offset = start - blockRange.lowerBound
                            for i in 0..<available { f[i] = b[offset + i] }
                        }
                        for i in available..<f.count { f[i] = 0 }
                    }
                    var count = 0
                    rms[t] = analyzeFrame(candidateLags: &lags, values: &values, offset: t * k, count: &count)
                    counts[t] = UInt8(count)
                }
            }
        }
        var result = choosePath(lags: lags, values: values, counts: counts, rms: rms)
        signal.withUnsafeBufferPointer { x in
            for t in 0..<frameTotal where result.frequencies[t] > 0 {
                let coarse = Double(sampleRate) / result.frequencies[t]
                let (lag, periodicity) = refine(x, start: t * hop, coarseLag: coarse)
                result.frequencies[t] = Double(sampleRate) / lag
                result.periodicity[t] = periodicity
            }
        }
        return result
    }

    /// Full-rate period and normalized cross-correlation near `coarseLag`: the integer lag maximizing
    /// `r(τ)/√(e₀·e_τ)` within ±(decimation/2 + 1) samples (the coarse lag is already parabolically
    /// interpolated to a fraction of a decimated sample), refined by a parabola through its neighbours.
    private func refine(_ x: UnsafeBufferPointer<Float>, start: Int, coarseLag: Double) -> (
        lag: Double, periodicity: Double
    ) {
        let w = integrationFull
        let center = Int(coarseLag.rounded())
        let lo = max(minLagSamples, center - decimation / 2 - 1)
        let hi = min(maxLagFull, center + decimation / 2 + 1)
        guard lo < hi else { return (coarseLag, 0) }
        func sample(_ i: Int) -> Double {
            let index = start + i
            return index < x.count ? Double(x[index]) : 0
        }
        var e0 = 0.0
        for j in 0..<w { e0 += sample(j) * sample(j) }
        func normalized(_ tau: Int) -> Double {
            var r = 0.0
            var e = 0.0
            let end = min(w, x.count - start - tau)
            if end > 0 {
                for j in 0..<end {
                    let a = Double(x[start + j])
                    let b = Double(x[start + j + tau])
                    r += a * b
                    e += b * b
                }
            }
            let norm = (e0 * e).squareRoot()
            return norm > 0 ? r / norm : 0
        }
        var bestLag = lo
        var best = -Double.infinity
        var previous = normalized(lo - 1)
        var current = normalized(lo)
        var bestNeighbours = (previous, previous)
        for tau in lo...hi {
            let next = normalized(tau + 1)
            if current > best {
                best = current
                bestLag = tau
                bestNeighbours = (previous, next)
            }
            previous = current
            current = next
        }
        let (a, c) = bestNeighbours
        let curvature = a - 2 * best + c
        guard curvature < 0, best >= a, best >= c else {
            return (Double(bestLag), max(0, min(1, best)))
        }
        let delta = 0.5 * (a - c) / curvature
        return (Double(bestLag) + delta, max(0, min(1, best - 0.25 * (a - c) * delta)))
    }

    /// Fills the candidates of one frame (already in `frame`), returns the frame RMS.
    private func analyzeFrame(
        candidateLags: inout [Double], values: inout [Double], offset: Int, count: inout Int
    ) -> Double {
        let n = frameLengthLow
        let w = integrationLength
        let k = configuration.candidateCount
        count = 0
        var frameEnergy = 0.0
        frame.withUnsafeMutableBufferPointer { f in
            energy.withUnsafeMutableBufferPointer { e in
                e[0] = 0
                for i in 0..<n { e[i + 1] = e[i] + Double(f[i]) * Double(f[i]) }
                frameEnergy = e[n]
            }
        }
        let rms = (frameEnergy / Double(n)).squareRoot()
        // Digital silence (or near): no period to find.
        guard frameEnergy > 1e-12 * Double(n) else { return rms }

        frame.withUnsafeBufferPointer { f in
            head.withUnsafeMutableBufferPointer { h in
                for i in 0..<w { h[i] = f[i] }
                for i in w..<h.count { h[i] = 0 }
            }
            xr.withUnsafeMutableBufferPointer { xrp in
                xi.withUnsafeMutableBufferPointer { xip in
                    fft.forward(f, real: xrp, imag: xip)
                    yr.withUnsafeMutableBufferPointer { yrp in
                        yi.withUnsafeMutableBufferPointer { yip in
                            head.withUnsafeBufferPointer { fft.forward($0, real: yrp, imag: yip) }
                            // X·conj(Y) → r[τ] = Σ_j y[j]·x[j+τ]; stored back into yr/yi.
                            for b in 0..<fft.binCount {
                                let re = xrp[b] * yrp[b] + xip[b] * yip[b]
                                let im = xip[b] * yrp[b] - xrp[b] * yip[b]
                                yrp[b] = re
                                yip[b] = im
                            }
                            cross.withUnsafeMutableBufferPointer { c in
                                fft.inverse(
                                    real: UnsafeBufferPointer(yrp), imag: UnsafeBufferPointer(yip), output: c)
                            }
                        }
                    }
                }
            }
        }

        energy.withUnsafeBufferPointer { e in
            cross.withUnsafeBufferPointer { r in
                cmnd.withUnsafeMutableBufferPointer { d in
                    let e0 = e[w]
                    d[0] = 1
                    var running = 0.0
                    for tau in 1...(maxLag + 1) {
                        let et = e[tau + w] - e[tau]
                        let diff = max(0, e0 + et - 2 * Double(r[tau]))
                        running += diff
                        d[tau] = running > 0 ? diff * Double(tau) / running : 1
                    }
                    for tau in minLag...maxLag {
                        let a = d[tau - 1]
                        let b = d[tau]
                        let c = d[tau + 1]
                        guard b < a && b <= c else { continue }
                        let curvature = a - 2 * b + c
                        let delta = curvature > 0 ? 0.5 * (a - c) / curvature : 0
                        let value = max(0, b - 0.25 * (a - c) * delta)
                        insertCandidate(
                            lag: Double(tau) + delta, value: value, lags: &candidateLags, values: &values,
                            offset: offset, capacity: k, count: &count)
                    }
                }
            }
        }
        return rms
    }

    private func insertCandidate(
        lag: Double, value: Double, lags: inout [Double], values: inout [Double], offset: Int, capacity: Int,
        count: inout Int
    ) {
        var position = count
        if count == capacity {
            guard value < values[offset + capacity - 1] else { return }
            position = capacity - 1
        } else {
            count += 1
        }
        while position > 0 && values[offset + position - 1] > value {
            lags[offset + position] = lags[offset + position - 1]
            values[offset + position] = values[offset + position - 1]
            position -= 1
        }
        lags[offset + position] = lag
        values[offset + position] = value
    }

    /// The cheapest path through the candidates. The track's periodicity is 0 here: `track` measures it
    /// at the full rate for every voiced frame.
    private func choosePath(lags: [Double], values: [Double], counts: [UInt8], rms: [Double]) -> PitchTrack {
        let frames = counts.count
        let k = configuration.candidateCount
        let states = k + 1
        let unvoiced = k
        let sr = lowRate
        let loudest = rms.max() ?? 0
        let c = configuration
        var frequencies = [Double](repeating: 0, count: frames)
        var probability = [Double](repeating: 0, count: frames)
        let periodicity = [Double](repeating: 0, count: frames)
        guard frames > 0 else {
            return PitchTrack(
                frequencies: [], voicingProbability: [], periodicity: [], frameRMS: rms,
                frameLength: frameLength, hop: hop)
        }

        func localCost(_ t: Int, _ s: Int) -> Double {
            if s == unvoiced { return c.voicingThreshold }
            if s >= Int(counts[t]) { return .infinity }
            let f = sr / lags[t * k + s]
            var cost = values[t * k + s] + c.octaveCost * log2(c.maxFrequency / f)
            if rms[t] < c.silenceThreshold * loudest { cost += 1 }
            return cost
        }
        func transitionCost(_ t: Int, _ from: Int, _ to: Int) -> Double {
            let fromVoiced = from != unvoiced
            let toVoiced = to != unvoiced
            if fromVoiced && toVoiced {
                return c.octaveJumpCost * abs(log2(lags[(t - 1) * k + from] / lags[t * k + to]))
            }
            return fromVoiced == toVoiced ? 0 : c.voicedUnvoicedCost
        }

        var cost = [Double](repeating: .infinity, count: states)
        var next = cost
        var back = [UInt8](repeating: UInt8(unvoiced), count: frames * states)
        for s in 0..<states { cost[s] = localCost(0, s) }
        if frames > 1 {
            for t in 1..<frames {
                for s in 0..<states {
                    let local = localCost(t, s)
                    guard local.isFinite else {
                        next[s] = .infinity
                        continue
                    }
                    var best = Double.infinity
                    var bestFrom = unvoiced
                    for p in 0..<states where cost[p].isFinite {
                        let total = cost[p] + transitionCost(t, p, s)
                        if total < best {
                            best = total
                            bestFrom = p
                        }
                    }
                    next[s] = best + local
                    back[t * states + s] = UInt8(bestFrom)
                }
                swap(&cost, &next)
            }
        }
        var state = unvoiced
        var best = Double.infinity
        for s in 0..<states where cost[s] < best {
            best = cost[s]
            state = s
        }
        for t in stride(from: frames - 1, through: 0, by: -1) {
            if state != unvoiced {
                frequencies[t] = sr / lags[t * k + state]
                probability[t] = min(1, max(0, 1 - values[t * k + state]))
            } else if counts[t] > 0 {
                probability[t] = min(1, max(0, 1 - values[t * k]))
            }
            state = Int(back[t * states + state])
        }
        return PitchTrack(
            frequencies: frequencies, voicingProbability: probability, periodicity: periodicity,
            frameRMS: rms, frameLength: frameLength, hop: hop)
    }
}
