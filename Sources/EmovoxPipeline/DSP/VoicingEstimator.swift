import EmovoxDSP
import Foundation

/// Proportion of a clip that is voiced speech, by frame energy and zero-crossing rate.
///
/// A 20 ms frame counts as voiced when it is within 30 dB of the loudest frame, above −60 dBFS,
/// and changes sign fewer than 3,000 times per second (voiced speech is dominated by harmonics
/// below ~1 kHz; fricatives and noise cross far more often). Cheap by design: it is a metadata
/// feature, not a pitch tracker.
enum VoicingEstimator {
    static let frameSeconds = 0.02
    static let relativeFloorDB = -30.0
    static let absoluteFloorDBFS = -60.0
    static let maxCrossingsPerSecond = 3_000.0

    static func voicedProportion(_ samples: [Float], sampleRate: Int) -> Double {
        let frame = max(1, Int(frameSeconds * Double(sampleRate)))
        let frameCount = samples.count / frame
        guard frameCount > 0 else { return 0 }
        var energies = [Double](repeating: 0, count: frameCount)
        var crossings = [Int](repeating: 0, count: frameCount)
        samples.withUnsafeBufferPointer { x in
            for f in 0..<frameCount {
                // Zero crossings as sign-bit changes between each sample and the one before it:
                // integer arithmetic with no value carried between iterations and no branch on
                // the sign (which speech-band noise makes unpredictable), so the loop vectorizes.
                let start = f * frame
                let end = start + frame
                var count: UInt32 = 0
                for i in (start + 1)..<end {  // frame ≥ 1, so the range is valid
                    count &+= (x[i].bitPattern ^ x[i - 1].bitPattern) >> 31
                }
                energies[f] = SampleKernels.sumOfSquares(x, start..<end) / Double(frame)
                crossings[f] = Int(count)
            }
        }
        let loudest = energies.max() ?? 0
        guard loudest > 0 else { return 0 }
        let floor = max(loudest * pow(10, relativeFloorDB / 10), pow(10, absoluteFloorDBFS / 10))
        let maxCrossings = maxCrossingsPerSecond * frameSeconds
        var voiced = 0
        for f in 0..<frameCount where energies[f] >= floor && Double(crossings[f]) < maxCrossings {
            voiced += 1
        }
        return Double(voiced) / Double(frameCount)
    }
}
