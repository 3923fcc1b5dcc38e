import EmovoxDSP
import EmovoxTestSupport
import Foundation
import Testing

@Suite struct LinearPredictionTests {
    @Test func levinsonRecoversAnAutoregressiveProcess() {
        // x[n] = 1.3·x[n−1] − 0.6·x[n−2] + e[n]  ⇒  A(z) = 1 − 1.3 z⁻¹ + 0.6 z⁻².
        let noise = Synth.whiteNoise(sigma: 1, count: 40_000, seed: 7)
        var x = [Double](repeating: 0, count: noise.count)
        for n in 2..<x.count { x[n] = 1.3 * x[n - 1] - 0.6 * x[n - 2] + Double(noise[n]) }
        var r = [Double](repeating: 0, count: 3)
        for lag in 0...2 { for n in lag..<x.count { r[lag] += x[n] * x[n - lag] } }
        var a = [Double](repeating: 0, count: 3)
        var scratch = a
        let error = r.withUnsafeBufferPointer { rp in
            a.withUnsafeMutableBufferPointer { ap in
                scratch.withUnsafeMutableBufferPointer {
                    LinearPrediction.levinsonDurbin(
                        autocorrelation: rp, order: 2, coefficients: ap, scratch: $0)
                }
            }
        }
        #expect(error != nil)
        // Estimation error of AR coefficients from 40k samples is ~1/√N ≈ 0.005.
        #expect(abs(a[1] + 1.3) < 0.03)
        #expect(abs(a[2] - 0.6) < 0.03)
    }

    @Test func silentFrameHasNoModel() {
        let r = [0.0, 0.0, 0.0]
        var a = [Double](repeating: 0, count: 3)
        var s = a
        let error = r.withUnsafeBufferPointer { rp in
            a.withUnsafeMutableBufferPointer { ap in
                s.withUnsafeMutableBufferPointer {
                    LinearPrediction.levinsonDurbin(
                        autocorrelation: rp, order: 2, coefficients: ap, scratch: $0)
                }
            }
        }
        #expect(error == nil)
    }

    @Test func rootFinderSolvesAPolynomialWithComplexRoots() {
        // (z − 0.5)(z² − 2·0.9·cos(1)·z + 0.81)(z + 0.3): roots 0.5, −0.3, 0.9·e^{±i}.
        let quadratic = [1.0, -2 * 0.9 * cos(1.0), 0.81]
        let linear = [[1.0, -0.5], [1.0, 0.3]]
        var poly = quadratic
        for factor in linear {
            var product = [Double](repeating: 0, count: poly.count + 1)
            for i in 0..<poly.count {
                product[i] += poly[i] * factor[0]
                product[i + 1] += poly[i] * factor[1]
            }
            poly = product
        }
        let finder = PolynomialRootFinder(degree: 4)
        let converged = poly.withUnsafeBufferPointer { finder.solve($0) }
        #expect(converged)
        let expected: [(Double, Double)] = [
            (0.5, 0), (-0.3, 0), (0.9 * cos(1.0), 0.9 * sin(1.0)), (0.9 * cos(1.0), -0.9 * sin(1.0)),
        ]
        for (re, im) in expected {
            let nearest =
                (0..<4).map { hypot(finder.rootsReal[$0] - re, finder.rootsImag[$0] - im) }.min() ?? 1
            #expect(nearest < 1e-9)
        }
    }
}
