import EmovoxDSP
import Foundation
import Testing

@testable import EmovoxSpeakers

struct IVectorTests {
    /// A small random UBM, `T` and statistics.
    static func problem(seed: UInt64) -> (IVectorExtractor, BaumWelchStatistics) {
        var random = SeededRandom(seed: seed)
        let (c, d, r) = (3, 2, 2)
        let t = (0..<(c * d * r)).map { _ in random.nextGaussian() }
        let variances = (0..<(c * d)).map { _ in 0.5 + random.nextUnit() }
        let n = (0..<c).map { _ in 10 * random.nextUnit() }
        let f = (0..<(c * d)).map { _ in 3 * random.nextGaussian() }
        return (
            IVectorExtractor(matrix: t, variances: variances, components: c, dimension: d),
            BaumWelchStatistics(zeroth: n, first: f, frames: 10)
        )
    }

    @Test func extractionSolvesThePosteriorEquations() throws {
        let (extractor, stats) = Self.problem(seed: 9)
        let w = extractor.extract(stats)
        // L·w must equal Tᵀ Σ⁻¹ F̃, with L = I + Σ_c N_c T_cᵀ Σ_c⁻¹ T_c written out element by element.
        let (c, d, r) = (3, 2, 2)
        for a in 0..<r {
            var lhs = w[a]
            var rhs = 0.0
            for k in 0..<c {
                for j in 0..<d {
                    let row = (k * d + j) * r
                    let p = 1 / extractor.variances[k * d + j]
                    for b in 0..<r {
                        lhs += stats.zeroth[k] * extractor.matrix[row + a] * p * extractor.matrix[row + b] * w[b]
                    }
                    rhs += extractor.matrix[row + a] * p * stats.first[k * d + j]
                }
            }
            #expect(abs(lhs - rhs) < 1e-9 * max(1, abs(rhs)))
        }
    }

    @Test func baumWelchStatisticsAreCentredPosteriorSums() {
        let ubm = DiagonalGMM(weights: [0.5, 0.5], means: [0, 10], variances: [1, 1])
        let frames = FrameMatrix(rows: 3, columns: 1, values: [0.5, 9.0, 11.0])
        let stats = BaumWelchStatistics(frames: frames, ubm: ubm)
        // Each frame belongs to its near component with posterior ≈ 1.
        #expect(abs(stats.zeroth[0] - 1) < 1e-9 && abs(stats.zeroth[1] - 2) < 1e-9)
        #expect(abs(stats.first[0] - 0.5) < 1e-8 && abs(stats.first[1] - 0) < 1e-8)
    }

    @Test func totalVariabilityTrainingIsDeterministicAndSeparatesSpeakers() {
        // Utterances of 4 "speakers": frames around speaker-specific offsets of a 2-component UBM.
        var random = SeededRandom(seed: 21)
        let ubm = DiagonalGMM(weights: [0.5, 0.5], means: [0, 0, 6, 6], variances: [1, 1, 1, 1])
        let offsets: [[Double]] = [[1, 0], [-1, 0], [0, 1], [0, -1]]
        var stats: [BaumWelchStatistics] = []
        var speakers: [Int] = []
        for u in 0..<40 {
            let s = u % 4
            var values: [Double] = []
            for t in 0..<60 {
                let centre = t % 2 == 0 ? 0.0 : 6.0
                values += [
                    centre + offsets[s][0] + 0.5 * random.nextGaussian(),
                    centre + offsets[s][1] + 0.5 * random.nextGaussian(),
                ]
            }
            stats.append(BaumWelchStatistics(frames: FrameMatrix(rows: 60, columns: 2, values: values), ubm: ubm))
            speakers.append(s)
        }
        let one = TotalVariabilityTrainer(rank: 2, iterations: 4, seed: 2, jobs: 1).train(stats, ubm: ubm)
        let two = TotalVariabilityTrainer(rank: 2, iterations: 4, seed: 2, jobs: 2).train(stats, ubm: ubm)
        #expect(one.matrix == two.matrix)
        let vectors = stats.map(one.extract)
        // Nearest other utterance (cosine) is always the same speaker.
        for i in vectors.indices {
            let nearest = vectors.indices.filter { $0 != i }.max {
                SpeakerExtractor.cosine(vectors[i], vectors[$0]) < SpeakerExtractor.cosine(vectors[i], vectors[$1])
            }!
            #expect(speakers[nearest] == speakers[i])
        }
    }
}
