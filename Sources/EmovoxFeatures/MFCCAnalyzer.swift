import EmovoxDSP
import Foundation

/// MFCC configuration (all in physical units; converted to samples per sample rate).
public struct MFCCConfiguration: Sendable, Hashable {
    /// Cepstral coefficients kept (13…40).
    public var coefficientCount: Int = 13
    /// Mel bands.
    public var melBandCount: Int = 40
    /// Lowest filterbank frequency, Hz.
    public var minFrequency: Double = 0
    /// Highest filterbank frequency, Hz (capped at the Nyquist frequency).
    public var maxFrequency: Double = 8_000
    /// Frame (= FFT) length in seconds; rounded to an even number of samples.
    public var frameDuration: Double = 0.025
    /// Hop in seconds.
    public var hopDuration: Double = 0.010

    public init() {}
}

/// librosa-compatible MFCCs: centered frames (zero padding), periodic Hann window, power spectrum,
/// Slaney-normalized Slaney-scale mel filterbank, `10·log10(max(mel, 10⁻¹⁰))` floored at 80 dB below the
/// loudest bin of the whole signal (`power_to_db(top_db=80)`), orthonormal DCT-II. Matches
/// `librosa.feature.mfcc(y, sr, n_mfcc, n_fft=win_length=frame, hop_length=hop, n_mels, fmin, fmax)`.
///
/// Deltas follow `librosa.feature.delta(width=9, mode="interp")`: a Savitzky–Golay derivative over ±4
/// frames; the first and last 4 frames take the value at the nearest full window, which is exactly what
/// interp mode's edge polynomial gives for `polyorder = order`. Signals with fewer than 9 frames use the
/// widest odd window that fits; with fewer than 3 frames the derivatives are 0 (a single point has no
/// slope), never missing.
public final class MFCCAnalyzer {
    public let configuration: MFCCConfiguration
    public let sampleRate: Int
    public let layout: FrameLayout
    let fft: RealFFT
    let window: [Float]
    let filterbank: MelFilterbank
    let dct: DCT2
    private var frame: [Float]
    private var power: [Float]
    private var mel: [Double]
    private var logMel: [Double]

    public init(configuration: MFCCConfiguration, sampleRate: Int, context: AnalysisContext) {
        self.configuration = configuration
        self.sampleRate = sampleRate
        var length = Int((configuration.frameDuration * Double(sampleRate)).rounded())
        length = max(4, length + length % 2)
        let hop = max(1, Int((configuration.hopDuration * Double(sampleRate)).rounded()))
        layout = FrameLayout(frameLength: length, hop: hop, centered: true)
        fft = context.fft(size: length)
        window = WindowFunction.hann(periodic: true).coefficients(length: length)
        let nyquist = Double(sampleRate) / 2
        filterbank = MelFilterbank(
            bandCount: configuration.melBandCount, fftSize: length, sampleRate: Double(sampleRate),
            minFrequency: min(configuration.minFrequency, nyquist - 1),
            maxFrequency: min(configuration.maxFrequency, nyquist), scale: .slaney, normalization: .slaney
        )
        dct = DCT2(
            inputCount: configuration.melBandCount, outputCount: configuration.coefficientCount,
            scaling: .orthonormal)
        frame = [Float](repeating: 0, count: length)
        power = [Float](repeating: 0, count: length / 2 + 1)
        mel = [Double](repeating: 0, count: configuration.melBandCount)
        logMel = mel
    }

    /// Per-frame coefficients, frame-major: `result[t·n + i]` is coefficient `i` of frame `t`
    /// (`n = coefficientCount`); returns the frame count too.
    ///
    /// The 80 dB floor depends on the loudest bin of the whole signal, yet no log-mel matrix is kept: each
    /// frame's cepstrum is taken from its unfloored log-mel bands, and the frames with a band below the
    /// final floor (quiet frames only, as the floor only rises) are analysed again with the floor applied.
    public func coefficients(_ signal: [Float]) -> (values: [Double], frames: Int) {
        let frames = layout.frameCount(sampleCount: signal.count)
        let n = configuration.coefficientCount
        var result = [Double](repeating: 0, count: frames * n)
        var quietest = [Double](repeating: 0, count: frames)
        var maxDB = -Double.infinity
        for t in 0..<frames {
            let lowest = logMelBands(t, of: signal, floor: nil)
            for b in 0..<logMel.count { maxDB = max(maxDB, logMel[b]) }
            quietest[t] = lowest
            cepstrum(intoFrame: t, of: &result)
        }
        let floor = maxDB - 80
        for t in 0..<frames where !(quietest[t] >= floor) {
            _ = logMelBands(t, of: signal, floor: floor)
            cepstrum(intoFrame: t, of: &result)
        }
        return (result, frames)
    }

    /// Fills `logMel` with frame `t`'s `10·log10(max(mel, 10⁻¹⁰))` bands, raised to `floor` when given;
    /// returns the lowest band before the floor (`-inf` if a band is not a number).
    private func logMelBands(_ t: Int, of signal: [Float], floor: Double?) -> Double {
        var lowest = Double.infinity
        signal.withUnsafeBufferPointer { samples in
            window.withUnsafeBufferPointer { w in
                frame.withUnsafeMutableBufferPointer { f in
                    power.withUnsafeMutableBufferPointer { p in
                        mel.withUnsafeMutableBufferPointer { m in
                            logMel.withUnsafeMutableBufferPointer { l in
                                layout.copyFrame(t, of: samples, window: w, into: f)
                                fft.powerSpectrum(UnsafeBufferPointer(f), into: p)
                                filterbank.apply(UnsafeBufferPointer(p), into: m)
                                for b in 0..<l.count {
                                    let db = 10 * log10(max(m[b], 1e-10))
                                    lowest = db.isNaN ? -.infinity : min(lowest, db)
                                    l[b] = floor.map { max(db, $0) } ?? db
                                }
                            }
                        }
                    }
                }
            }
        }
        return lowest
    }

    /// The DCT of `logMel` into frame `t` of the frame-major `result`.
    private func cepstrum(intoFrame t: Int, of result: inout [Double]) {
        let n = configuration.coefficientCount
        logMel.withUnsafeBufferPointer { l in
            result.withUnsafeMutableBufferPointer { r in
                dct.apply(l, into: UnsafeMutableBufferPointer(rebasing: r[(t * n)..<((t + 1) * n)]))
            }
        }
    }

    /// Savitzky–Golay derivative of `order` 1 or 2 along time of a frame-major `values` matrix with
    /// `width` columns (see the type's documentation for edges and short signals).
    public static func delta(_ values: [Double], frames: Int, width: Int, order: Int) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        var column = [Double](repeating: 0, count: frames)
        for c in 0..<width {
            delta(values, frames: frames, width: width, column: c, order: order, into: &column)
            for t in 0..<frames { result[t * width + c] = column[t] }
        }
        return result
    }

    /// The derivative of one column `column` of `values` (as `delta(_:frames:width:order:)` computes it)
    /// into `output[0..<frames]`, so a caller summarizing one column at a time never holds the whole
    /// derivative matrix.
    public static func delta(
        _ values: [Double], frames: Int, width: Int, column c: Int, order: Int, into output: inout [Double]
    ) {
        precondition(order == 1 || order == 2)
        precondition(output.count >= frames)
        var window = min(9, frames % 2 == 1 ? frames : frames - 1)
        guard window >= 3 else {
            for t in 0..<frames { output[t] = 0 }
            return
        }
        window = max(window, 3)
        let h = window / 2
        let sumK2 = Double(h * (h + 1) * (2 * h + 1)) / 3
        let meanK2 = sumK2 / Double(window)
        var sumK4 = 0.0
        for k in -h...h { sumK4 += pow(Double(k), 4) }
        let centeredK2Energy = sumK4 - Double(window) * meanK2 * meanK2
        let weights = (-h...h).map { k -> Double in
            let kk = Double(k)
            return order == 1 ? kk / sumK2 : 2 * (kk * kk - meanK2) / centeredK2Energy
        }
        for t in 0..<frames {
            // Edge frames take the derivative of the nearest full window.
            let center = min(max(t, h), frames - 1 - h)
            var sum = 0.0
            for (j, k) in (-h...h).enumerated() { sum += weights[j] * values[(center + k) * width + c] }
            output[t] = sum
        }
    }
}
