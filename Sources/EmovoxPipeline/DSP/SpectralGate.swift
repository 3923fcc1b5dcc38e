import EmovoxDSP
import Foundation

/// Stationary spectral gating: bins whose level does not rise above a per-frequency noise threshold
/// are attenuated, through a mask smoothed over time and frequency to avoid musical noise.
///
/// The STFT uses a periodic Hann window with 75 % overlap; resynthesis windows again and divides by
/// the summed squared window, so a mask of all ones returns the input (up to float rounding).
struct SpectralGate {
    let step: DenoiseStep
    let fftSize: Int
    let hop: Int
    let window: [Float]

    init(step: DenoiseStep) {
        self.step = step
        fftSize = step.fftSize
        hop = step.fftSize / 4
        window = (0..<step.fftSize).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(step.fftSize))) }
    }

    /// STFT of a signal padded by `fftSize` zeros on each side (so every sample is covered by
    /// full-weight frames). Real and imaginary parts, frame-major.
    private struct Spectrogram {
        var frames: Int
        var bins: Int
        var real: [Float]
        var imag: [Float]
    }

    private func stft(_ signal: [Float], fft: RealFFT) -> Spectrogram {
        let padded = [Float](repeating: 0, count: fftSize) + signal + [Float](repeating: 0, count: fftSize)
        let frames = (padded.count - fftSize) / hop + 1
        let bins = fftSize / 2 + 1
        var real = [Float](repeating: 0, count: frames * bins)
        var imag = [Float](repeating: 0, count: frames * bins)
        var buffer = [Float](repeating: 0, count: fftSize)
        padded.withUnsafeBufferPointer { x in
            window.withUnsafeBufferPointer { w in
                for t in 0..<frames {
                    let start = t * hop
                    buffer.withUnsafeMutableBufferPointer { b in
                        for i in 0..<fftSize { b[i] = x[start + i] * w[i] }
                    }
                    real.withUnsafeMutableBufferPointer { re in
                        imag.withUnsafeMutableBufferPointer { im in
                            buffer.withUnsafeBufferPointer { b in
                                fft.forward(
                                    b, real: UnsafeMutableBufferPointer(rebasing: re[(t * bins)..<((t + 1) * bins)]),
                                    imag: UnsafeMutableBufferPointer(rebasing: im[(t * bins)..<((t + 1) * bins)]))
                            }
                        }
                    }
                }
            }
        }
        return Spectrogram(frames: frames, bins: bins, real: real, imag: imag)
    }

    private static func levelsDB(_ s: Spectrogram) -> [Float] {
        var db = [Float](repeating: 0, count: s.real.count)
        for i in db.indices {
            db[i] = 10 * log10(s.real[i] * s.real[i] + s.imag[i] * s.imag[i] + 1e-20)
        }
        return db
    }

    /// Per-bin noise threshold in dB: mean + k·std of the noise frames' levels.
    private func threshold(levels: [Float], bins: Int, frames: [Int]) -> [Float] {
        var threshold = [Float](repeating: 0, count: bins)
        let n = Double(frames.count)
        for k in 0..<bins {
            var sum = 0.0
            var sumSquares = 0.0
            for t in frames {
                let v = Double(levels[t * bins + k])
                sum += v
                sumSquares += v * v
            }
            let mean = sum / n
            let std = max(0, sumSquares / n - mean * mean).squareRoot()
            threshold[k] = Float(mean + step.thresholdStdDevs * std)
        }
        return threshold
    }

    /// Frames lying entirely inside the original signal (not touching the zero padding).
    private func interiorFrames(frames: Int, signalLength: Int) -> [Int] {
        (0..<frames).filter { $0 * hop >= fftSize && $0 * hop + fftSize <= fftSize + signalLength }
    }

    /// Denoises `signal`; `noise`, when given, supplies the noise profile instead of the quietest frames.
    func apply(_ signal: [Float], noise: [Float]?) -> [Float] {
        guard signal.count > 0 else { return signal }
        let fft = RealFFT(size: fftSize)
        var spectrogram = stft(signal, fft: fft)
        let bins = spectrogram.bins
        let levels = Self.levelsDB(spectrogram)
        let threshold: [Float]
        if let noise, !noise.isEmpty {
            let noiseSpectrogram = stft(noise, fft: fft)
            let noiseLevels = Self.levelsDB(noiseSpectrogram)
            var frames = interiorFrames(frames: noiseSpectrogram.frames, signalLength: noise.count)
            if frames.isEmpty { frames = Array(0..<noiseSpectrogram.frames) }
            threshold = self.threshold(levels: noiseLevels, bins: bins, frames: frames)
        } else {
            var candidates = interiorFrames(frames: spectrogram.frames, signalLength: signal.count)
            if candidates.isEmpty { candidates = Array(0..<spectrogram.frames) }
            let energies = candidates.map { t -> Double in
                var e = 0.0
                for k in 0..<bins {
                    let i = t * bins + k
                    e += Double(spectrogram.real[i] * spectrogram.real[i] + spectrogram.imag[i] * spectrogram.imag[i])
                }
                return e
            }
            // Sort by energy, ties by frame index, so the choice is deterministic.
            let order = candidates.indices.sorted { (energies[$0], candidates[$0]) < (energies[$1], candidates[$1]) }
            guard case .quietestFrames(let fraction) = step.noise else { return signal }
            let count = max(1, Int((Double(candidates.count) * fraction).rounded()))
            threshold = self.threshold(levels: levels, bins: bins, frames: order.prefix(count).map { candidates[$0] })
        }
        // Binary keep-mask, then separable triangular smoothing along frequency and time.
        var mask = [Float](repeating: 0, count: levels.count)
        for t in 0..<spectrogram.frames {
            for k in 0..<bins where levels[t * bins + k] > threshold[k] { mask[t * bins + k] = 1 }
        }
        let freqHalf = frequencyHalfWidth
        let timeHalf = timeHalfWidth
        mask = Self.smooth(mask, frames: spectrogram.frames, bins: bins, halfWidth: freqHalf, alongTime: false)
        mask = Self.smooth(mask, frames: spectrogram.frames, bins: bins, halfWidth: timeHalf, alongTime: true)
        let reduction = Float(step.reduction)
        for i in mask.indices {
            let gain = 1 - reduction * (1 - mask[i])
            spectrogram.real[i] *= gain
            spectrogram.imag[i] *= gain
        }
        return istft(spectrogram, fft: fft, length: signal.count)
    }

    /// Set by `forRate`; smoothing widths are given in ms and Hz and need the rate to become bins.
    var sampleRateForSmoothing = 16_000
    private var frequencyHalfWidth: Int {
        Int((step.smoothingHertz / (Double(sampleRateForSmoothing) / Double(fftSize))).rounded())
    }
    private var timeHalfWidth: Int {
        Int((step.smoothingMilliseconds / 1000 * Double(sampleRateForSmoothing) / Double(hop)).rounded())
    }

    /// The gate configured for signals at `sampleRate` Hz.
    func forRate(_ sampleRate: Int) -> SpectralGate {
        var copy = self
        copy.sampleRateForSmoothing = sampleRate
        return copy
    }

    /// Triangular moving average with weights (h+1-|d|), normalised per position at the edges.
    private static func smooth(_ input: [Float], frames: Int, bins: Int, halfWidth: Int, alongTime: Bool) -> [Float] {
        guard halfWidth > 0 else { return input }
        var output = [Float](repeating: 0, count: input.count)
        let length = alongTime ? frames : bins
        let lines = alongTime ? bins : frames
        for line in 0..<lines {
            for position in 0..<length {
                var sum: Float = 0
                var weights: Float = 0
                let lo = max(0, position - halfWidth)
                let hi = min(length - 1, position + halfWidth)
                for j in lo...hi {
                    let weight = Float(halfWidth + 1 - abs(j - position))
                    let index = alongTime ? j * bins + line : line * bins + j
                    sum += weight * input[index]
                    weights += weight
                }
                let index = alongTime ? position * bins + line : line * bins + position
                output[index] = sum / weights
            }
        }
        return output
    }

    private func istft(_ s: Spectrogram, fft: RealFFT, length: Int) -> [Float] {
        let paddedLength = length + 2 * fftSize
        var output = [Float](repeating: 0, count: paddedLength)
        var norm = [Float](repeating: 0, count: paddedLength)
        var frame = [Float](repeating: 0, count: fftSize)
        let bins = s.bins
        for t in 0..<s.frames {
            s.real.withUnsafeBufferPointer { re in
                s.imag.withUnsafeBufferPointer { im in
                    frame.withUnsafeMutableBufferPointer { out in
                        fft.inverse(
                            real: UnsafeBufferPointer(rebasing: re[(t * bins)..<((t + 1) * bins)]),
                            imag: UnsafeBufferPointer(rebasing: im[(t * bins)..<((t + 1) * bins)]), output: out)
                    }
                }
            }
            let start = t * hop
            for i in 0..<fftSize where start + i < paddedLength {
                output[start + i] += frame[i] * window[i]
                norm[start + i] += window[i] * window[i]
            }
        }
        var result = [Float](repeating: 0, count: length)
        for i in 0..<length {
            let n = norm[fftSize + i]
            result[i] = n > 1e-6 ? output[fftSize + i] / n : 0
        }
        return result
    }
}
