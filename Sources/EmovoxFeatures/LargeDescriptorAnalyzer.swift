import EmovoxDSP
import Foundation

/// Computes every `LargeDescriptor` of a signal, once per frame, into a descriptor-major matrix.
///
/// One instance per worker (cached in the `AnalysisContext`): FFT plan, filterbank, DCT and every per-frame
/// scratch buffer are built once, so the frame loop allocates nothing. Not thread-safe.
final class LargeDescriptorAnalyzer {
    struct Key: Hashable {
        var sampleRate: Int
        var pitch: PitchTrackerConfiguration
    }

    let sampleRate: Int
    let layout: FrameLayout
    let hopSeconds: Double
    private let fft: RealFFT
    private let window: [Float]
    private let loudness: AuditoryLoudness
    private let loudnessWeights: [Double]
    /// Zwicker weighting `g(z)·z` of each mel band (sharpness numerator).
    private let sharpnessWeights: [Double]
    private let dct: DCT2
    private let lifter: [Double]
    private let tracker: PitchTracker
    private let perturbation: PeriodPerturbation
    private let gauss: [Float]
    private let binFrequencies: [Double]
    private let band250To650: ClosedRange<Int>
    private let band1000To4000: ClosedRange<Int>
    /// Σ f, Σ f² (kHz) over all bins: the slope regression's constant sums.
    private let slopeSums: (f: Double, ff: Double)

    private var frame: [Float]
    private var power: [Float]
    private var normalized: [Double]
    private var previousNormalized: [Double]
    private var decibels: [Double]
    private var mel: [Double]
    private var logMel: [Double]
    private var cepstrum: [Double]

    /// Descriptor matrix, row `d` (a `LargeRow`) at `d·frames ..< (d+1)·frames`. Valid after `analyze`.
    private(set) var matrix: [Double] = []
    private(set) var frames = 0

    init(sampleRate: Int, pitch: PitchTrackerConfiguration, context: AnalysisContext) {
        self.sampleRate = sampleRate
        let sr = Double(sampleRate)
        tracker = PitchTracker(sampleRate: sampleRate, configuration: pitch, context: context)
        // The pitch grid defines the hop, so descriptor frame t and pitch frame t start together.
        let frameLength = max(2, Int((0.025 * sr).rounded()))
        layout = FrameLayout(frameLength: frameLength, hop: tracker.hop, centered: false)
        hopSeconds = Double(tracker.hop) / sr
        fft = context.fft(size: nextPowerOfTwo(frameLength))
        window = WindowFunction.hamming.coefficients(length: frameLength)
        loudness = AuditoryLoudness(
            fftSize: fft.size, sampleRate: sr, bandCount: LargeDescriptor.melBandCount)
        let centers = loudness.filterbank.centerFrequencies
        loudnessWeights = centers.map(AuditoryLoudness.equalLoudness)
        sharpnessWeights = centers.map { f in
            let z = 26.81 * f / (1_960 + f) - 0.53
            return (z <= 15.8 ? 1 : 0.066 * exp(0.171 * z)) * z
        }
        dct = DCT2(
            inputCount: LargeDescriptor.melBandCount, outputCount: LargeDescriptor.mfccCount + 1,
            scaling: .htk)
        lifter = (0...LargeDescriptor.mfccCount).map { 1 + 11 * sin(Double.pi * Double($0) / 22) }
        perturbation = PeriodPerturbation(
            maxPeriods: tracker.frameLength / max(tracker.minLagSamples, 1) + 2)
        gauss = WindowFunction.gaussian(sigma: 0.4).coefficients(length: tracker.frameLength)
        let bins = fft.binCount
        let binHz = sr / Double(fft.size)
        binFrequencies = (0..<bins).map { Double($0) * binHz }
        func band(_ lo: Double, _ hi: Double) -> ClosedRange<Int> {
            let a = min(bins - 1, max(0, Int((lo / binHz).rounded(.up))))
            return a...min(bins - 1, max(a, Int((hi / binHz).rounded(.down))))
        }
        band250To650 = band(250, 650)
        band1000To4000 = band(1_000, 4_000)
        let kHz = binFrequencies.map { $0 / 1_000 }
        slopeSums = (kHz.reduce(0, +), kHz.reduce(0) { $0 + $1 * $1 })
        frame = [Float](repeating: 0, count: fft.size)
        power = [Float](repeating: 0, count: bins)
        normalized = [Double](repeating: 0, count: bins)
        previousNormalized = normalized
        decibels = normalized
        mel = [Double](repeating: 0, count: LargeDescriptor.melBandCount)
        logMel = mel
        cepstrum = [Double](repeating: 0, count: LargeDescriptor.mfccCount + 1)
    }

    /// Fills `matrix` with the descriptors of `signal` (non-empty) and returns the frame count.
    @discardableResult
    func analyze(_ signal: [Float]) -> Int {
        frames = layout.frameCount(sampleCount: signal.count)
        let size = LargeRow.count * frames
        if matrix.count < size { matrix = [Double](repeating: 0, count: size) }
        guard frames > 0 else { return 0 }
        let track = tracker.track(signal, frames: frames)
        for k in previousNormalized.indices { previousNormalized[k] = 0 }
        let n = frames
        signal.withUnsafeBufferPointer { samples in
            matrix.withUnsafeMutableBufferPointer { m in
                for t in 0..<n {
                    spectralFrame(t, samples: samples, matrix: m)
                    voiceFrame(t, track: track, samples: samples, matrix: m)
                }
            }
        }
        return frames
    }

    /// Everything measured on the 25 ms frame `t`.
    private func spectralFrame(
        _ t: Int, samples: UnsafeBufferPointer<Float>, matrix m: UnsafeMutableBufferPointer<Double>
    ) {
        let n = frames
        let length = layout.frameLength
        let start = layout.start(ofFrame: t)
        let end = min(samples.count, start + length)
        var sumSquares = 0.0
        var crossings = 0
        if start < end {
            var previous = samples[start]
            for i in start..<end {
                let v = samples[i]
                sumSquares += Double(v) * Double(v)
                // A sign change; exact zeros neither start nor end a crossing.
                if (v > 0 && previous < 0) || (v < 0 && previous > 0) { crossings += 1 }
                if v != 0 { previous = v }
            }
        }
        m[LargeRow.rmsEnergy * n + t] = (sumSquares / Double(length)).squareRoot()
        m[LargeRow.zeroCrossingRate * n + t] = Double(crossings) / Double(length)

        frame.withUnsafeMutableBufferPointer { f in
            window.withUnsafeBufferPointer { w in layout.copyFrame(t, of: samples, window: w, into: f) }
            for i in length..<f.count { f[i] = 0 }
            power.withUnsafeMutableBufferPointer { p in fft.powerSpectrum(UnsafeBufferPointer(f), into: p) }
        }
        power.withUnsafeBufferPointer { p in
            powerDescriptors(t, power: p, matrix: m)
            magnitudeDescriptors(t, power: p, matrix: m)
            melDescriptors(t, power: p, matrix: m)
        }
    }

    /// Band energies, roll-off points, dB-spectrum slope and harmonicity.
    private func powerDescriptors(
        _ t: Int, power p: UnsafeBufferPointer<Float>, matrix m: UnsafeMutableBufferPointer<Double>
    ) {
        let n = frames
        let bins = p.count
        var total = 0.0
        for k in 0..<bins { total += Double(p[k]) }
        var low = 0.0
        for k in band250To650 { low += Double(p[k]) }
        var high = 0.0
        for k in band1000To4000 { high += Double(p[k]) }
        m[LargeRow.band250To650 * n + t] = low
        m[LargeRow.band1000To4000 * n + t] = high

        // Roll-off: one cumulative pass serves all points (they are ascending).
        let points = LargeDescriptor.rollOffPoints
        var point = 0
        var cumulative = 0.0
        if total > 0 {
            for k in 0..<bins where point < points.count {
                cumulative += Double(p[k])
                while point < points.count && cumulative >= points[point] * total {
                    m[(LargeRow.rollOff + point) * n + t] = binFrequencies[k]
                    point += 1
                }
            }
        }
        // Rounding can leave the last point unreached by a hair: it lies at the top bin.
        while point < points.count {
            m[(LargeRow.rollOff + point) * n + t] = total > 0 ? binFrequencies[bins - 1] : 0
            point += 1
        }

        var sumY = 0.0
        var sumFY = 0.0
        var harmonicity = 0.0
        var peaks = 0
        decibels.withUnsafeMutableBufferPointer { db in
            binFrequencies.withUnsafeBufferPointer { f in
                for k in 0..<bins {
                    let y = 10 * log10(Double(p[k]) + 1e-10)
                    db[k] = y
                    sumY += y
                    sumFY += f[k] * 1e-3 * y
                }
            }
            // Peak-to-valley heights of the dB spectrum: each local maximum against the last minimum.
            var valley = db[0]
            if bins >= 3 {
                for k in 1..<(bins - 1) {
                    let y = db[k]
                    if y < db[k - 1] && y <= db[k + 1] {
                        valley = y
                    } else if y > db[k - 1] && y >= db[k + 1] {
                        harmonicity += y - valley
                        peaks += 1
                    }
                }
            }
        }
        let count = Double(bins)
        let denominator = count * slopeSums.ff - slopeSums.f * slopeSums.f
        m[LargeRow.slope * n + t] = denominator > 0 ? (count * sumFY - slopeSums.f * sumY) / denominator : 0
        m[LargeRow.harmonicity * n + t] = peaks > 0 ? harmonicity / Double(peaks) : 0
    }

    /// Moments, entropy and flux of the sum-normalized magnitude spectrum.
    private func magnitudeDescriptors(
        _ t: Int, power p: UnsafeBufferPointer<Float>, matrix m: UnsafeMutableBufferPointer<Double>
    ) {
        let n = frames
        let bins = p.count
        var centroid = 0.0
        var variance = 0.0
        var skewness = 0.0
        var kurtosis = 0.0
        var entropy = 0.0
        var flux = 0.0
        normalized.withUnsafeMutableBufferPointer { w in
            previousNormalized.withUnsafeMutableBufferPointer { previous in
                binFrequencies.withUnsafeBufferPointer { f in
                    var total = 0.0
                    for k in 0..<bins {
                        let magnitude = Double(p[k]).squareRoot()
                        w[k] = magnitude
                        total += magnitude
                    }
                    let scale = total > 0 ? 1 / total : 0
                    for k in 0..<bins {
                        let v = w[k] * scale
                        w[k] = v
                        centroid += f[k] * v
                        if v > 0 { entropy -= v * log2(v) }
                        let d = v - previous[k]
                        flux += d * d
                        previous[k] = v
                    }
                    var m2 = 0.0
                    var m3 = 0.0
                    var m4 = 0.0
                    for k in 0..<bins {
                        let d = f[k] - centroid
                        let d2 = d * d * w[k]
                        m2 += d2
                        m3 += d2 * d
                        m4 += d2 * d * d
                    }
                    variance = m2
                    if m2 > 0 {
                        skewness = m3 / (m2 * m2.squareRoot())
                        kurtosis = m4 / (m2 * m2)
                    }
                }
            }
        }
        m[LargeRow.centroid * n + t] = centroid
        m[LargeRow.variance * n + t] = variance
        m[LargeRow.skewness * n + t] = skewness
        m[LargeRow.kurtosis * n + t] = kurtosis
        m[LargeRow.entropy * n + t] = entropy
        m[LargeRow.flux * n + t] = t == 0 ? 0 : flux
    }

    /// Loudness, sharpness, log-mel bands and MFCCs from the 26-band mel power.
    private func melDescriptors(
        _ t: Int, power p: UnsafeBufferPointer<Float>, matrix m: UnsafeMutableBufferPointer<Double>
    ) {
        let n = frames
        let bands = LargeDescriptor.melBandCount
        var total = 0.0
        var weighted = 0.0
        mel.withUnsafeMutableBufferPointer { e in
            loudness.filterbank.apply(p, into: e)
            logMel.withUnsafeMutableBufferPointer { l in
                for b in 0..<bands {
                    // Specific loudness as `AuditoryLoudness.loudness` computes it, kept per band for
                    // sharpness.
                    let v = loudnessWeights[b] * e[b]
                    let specific = v > 0 ? pow(v, AuditoryLoudness.compression) : 0
                    total += specific
                    weighted += specific * sharpnessWeights[b]
                    l[b] = log(max(e[b], 1e-10))
                    m[(LargeRow.logMel + b) * n + t] = l[b]
                }
                cepstrum.withUnsafeMutableBufferPointer { c in
                    dct.apply(UnsafeBufferPointer(l), into: c)
                    for k in 1...LargeDescriptor.mfccCount {
                        m[(LargeRow.mfcc + k - 1) * n + t] = c[k] * lifter[k]
                    }
                }
            }
        }
        m[LargeRow.loudness * n + t] = total
        m[LargeRow.sharpness * n + t] = total > 0 ? 0.11 * weighted / total : 0
    }

    /// Voicing probability in every frame; F0, jitter, shimmer and HNR in voiced frames, `nan` elsewhere.
    private func voiceFrame(
        _ t: Int, track: PitchTrack, samples: UnsafeBufferPointer<Float>,
        matrix m: UnsafeMutableBufferPointer<Double>
    ) {
        let n = frames
        m[LargeRow.voicingProbability * n + t] = track.voicingProbability[t]
        m[LargeRow.f0 * n + t] = .nan
        m[LargeRow.jitter * n + t] = .nan
        m[LargeRow.shimmer * n + t] = .nan
        m[LargeRow.harmonicsToNoise * n + t] = .nan
        let f0 = track.frequencies[t]
        guard f0 > 0 else { return }
        let start = t * tracker.hop
        let available = max(0, min(tracker.frameLength, samples.count - start))
        var energy = 0.0
        for i in 0..<available {
            let v = Double(samples[start + i] * gauss[i])
            energy += v * v
        }
        // openSMILE's energy gate (as in `gemaps`): a near-silent frame is not voiced, whatever its shape.
        guard (energy / Double(tracker.frameLength)).squareRoot() >= 0.001 else { return }
        m[LargeRow.f0 * n + t] = 12 * log2(f0 / 27.5)
        m[LargeRow.harmonicsToNoise * n + t] = Harmonicity.harmonicsToNoiseDecibels(
            periodicity: track.periodicity[t])
        guard available > 0 else { return }
        let raw = UnsafeBufferPointer(rebasing: samples[start..<(start + available)])
        if let p = perturbation.measure(raw, period: Double(sampleRate) / f0) {
            m[LargeRow.jitter * n + t] = p.jitterLocal
            m[LargeRow.shimmer * n + t] = p.shimmerLocalDB
        }
    }
}
