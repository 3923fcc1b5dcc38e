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
    private let fft: RealFFT
    private let window: [Float]
    private let filterbank: MelFilterbank
    private let dct: DCT2
    private var frame: [Float]
    private var power: [Float]
    private var mel: [Double]

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
    }

    /// Per-frame coefficients, frame-major: `result[t·n + i]` is coefficient `i` of frame `t`
    /// (`n = coefficientCount`); returns the frame count too.
    public func coefficients(_ signal: [Float]) -> (values: [Double], frames: Int) {
        let frames = layout.frameCount(sampleCount: signal.count)
        let bands = configuration.melBandCount
        let n = configuration.coefficientCount
        var logMel = [Double](repeating: 0, count: frames * bands)
        var maxDB = -Double.infinity
        signal.withUnsafeBufferPointer { samples in
            window.withUnsafeBufferPointer { w in
                frame.withUnsafeMutableBufferPointer { f in
                    power.withUnsafeMutableBufferPointer { p in
                        mel.withUnsafeMutableBufferPointer { m in
                            for t in 0..<frames {
                                layout.copyFrame(t, of: samples, window: w, into: f)
                                fft.powerSpectrum(UnsafeBufferPointer(f), into: p)
                                filterbank.apply(UnsafeBufferPointer(p), into: m)
                                for b in 0..<bands {
                                    let db = 10 * log10(max(m[b], 1e-10))
                                    logMel[t * bands + b] = db
                                    maxDB = max(maxDB, db)
                                }
                            }
                        }
                    }
                }
            }
        }
        let floor = maxDB - 80
        var result = [Double](repeating: 0, count: frames * n)
        logMel.withUnsafeMutableBufferPointer { l in
            for i in 0..<l.count { l[i] = max(l[i], floor) }
            result.withUnsafeMutableBufferPointer { r in
                for t in 0..<frames {
                    dct.apply(
                        UnsafeBufferPointer(rebasing: l[(t * bands)..<((t + 1) * bands)]),
                        into: UnsafeMutableBufferPointer(rebasing: r[(t * n)..<((t + 1) * n)]))
                }
            }
        }
        return (result, frames)
    }

    /// Savitzky–Golay derivative of `order` 1 or 2 along time of a frame-major `values` matrix with
    /// `width` columns (see the type's documentation for edges and short signals).
    public static func delta(_ values: [Double], frames: Int, width: Int, order: Int) -> [Double] {
        precondition(order == 1 || order == 2)
        var result = [Double](repeating: 0, count: values.count)
        var window = min(9, frames % 2 == 1 ? frames : frames - 1)
        guard window >= 3 else { return result }
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
            for c in 0..<width {
                var sum = 0.0
                for (j, k) in (-h...h).enumerated() { sum += weights[j] * values[(center + k) * width + c] }
                result[t * width + c] = sum
            }
        }
        return result
    }
}
