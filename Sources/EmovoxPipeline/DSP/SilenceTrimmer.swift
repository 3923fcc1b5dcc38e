import EmovoxDSP
import Foundation

/// Finds the span of a clip between its first and last non-silent frame.
enum SilenceTrimmer {
    /// The sample range to keep. An entirely silent clip is kept whole: there is no speech to
    /// anchor the cut, and an empty clip would only fail later steps.
    static func keptRange(_ samples: [Float], sampleRate: Int, step: TrimStep) -> Range<Int> {
        let frame = max(1, Int((step.frameMilliseconds * Double(sampleRate) / 1000).rounded()))
        let frameCount = samples.count / frame + (samples.count % frame == 0 ? 0 : 1)
        guard frameCount > 0 else { return 0..<samples.count }
        var energies = [Double](repeating: 0, count: frameCount)
        samples.withUnsafeBufferPointer { x in
            for f in 0..<frameCount {
                let start = f * frame
                let end = min(start + frame, x.count)
                energies[f] = SampleKernels.sumOfSquares(x, start..<end) / Double(end - start)
            }
        }
        let loudest = energies.max() ?? 0
        guard loudest > 0 else { return 0..<samples.count }
        // Compare mean squares in the linear domain: threshold dB → power ratio.
        let threshold =
            switch step.reference {
            case .peak: loudest * pow(10, step.thresholdDB / 10)
            case .absolute: pow(10, step.thresholdDB / 10)
            }
        guard let first = energies.firstIndex(where: { $0 >= threshold }),
            let last = energies.lastIndex(where: { $0 >= threshold })
        else { return 0..<samples.count }
        let margin = Int((step.marginMilliseconds * Double(sampleRate) / 1000).rounded())
        let start = max(0, first * frame - margin)
        let end = min(samples.count, (last + 1) * frame + margin)
        return start..<end
    }
}
