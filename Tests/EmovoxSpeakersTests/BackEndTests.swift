import EmovoxDSP
import Foundation
import Testing

@testable import EmovoxSpeakers

struct BackEndTests {
    @Test func pldaScoreEqualsTheFullCovarianceLikelihoodRatio() throws {
        var random = SeededRandom(seed: 17)
        let n = 3
        let between = DenseLinearAlgebraTests.spd(n, seed: 5)
        let within = DenseLinearAlgebraTests.spd(n, seed: 6).map { $0 * 0.3 }
        let mean = (0..<n).map { _ in random.nextGaussian() }
        let plda = try TwoCovariancePLDA(mean: mean, between: between, within: within)
        let enrollment = (0..<2).map { _ in (0..<n).map { _ in 2 * random.nextGaussian() } }
        let test = (0..<n).map { _ in 2 * random.nextGaussian() }
        // Joint Gaussian of (x1, x2, y) under "same speaker" minus the product of the marginals.
        func logDensity(_ x: [Double], covariance: [Double], size: Int) throws -> Double {
            let l = try DenseLinearAlgebra.cholesky(covariance, n: size)
            let solved = DenseLinearAlgebra.solveCholesky(l, n: size, x)
            var logDet = 0.0
            for i in 0..<size { logDet += 2 * log(l[i * size + i]) }
            return -0.5 * (logDet + zip(x, solved).reduce(0) { $0 + $1.0 * $1.1 })
        }
        let all = enrollment + [test]
        let m = all.count * n
        var joint = [Double](repeating: 0, count: m * m)
        for a in 0..<all.count {
            for b in 0..<all.count {
                for i in 0..<n {
                    for j in 0..<n {
                        joint[(a * n + i) * m + b * n + j] = between[i * n + j] + (a == b ? within[i * n + j] : 0)
                    }
                }
            }
        }
        let centred = all.flatMap { zip($0, mean).map { $0 - $1 } }
        var enrolCovariance = [Double](repeating: 0, count: (m - n) * (m - n))
        for r in 0..<(m - n) { for c in 0..<(m - n) { enrolCovariance[r * (m - n) + c] = joint[r * m + c] } }
        let marginalTest = (0..<(n * n)).map { between[$0] + within[$0] }
        let expected =
            try logDensity(centred, covariance: joint, size: m)
            - logDensity(Array(centred[0..<(m - n)]), covariance: enrolCovariance, size: m - n)
            - logDensity(Array(centred[(m - n)...]), covariance: marginalTest, size: n)
        let score = plda.score(enrollment: enrollment, test: test)
        #expect(abs(score - expected) < 1e-9 * max(1, abs(expected)), "\(score) vs \(expected)")
    }

    @Test func transformWhitensWithinSpeakerAndNormalizesLength() throws {
        var random = SeededRandom(seed: 3)
        var vectors: [[Double]] = []
        var speakers: [String] = []
        for s in 0..<5 {
            let centre = (0..<4).map { _ in 3 * random.nextGaussian() }
            for _ in 0..<30 {
                vectors.append(centre.map { $0 + random.nextGaussian() * 0.5 })
                speakers.append("s\(s)")
            }
        }
        let transform = try EmbeddingTransform.train(vectors: vectors, speakers: speakers, dimension: 3)
        let out = vectors.map(transform.apply)
        for v in out {
            #expect(v.count == 3)
            #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 3) < 1e-9)
        }
    }

    @Test func centeringOnlyTransformSubtractsTheMeanAndNormalizesLength() {
        let transform = EmbeddingTransform.centering(vectors: [[1, 2], [3, 6]])
        #expect(transform.mean == [2, 4])
        // [3, 6] − [2, 4] = [1, 2], scaled to length √2.
        let out = transform.apply([3, 6])
        let scale = 2.0.squareRoot() / 5.0.squareRoot()
        #expect(abs(out[0] - scale) < 1e-12 && abs(out[1] - 2 * scale) < 1e-12)
    }

    @Test func equalErrorRateAndMinDCFOnKnownScores() {
        // Accepting scores above 2.5: one target (2) missed, one non-target (6) accepted: miss = fa = 0.25.
        let metrics = VerificationMetrics(targets: [2, 3, 4, 5], nonTargets: [0, 1, 2.5, 6], pTarget: 0.5)
        #expect(abs(metrics.eer - 0.25) < 1e-12)
        // At P = 0.5 the normalized cost is miss + fa, lowest (0.5) at thresholds above 1 or above 2.5.
        #expect(abs(metrics.minDCF - 0.5) < 1e-12)
        let perfect = VerificationMetrics(targets: [5, 6], nonTargets: [1, 2])
        #expect(perfect.eer == 0 && perfect.minDCF == 0)
        #expect(perfect.det.first?.falseAcceptance == 1 && perfect.det.last?.falseRejection == 1)
    }
}
