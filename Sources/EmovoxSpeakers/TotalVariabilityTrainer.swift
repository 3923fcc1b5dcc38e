import EmovoxDSP
import Foundation

/// Trains the total-variability matrix `T` by EM (Kenny's eigenvoice re-estimation applied to every
/// utterance as if it were its own speaker, as in Dehak et al. 2011).
///
/// E-step per utterance `u`: the posterior of `w_u` (mean `ŵ_u`, precision `L_u`).
/// M-step per component `c`: `T_c = (Σ_u F̃_uc ŵ_uᵀ) · (Σ_u N_uc (L_u⁻¹ + ŵ_u ŵ_uᵀ))⁻¹`.
/// The utterances' posteriors run in parallel (each is independent); the per-component sums run in
/// parallel over components, each adding utterances in a fixed order, so `T` is bit-identical for any
/// `jobs`. Utterances are processed in blocks of ``blockUtterances`` to bound memory.
/// The start is `T_cd,r = 0.1·σ_cd·g` with seeded standard normals `g`.
public struct TotalVariabilityTrainer: Sendable {
    public static let blockUtterances = 128

    public var rank: Int = 100
    public var iterations: Int = 5
    public var seed: UInt64 = 1
    public var jobs: Int = 1

    public init(rank: Int = 100, iterations: Int = 5, seed: UInt64 = 1, jobs: Int = 1) {
        self.rank = rank
        self.iterations = iterations
        self.seed = seed
        self.jobs = jobs
    }

    /// The seeded starting extractor.
    public func initialExtractor(ubm: DiagonalGMM) -> IVectorExtractor {
        var random = SeededRandom(seed: seed)
        let rows = ubm.components * ubm.dimension
        var t = [Double](repeating: 0, count: rows * rank)
        for row in 0..<rows {
            let scale = 0.1 * ubm.variances[row].squareRoot()
            for a in 0..<rank { t[row * rank + a] = scale * random.nextGaussian() }
        }
        return IVectorExtractor(
            matrix: t, variances: ubm.variances, components: ubm.components, dimension: ubm.dimension)
    }

    /// Runs `iterations` EM steps; `progress` is told the iteration number.
    public func train(
        _ utterances: [BaumWelchStatistics], ubm: DiagonalGMM, from start: IVectorExtractor? = nil,
        progress: (Int) -> Void = { _ in }
    ) -> IVectorExtractor {
        var extractor = start ?? initialExtractor(ubm: ubm)
        for iteration in 0..<iterations {
            progress(iteration)
            extractor = step(extractor, utterances)
        }
        return extractor
    }

    /// One EM iteration.
    public func step(_ extractor: IVectorExtractor, _ utterances: [BaumWelchStatistics]) -> IVectorExtractor {
        let r = extractor.rank
        let c = extractor.components
        let d = extractor.dimension
        let size = IVectorExtractor.packedSize(r)
        var second = [Double](repeating: 0, count: c * size)  // Σ_u N_uc E[wwᵀ], packed per component
        var cross = [Double](repeating: 0, count: c * d * r)  // Σ_u F̃_uc ŵ_uᵀ
        for block in ChunkedParallel.chunks(total: utterances.count, size: Self.blockUtterances) {
            let posteriors = ChunkedParallel.map(count: block.count, jobs: jobs) { i in
                let (mean, l) = extractor.posterior(utterances[block.lowerBound + i])
                let covariance = DenseLinearAlgebra.inverseFromCholesky(l, n: r)
                var packed = [Double](repeating: 0, count: size)
                var p = 0
                for a in 0..<r {
                    for b in a..<r {
                        packed[p] = covariance[a * r + b] + mean[a] * mean[b]
                        p += 1
                    }
                }
                return (mean: mean, moment: packed)
            }
            let secondParts = ChunkedParallel.map(count: c, jobs: jobs) { k in
                var acc = [Double](repeating: 0, count: size)
                for (i, posterior) in posteriors.enumerated() {
                    let n = utterances[block.lowerBound + i].zeroth[k]
                    if n == 0 { continue }
                    for j in 0..<size { acc[j] += n * posterior.moment[j] }
                }
                var crossPart = [Double](repeating: 0, count: d * r)
                for (i, posterior) in posteriors.enumerated() {
                    let first = utterances[block.lowerBound + i].first
                    for j in 0..<d {
                        let f = first[k * d + j]
                        if f == 0 { continue }
                        for a in 0..<r { crossPart[j * r + a] += f * posterior.mean[a] }
                    }
                }
                return (acc, crossPart)
            }
            for k in 0..<c {
                for j in 0..<size { second[k * size + j] += secondParts[k].0[j] }
                for j in 0..<(d * r) { cross[k * d * r + j] += secondParts[k].1[j] }
            }
        }
        let secondTotal = second
        let crossTotal = cross
        let updated = ChunkedParallel.map(count: c, jobs: jobs) { k -> [Double] in
            var a = [Double](repeating: 0, count: r * r)
            var p = k * size
            for i in 0..<r {
                for j in i..<r {
                    a[i * r + j] = secondTotal[p]
                    a[j * r + i] = secondTotal[p]
                    p += 1
                }
            }
            guard let l = try? DenseLinearAlgebra.cholesky(a, n: r) else {
                // A component no utterance reached keeps its rows.
                return Array(extractor.matrix[(k * d * r)..<((k + 1) * d * r)])
            }
            var rows = [Double](repeating: 0, count: d * r)
            for j in 0..<d {
                // T_c row j = (A⁻¹ · cross_row)ᵀ since A is symmetric.
                let row = Array(crossTotal[(k * d * r + j * r)..<(k * d * r + (j + 1) * r)])
                let solved = DenseLinearAlgebra.solveCholesky(l, n: r, row)
                for a in 0..<r { rows[j * r + a] = solved[a] }
            }
            return rows
        }
        return IVectorExtractor(
            matrix: updated.flatMap { $0 }, variances: extractor.variances, components: c, dimension: d)
    }
}
