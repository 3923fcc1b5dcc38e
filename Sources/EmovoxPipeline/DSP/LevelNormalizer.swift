import EmovoxAudio
import EmovoxDSP
import Foundation

/// Computes and applies the normalization gain of a ``NormalizeStep``.
enum LevelNormalizer {
    struct Outcome {
        /// Integrated loudness before normalization (LUFS), if it could be measured.
        var loudnessLUFS: Double?
        var loudnessMethod: LoudnessMethod
        var gainDB: Double
        var capped: Bool
        /// The factor every sample was multiplied by (1 when none was applied).
        var linearGain: Float = 1
    }

    static func normalize(_ samples: inout [Float], sampleRate: Int, step: NormalizeStep) throws(AudioError)
        -> Outcome
    {
        // The true peak is measured only when the gain could bring it near the ceiling (below).
        let measurement = try LoudnessMeter.measure(samples, sampleRate: sampleRate, truePeak: false)
        // RMS only when the method or the short-clip fallback asks for it: it is a pass over the clip.
        let needsRMS = step.method == .rms || step.shortClips == .rms
        let rmsDB = needsRMS ? rmsDBFS(samples) : -.infinity
        var loudness = measurement.integratedLUFS
        var method = LoudnessMethod.integrated
        let duration = Double(samples.count) / Double(sampleRate)
        if duration < LoudnessMeter.minimumDuration, !samples.isEmpty {
            switch step.shortClips {
            case .loop:
                // Repeat the clip end to end so that at least one full gating block exists; the
                // loudness of a periodic repetition equals the clip's mean K-weighted power.
                let repeats = Int((LoudnessMeter.minimumDuration * 2 / max(duration, 1e-9)).rounded(.up))
                var looped: [Float] = []
                looped.reserveCapacity(samples.count * repeats)
                for _ in 0..<repeats { looped.append(contentsOf: samples) }
                loudness = try LoudnessMeter.measure(looped, sampleRate: sampleRate).integratedLUFS
                method = .looped
            case .rms:
                loudness = rmsDB.isFinite ? rmsDB : nil
                method = .rmsFallback
            }
        }
        if loudness == nil { method = .unmeasurable }
        let level: Double? =
            switch step.method {
            case .loudness: loudness
            case .peak: measurement.samplePeak > 0 ? 20 * log10(measurement.samplePeak) : nil
            case .rms: rmsDB.isFinite ? rmsDB : nil
            }
        guard let level else {
            // Silence (or below the BS.1770 absolute gate): no gain can reach the target.
            return Outcome(loudnessLUFS: loudness, loudnessMethod: method, gainDB: 0, capped: false)
        }
        var gainDB = step.target - level
        var peak = measurement.samplePeak
        // libebur128's true peak is at most `truePeakBound` × the sample peak (5.4 dB below 96 kHz),
        // so when the amplified sample peak stays that far below the ceiling the true peak cannot
        // reach it and its (oversampled) measurement is skipped; otherwise it is measured exactly.
        let marginDB = LoudnessMeter.truePeakBound(sampleRate: sampleRate).map { 20 * log10($0) } ?? .infinity
        if step.ceilingPeak == .truePeak, peak > 0, 20 * log10(peak) + gainDB > step.ceilingDBFS - marginDB {
            // Exact where it matters: when the amplified true peak would pass the ceiling. Below
            // that, any value under the ceiling's level before gain leaves the gain unchanged.
            let ceilingBeforeGain = pow(10, (step.ceilingDBFS - gainDB) / 20)
            peak = try LoudnessMeter.truePeak(samples, sampleRate: sampleRate, atLeast: ceilingBeforeGain)
        }
        var capped = false
        if peak > 0 {
            let maxGain = step.ceilingDBFS - 20 * log10(peak)
            if gainDB > maxGain {
                gainDB = maxGain
                capped = true
            }
        }
        let gain = Float(pow(10, gainDB / 20))
        samples.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] *= gain }
        }
        return Outcome(
            loudnessLUFS: loudness, loudnessMethod: method, gainDB: gainDB, capped: capped, linearGain: gain)
    }

    static func rmsDBFS(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return -.infinity }
        let sum = samples.withUnsafeBufferPointer { SampleKernels.sumOfSquares($0, $0.indices) }
        return 10 * log10(sum / Double(samples.count))
    }
}
