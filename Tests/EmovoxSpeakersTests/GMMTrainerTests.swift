import EmovoxDSP
import Foundation
import Testing

@testable import EmovoxSpeakers

struct GMMTrainerTests {
    /// Frames from three well-separated 2-D Gaussians with known means.
    static func clusters(count: Int, seed: UInt64) -> FrameMatrix {
        var random = SeededRandom(seed: seed)
        let centres: [[Double]] = [[-6, 0], [0, 5], [7, -2]]
        var values: [Double] = []
        for i in 0..<count {
            let centre = centres[i % 3]
            values += [centre[0] + 0.5 * random.nextGaussian(), centre[1] + 0.8 * random.nextGaussian()]
        }
        return FrameMatrix(rows: count, columns: 2, values: values)
    }

    @Test func emFindsTheClustersAndNeverLowersTheLikelihood() {
        let frames = Self.clusters(count: 3_000, seed: 5)
        var history: [Double] = []
        let model = GMMTrainer(components: 3, iterations: 30, seed: 1).train(frames) { _, average in
            history.append(average)
        }
        for (before, after) in zip(history, history.dropFirst()) { #expect(after >= before - 1e-9) }
        let found = (0..<3).map { [model.means[$0 * 2], model.means[$0 * 2 + 1]] }
        for centre in [[-6.0, 0.0], [0, 5], [7, -2]] {
            let nearest = found.map { hypot($0[0] - centre[0], $0[1] - centre[1]) }.min()!
            #expect(nearest < 0.1, "no mean near \(centre): \(found)")
        }
        for w in model.weights { #expect(abs(w - 1.0 / 3) < 0.02) }
    }

    @Test func theModelIsBitIdenticalForAnyThreadCount() {
        let frames = Self.clusters(count: 9_000, seed: 8)
        let one = GMMTrainer(components: 8, iterations: 4, seed: 3, jobs: 1).train(frames)
        let three = GMMTrainer(components: 8, iterations: 4, seed: 3, jobs: 3).train(frames)
        #expect(one == three)
        let otherSeed = GMMTrainer(components: 8, iterations: 4, seed: 4, jobs: 1).train(frames)
        #expect(one != otherSeed)
    }

    @Test func logLikelihoodIsFiniteFarFromEveryComponent() {
        let model = DiagonalGMM(weights: [0.5, 0.5], means: [0, 0, 1, 1], variances: [1e-4, 1e-4, 1e-4, 1e-4])
        let far = model.logLikelihood([1e4, -1e4])
        #expect(far.isFinite && far < -1e10)
        // At a mean, the value is the mixture density computed directly.
        let direct = log(0.5 / (2 * Double.pi * 1e-4) + 0.5 / (2 * Double.pi * 1e-4) * exp(-1 / 1e-4))
        #expect(abs(model.logLikelihood([0, 0]) - direct) < 1e-9)
    }
}
