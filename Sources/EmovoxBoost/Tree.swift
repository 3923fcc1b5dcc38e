/// One regression tree of the ensemble, stored as parallel arrays (LightGBM-style).
///
/// Internal node `i` sends a sample left when its feature value `x` satisfies `x <= threshold[i]`
/// (equivalently, its bin is `<= thresholdBin[i]`), and missing values (NaN) follow
/// `defaultLeft[i]`. Child references `>= 0` are internal nodes; negative values `c` encode leaf
/// `~c`. A tree with no internal nodes is a single leaf.
public struct Tree: Codable, Sendable, Equatable {
    /// Feature index (into the model's feature names) tested at each internal node.
    public let splitFeature: [Int]
    /// Largest bin that goes left at each internal node.
    public let thresholdBin: [Int]
    /// Raw-value threshold equivalent to `thresholdBin`.
    public let threshold: [Double]
    /// Whether missing values go left at each internal node.
    public let defaultLeft: [Bool]
    /// Left child of each internal node.
    public let leftChild: [Int]
    /// Right child of each internal node.
    public let rightChild: [Int]
    /// Loss reduction achieved by each split (for gain importance).
    public let splitGain: [Double]
    /// Output of each leaf (already multiplied by the learning rate).
    public let leafValues: [Double]
    /// Number of training samples (of the bag) in each leaf.
    public let leafCounts: [Int]

    /// Number of leaves.
    public var leafCount: Int { leafValues.count }

    /// The leaf reached by a row of raw feature values.
    @inline(__always)
    func leafIndex(row: UnsafePointer<Float>) -> Int {
        if splitFeature.isEmpty { return 0 }
        var node = 0
        while true {
            let value = row[splitFeature[node]]
            let goLeft = value.isNaN ? defaultLeft[node] : Double(value) <= threshold[node]
            let next = goLeft ? leftChild[node] : rightChild[node]
            if next < 0 { return ~next }
            node = next
        }
    }

    /// The leaf reached by row `row` of a column-major bin matrix.
    @inline(__always)
    func leafIndex(bins: UnsafePointer<UInt8>, rowCount: Int, row: Int, missingBins: UnsafePointer<Int>) -> Int {
        if splitFeature.isEmpty { return 0 }
        var node = 0
        while true {
            let feature = splitFeature[node]
            let bin = Int(bins[feature * rowCount + row])
            let goLeft = bin == missingBins[feature] ? defaultLeft[node] : bin <= thresholdBin[node]
            let next = goLeft ? leftChild[node] : rightChild[node]
            if next < 0 { return ~next }
            node = next
        }
    }

    /// Checks internal consistency against a feature count (used when loading a model file).
    func validate(featureCount: Int) throws {
        let n = splitFeature.count
        guard
            [
                thresholdBin.count, threshold.count, defaultLeft.count, leftChild.count, rightChild.count,
                splitGain.count,
            ]
            .allSatisfy({ $0 == n }),
            leafValues.count == n + 1, leafCounts.count == n + 1
        else { throw BoostError.invalidModel("tree arrays have inconsistent lengths") }
        for node in 0..<n {
            guard (0..<featureCount).contains(splitFeature[node]) else {
                throw BoostError.invalidModel("split feature \(splitFeature[node]) out of range")
            }
            for child in [leftChild[node], rightChild[node]] {
                let valid = child >= 0 ? child > node && child < n : ~child < n + 1
                guard valid else { throw BoostError.invalidModel("tree child reference \(child) out of range") }
            }
        }
        guard leafValues.allSatisfy(\.isFinite) else { throw BoostError.invalidModel("non-finite leaf value") }
    }

    init(
        splitFeature: [Int], thresholdBin: [Int], threshold: [Double], defaultLeft: [Bool], leftChild: [Int],
        rightChild: [Int], splitGain: [Double], leafValues: [Double], leafCounts: [Int]
    ) {
        self.splitFeature = splitFeature
        self.thresholdBin = thresholdBin
        self.threshold = threshold
        self.defaultLeft = defaultLeft
        self.leftChild = leftChild
        self.rightChild = rightChild
        self.splitGain = splitGain
        self.leafValues = leafValues
        self.leafCounts = leafCounts
    }
}
