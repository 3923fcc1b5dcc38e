import Dispatch

/// Per-feature quantile binning for a whole feature matrix, plus the column-major `UInt8` bin
/// matrix the tree learner reads (1 byte per value: 10,000 × 6,000 is 60 MB).
public struct BinMapper: Codable, Sendable, Equatable {
    /// One binning per feature, in feature order.
    public let features: [FeatureBinning]

    /// Learns bins for every column of `matrix` (at most `maxBin` value bins plus a missing bin).
    public init(learningFrom matrix: FeatureMatrix, maxBin: Int, threads: Int = 1) {
        var result = [FeatureBinning](
            repeating: FeatureBinning(upperBounds: [], isTrivial: true), count: matrix.featureCount)
        result.withUnsafeMutableBufferPointer { output in
            let target = SendableMutablePointer(output.baseAddress)
            Self.forEachColumn(of: matrix, threads: threads) { feature, column in
                target.pointer![feature] = FeatureBinning(learningFrom: column, maxBin: maxBin)
            }
        }
        features = result
    }

    /// Calls `body(feature, column)` for every column, in parallel over blocks of columns. Columns
    /// are copied out of the row-major matrix a block at a time so each row's cache line is
    /// read once per block rather than once per feature.
    private static func forEachColumn(of matrix: FeatureMatrix, threads: Int, _ body: (Int, [Float]) -> Void) {
        let featureCount = matrix.featureCount
        let rowCount = matrix.rowCount
        let block = 16
        let blockCount = (featureCount + block - 1) / block
        matrix.values.withUnsafeBufferPointer { values in
            let source = SendablePointer(values.baseAddress)
            ParallelRunner(threads: threads).forEachChunk(count: blockCount) { blockIndex in
                let first = blockIndex * block
                let width = min(block, featureCount - first)
                var columns = [[Float]](repeating: [Float](repeating: 0, count: rowCount), count: width)
                for row in 0..<rowCount {
                    let base = row * featureCount + first
                    for j in 0..<width { columns[j][row] = source[base + j] }
                }
                for j in 0..<width { body(first + j, columns[j]) }
            }
        }
    }

    init(features: [FeatureBinning]) {
        self.features = features
    }

    /// Bins every value of `matrix` into a column-major matrix.
    func binned(_ matrix: FeatureMatrix, threads: Int) -> BinnedMatrix {
        let rowCount = matrix.rowCount
        let result = BinnedMatrix(rowCount: rowCount, featureCount: matrix.featureCount)
        let target = SendableMutablePointer(result.bins)
        let features = self.features
        Self.forEachColumn(of: matrix, threads: threads) { feature, column in
            let binning = features[feature]
            let destination = target.pointer! + feature * rowCount
            for row in 0..<rowCount { destination[row] = UInt8(truncatingIfNeeded: binning.bin(of: column[row])) }
        }
        return result
    }
}

/// Column-major bin indices: `bins[feature * rowCount + row]` (one byte per value, so
/// 10,000 rows × 6,000 features take 60 MB). Owns its memory so the learner can read it through a
/// stable pointer without copying.
final class BinnedMatrix {
    let rowCount: Int
    let featureCount: Int
    let bins: UnsafeMutablePointer<UInt8>

    init(rowCount: Int, featureCount: Int) {
        self.rowCount = rowCount
        self.featureCount = featureCount
        bins = .allocate(capacity: max(1, rowCount * featureCount))
        bins.initialize(repeating: 0, count: max(1, rowCount * featureCount))
    }

    deinit {
        bins.deallocate()
    }
}
