import Dispatch

/// Per-feature quantile binning for a whole feature matrix, plus the column-major `UInt8` bin
/// matrix the tree learner reads (1 byte per value: 10,000 × 6,000 is 60 MB).
public struct BinMapper: Codable, Sendable, Equatable {
    /// One binning per feature, in feature order.
    public let features: [FeatureBinning]

    /// Learns bins for every column of `matrix` (at most `maxBin` value bins plus a missing bin).
    public init(learningFrom matrix: FeatureMatrix, maxBin: Int, threads: Int = 1) {
        let featureCount = matrix.featureCount
        let rowCount = matrix.rowCount
        var result = [FeatureBinning](repeating: FeatureBinning(upperBounds: [], isTrivial: true), count: featureCount)
        matrix.values.withUnsafeBufferPointer { values in
            result.withUnsafeMutableBufferPointer { output in
                let source = SendablePointer(values.baseAddress)
                let target = SendableMutablePointer(output.baseAddress)
                ParallelRunner(threads: threads).forEachChunk(count: featureCount) { feature in
                    var column = [Float](repeating: 0, count: rowCount)
                    for row in 0..<rowCount { column[row] = source[row * featureCount + feature] }
                    (target.pointer! + feature).initialize(to: FeatureBinning(learningFrom: column, maxBin: maxBin))
                }
            }
        }
        features = result
    }

    init(features: [FeatureBinning]) {
        self.features = features
    }

    /// Bins every value of `matrix` into a column-major matrix.
    func binned(_ matrix: FeatureMatrix, threads: Int) -> BinnedMatrix {
        let featureCount = matrix.featureCount
        let rowCount = matrix.rowCount
        var bins = [UInt8](repeating: 0, count: featureCount * rowCount)
        matrix.values.withUnsafeBufferPointer { values in
            bins.withUnsafeMutableBufferPointer { output in
                let source = SendablePointer(values.baseAddress)
                let target = SendableMutablePointer(output.baseAddress)
                let features = self.features
                ParallelRunner(threads: threads).forEachChunk(count: featureCount) { feature in
                    let binning = features[feature]
                    let column = target.pointer! + feature * rowCount
                    for row in 0..<rowCount {
                        column[row] = UInt8(truncatingIfNeeded: binning.bin(of: source[row * featureCount + feature]))
                    }
                }
            }
        }
        return BinnedMatrix(rowCount: rowCount, featureCount: featureCount, bins: bins)
    }
}

/// Column-major bin indices: `bins[feature * rowCount + row]`.
struct BinnedMatrix: Sendable {
    let rowCount: Int
    let featureCount: Int
    let bins: [UInt8]
}
