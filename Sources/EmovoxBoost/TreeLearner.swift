/// Grows one regression tree on gradients/hessians, leaf-wise (best-first), from a binned matrix.
///
/// The learner keeps the row indices of every leaf contiguous in one array (a leaf is a segment;
/// a split partitions its segment in place, stably, so indices stay ascending and column reads
/// stay cache-friendly). Histograms are built over the leaf's rows from contiguous, per-leaf
/// ordered gradient copies, parallel across fixed feature chunks, and the larger child of a split
/// gets its histogram by subtracting the smaller child's from the parent's.
///
/// All buffers are allocated once per training run; growing a tree allocates only small arrays.
final class TreeLearner {
    private struct Leaf {
        var begin: Int
        var count: Int
        var sumGradient: Double
        var sumHessian: Double
        var depth: Int
        var best = SplitCandidate()
        var parentNode = -1
        var isLeftChild = false
    }

    private let rowCount: Int
    private let featureCount: Int
    /// Keeps the bin storage alive; `bins` points into it.
    private let binned: BinnedMatrix
    private let bins: UnsafeMutablePointer<UInt8>
    private let binnings: [FeatureBinning]
    private let binOffset: UnsafeMutablePointer<Int>
    private let binCount: UnsafeMutablePointer<Int>
    let missingBins: UnsafeMutablePointer<Int>
    private let parameters: TrainingParameters
    private let constraints: SplitConstraints
    private let runner: ParallelRunner
    private let pool: HistogramPool
    private let parentKey: Int

    /// Row indices; leaf segments live here. The first `bagCount` entries are the current bag.
    private let rows: UnsafeMutablePointer<Int32>
    private let scratchRows: UnsafeMutablePointer<Int32>
    /// The current leaf's rows' `(g, h, 1, 0)` in segment order, ready to be added to a bin.
    private let orderedStatistics: UnsafeMutablePointer<BinStatistics>
    private var bag: [Int32]
    private var inBag: [Bool]
    private var leaves: [Leaf] = []

    /// Features per histogram/split-search work item. Fixed, so the work split (and therefore
    /// every floating-point sum) is independent of the thread count.
    private static let featuresPerChunk = 16

    init(binned: BinnedMatrix, binnings: [FeatureBinning], parameters: TrainingParameters, runner: ParallelRunner) {
        rowCount = binned.rowCount
        featureCount = binned.featureCount
        self.binned = binned
        bins = binned.bins
        self.binnings = binnings
        binOffset = .allocate(capacity: max(1, featureCount))
        binCount = .allocate(capacity: max(1, featureCount))
        missingBins = .allocate(capacity: max(1, featureCount))
        var offset = 0
        for (feature, binning) in binnings.enumerated() {
            binOffset[feature] = offset
            binCount[feature] = binning.binCount
            missingBins[feature] = binning.missingBin
            offset += binning.binCount
        }
        self.parameters = parameters
        constraints = SplitConstraints(
            minDataInLeaf: Double(parameters.minDataInLeaf), minSumHessianInLeaf: parameters.minSumHessianInLeaf,
            lambdaL2: parameters.lambdaL2, minSplitGain: parameters.minSplitGain)
        self.runner = runner
        parentKey = parameters.numLeaves
        pool = HistogramPool(
            histogramLength: offset, maxLeaves: parameters.numLeaves + 1, budgetBytes: 64 << 20)
        rows = .allocate(capacity: max(1, rowCount))
        scratchRows = .allocate(capacity: max(1, rowCount))
        orderedStatistics = .allocate(capacity: max(1, rowCount))
        bag = (0..<rowCount).map { Int32($0) }
        inBag = [Bool](repeating: true, count: rowCount)
    }

    deinit {
        binOffset.deallocate()
        binCount.deallocate()
        missingBins.deallocate()
        rows.deallocate()
        scratchRows.deallocate()
        orderedStatistics.deallocate()
    }

    /// Sets the rows (ascending) that the following trees are grown on.
    func setBag(_ newBag: [Int32]) {
        bag = newBag
        for i in inBag.indices { inBag[i] = false }
        for row in newBag { inBag[Int(row)] = true }
    }

    /// Grows a tree for one class.
    /// - Parameters:
    ///   - treeFeatures: ascending feature indices sampled for this tree (non-trivial ones only).
    ///   - nodeRandom: generator for per-node feature sampling.
    func grow(
        gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, treeFeatures: [Int],
        nodeRandom: inout Xoshiro256StarStar
    ) -> Tree {
        pool.reset()
        for (i, row) in bag.enumerated() { rows[i] = row }
        var sumG = 0.0
        var sumH = 0.0
        for row in bag {
            sumG += Double(gradients[Int(row)])
            sumH += Double(hessians[Int(row)])
        }
        leaves = [Leaf(begin: 0, count: bag.count, sumGradient: sumG, sumHessian: sumH, depth: 0)]
        var splitFeature: [Int] = []
        var thresholdBin: [Int] = []
        var threshold: [Double] = []
        var defaultLeft: [Bool] = []
        var leftChild: [Int] = []
        var rightChild: [Int] = []
        var splitGain: [Double] = []

        if canSplit(leaves[0]) && !treeFeatures.isEmpty {
            if usesStoredHistogram(leaves[0]) {
                let histogram = pool.acquire(for: 0, keep: -1) { _ in 0 }
                buildHistogram(
                    leaf: 0, into: histogram, features: treeFeatures, gradients: gradients, hessians: hessians)
                findBestSplit(leaf: 0, histogram: histogram, treeFeatures: treeFeatures, nodeRandom: &nodeRandom)
            } else {
                findBestSplitDirect(
                    leaf: 0, treeFeatures: treeFeatures, gradients: gradients, hessians: hessians,
                    nodeRandom: &nodeRandom)
            }
        }

        while leaves.count < parameters.numLeaves {
            var chosen = -1
            for (index, leaf) in leaves.enumerated() where leaf.best.isValid {
                if chosen < 0 || leaf.best.gain > leaves[chosen].best.gain { chosen = index }
            }
            if chosen < 0 { break }
            let split = leaves[chosen].best
            let parent = leaves[chosen]
            let leftCount = partition(leaf: parent, split: split)
            let node = splitFeature.count
            let rightIndex = leaves.count
            splitFeature.append(split.feature)
            thresholdBin.append(split.thresholdBin)
            threshold.append(binnings[split.feature].threshold(forBin: split.thresholdBin))
            defaultLeft.append(split.defaultLeft)
            leftChild.append(~chosen)
            rightChild.append(~rightIndex)
            splitGain.append(split.gain)
            if parent.parentNode >= 0 {
                if parent.isLeftChild {
                    leftChild[parent.parentNode] = node
                } else {
                    rightChild[parent.parentNode] = node
                }
            }
            leaves[chosen] = Leaf(
                begin: parent.begin, count: leftCount, sumGradient: split.leftGradient, sumHessian: split.leftHessian,
                depth: parent.depth + 1, parentNode: node, isLeftChild: true)
            leaves.append(
                Leaf(
                    begin: parent.begin + leftCount, count: parent.count - leftCount,
                    sumGradient: split.rightGradient, sumHessian: split.rightHessian, depth: parent.depth + 1,
                    parentNode: node, isLeftChild: false))
            if leaves.count < parameters.numLeaves {
                prepareChildren(
                    parent: chosen, left: chosen, right: rightIndex, treeFeatures: treeFeatures, gradients: gradients,
                    hessians: hessians, nodeRandom: &nodeRandom)
            }
        }

        let learningRate = parameters.learningRate
        let values = leaves.map { constraints.leafOutput($0.sumGradient, $0.sumHessian) * learningRate }
        return Tree(
            splitFeature: splitFeature, thresholdBin: thresholdBin, threshold: threshold, defaultLeft: defaultLeft,
            leftChild: leftChild, rightChild: rightChild, splitGain: splitGain, leafValues: values,
            leafCounts: leaves.map(\.count))
    }

    /// Adds the just-grown `tree`'s output to `scores` (one class's slice): in-bag rows via their
    /// leaf segment, out-of-bag rows by walking the tree on their bins.
    func addOutput(of tree: Tree, to scores: UnsafeMutablePointer<Double>) {
        for (index, leaf) in leaves.enumerated() {
            let value = tree.leafValues[index]
            for i in leaf.begin..<leaf.begin + leaf.count { scores[Int(rows[i])] += value }
        }
        guard bag.count < rowCount else { return }
        for row in 0..<rowCount where !inBag[row] {
            scores[row] +=
                tree.leafValues[
                    tree.leafIndex(bins: bins, rowCount: rowCount, row: row, missingBins: missingBins)]
        }
    }

    private func canSplit(_ leaf: Leaf) -> Bool {
        let depthOK = parameters.maxDepth <= 0 || leaf.depth < parameters.maxDepth
        return depthOK && leaf.count >= 2 * parameters.minDataInLeaf
            && leaf.sumHessian >= 2 * parameters.minSumHessianInLeaf
    }

    /// Whether a leaf's split search goes through a stored dense histogram (worth it when the
    /// leaf has many rows per bin, so subtraction saves real work, and the histogram is small
    /// enough that zeroing and subtracting it does not cost more memory traffic than it saves).
    /// Other leaves are scanned directly from their rows with a per-feature scratch histogram.
    private func usesStoredHistogram(_ leaf: Leaf) -> Bool {
        pool.histogramLength * MemoryLayout<BinStatistics>.stride <= Self.storedHistogramMaxBytes
            && leaf.count >= Self.storedHistogramMinRows
    }

    private static let storedHistogramMaxBytes = 4 << 20
    private static let storedHistogramMinRows = 512

    /// Gives the children of a split their best splits. When the parent's histogram is stored
    /// (under the left child's index) and the larger child also wants one, only the smaller child
    /// is built and the larger one is derived by subtraction.
    private func prepareChildren(
        parent: Int, left: Int, right: Int, treeFeatures: [Int], gradients: UnsafePointer<Float>,
        hessians: UnsafePointer<Float>, nodeRandom: inout Xoshiro256StarStar
    ) {
        let leftSplittable = canSplit(leaves[left])
        let rightSplittable = canSplit(leaves[right])
        let smallIsLeft = leaves[left].count <= leaves[right].count
        let small = smallIsLeft ? left : right
        let large = smallIsLeft ? right : left
        let smallSplittable = smallIsLeft ? leftSplittable : rightSplittable
        let largeSplittable = smallIsLeft ? rightSplittable : leftSplittable
        // Read live so children whose best split was just found are ranked by it.
        let priority: (Int) -> Double = { leaf in leaf < self.leaves.count ? self.leaves[leaf].best.gain : .infinity }

        if pool.histogram(of: parent) != nil && largeSplittable && usesStoredHistogram(leaves[large]) {
            pool.transfer(from: parent, to: parentKey)
            let smallHistogram = pool.acquire(for: small, keep: parentKey, priority: priority)
            buildHistogram(
                leaf: small, into: smallHistogram, features: treeFeatures, gradients: gradients, hessians: hessians)
            subtract(smallHistogram, from: pool.histogram(of: parentKey)!, features: treeFeatures)
            pool.transfer(from: parentKey, to: large)
            if smallSplittable {
                findBestSplit(
                    leaf: small, histogram: smallHistogram, treeFeatures: treeFeatures, nodeRandom: &nodeRandom)
            } else {
                pool.release(small)
            }
            findBestSplit(
                leaf: large, histogram: pool.histogram(of: large)!, treeFeatures: treeFeatures,
                nodeRandom: &nodeRandom)
            return
        }
        pool.release(parent)
        for (child, splittable) in [(left, leftSplittable), (right, rightSplittable)] where splittable {
            if usesStoredHistogram(leaves[child]) {
                let histogram = pool.acquire(for: child, keep: -1, priority: priority)
                buildHistogram(
                    leaf: child, into: histogram, features: treeFeatures, gradients: gradients, hessians: hessians)
                findBestSplit(leaf: child, histogram: histogram, treeFeatures: treeFeatures, nodeRandom: &nodeRandom)
            } else {
                findBestSplitDirect(
                    leaf: child, treeFeatures: treeFeatures, gradients: gradients, hessians: hessians,
                    nodeRandom: &nodeRandom)
            }
        }
    }

    /// Partitions the leaf's segment stably: rows going left first. Returns the left count.
    private func partition(leaf: Leaf, split: SplitCandidate) -> Int {
        let column = bins + split.feature * rowCount
        let missingBin = UInt8(truncatingIfNeeded: missingBins[split.feature])
        let thresholdBin = UInt8(truncatingIfNeeded: split.thresholdBin)
        let defaultLeft = split.defaultLeft
        let segment = rows + leaf.begin
        var leftCount = 0
        var rightCount = 0
        for i in 0..<leaf.count {
            let row = segment[i]
            let bin = column[Int(row)]
            let goLeft = bin == missingBin ? defaultLeft : bin <= thresholdBin
            if goLeft {
                segment[leftCount] = row
                leftCount += 1
            } else {
                scratchRows[rightCount] = row
                rightCount += 1
            }
        }
        (segment + leftCount).update(from: scratchRows, count: rightCount)
        return leftCount
    }

    /// Builds (gradient, hessian, count) histograms of `features` over the leaf's rows.
    private func buildHistogram(
        leaf index: Int, into histogram: UnsafeMutablePointer<BinStatistics>, features: [Int],
        gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>
    ) {
        let leaf = leaves[index]
        let segment = rows + leaf.begin
        let count = leaf.count
        gatherGradients(of: leaf, gradients: gradients, hessians: hessians)
        let chunkCount = (features.count + Self.featuresPerChunk - 1) / Self.featuresPerChunk
        let work = count * features.count
        let runner = work >= 1 << 16 ? self.runner : ParallelRunner(threads: 1)
        features.withUnsafeBufferPointer { features in
            runner.forEachChunk(count: chunkCount) { chunk in
                let end = min(features.count, (chunk + 1) * Self.featuresPerChunk)
                for j in chunk * Self.featuresPerChunk..<end {
                    let feature = features[j]
                    accumulate(
                        column: bins + feature * rowCount, rows: segment, count: count,
                        into: histogram + binOffset[feature], binCount: binCount[feature])
                }
            }
        }
    }

    /// Copies the leaf's gradients and hessians, as `(g, h, 1, 0)`, into a contiguous buffer in
    /// segment order.
    private func gatherGradients(of leaf: Leaf, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>) {
        let segment = rows + leaf.begin
        for i in 0..<leaf.count {
            let row = Int(segment[i])
            orderedStatistics[i] = BinStatistics(Double(gradients[row]), Double(hessians[row]), 1, 0)
        }
    }

    /// The features searched at a node: all of the tree's, or a seeded sample of them.
    private func nodeFeatures(_ treeFeatures: [Int], nodeRandom: inout Xoshiro256StarStar) -> [Int] {
        parameters.featureFractionByNode < 1
            ? FeatureSampler.sample(treeFeatures, fraction: parameters.featureFractionByNode, random: &nodeRandom)
            : treeFeatures
    }

    /// Leaves with fewer rows than this visit only their non-empty bins (found through a bitmap)
    /// instead of scanning every bin.
    private static let sparseScanMaxRows = 1024

    /// Finds a leaf's best split without a stored histogram: features are taken four at a time,
    /// their rows accumulated in one pass (the row index and its statistics are loaded once for
    /// the four, and the four independent scratch histograms keep the adds from waiting on each
    /// other) into scratch histograms that stay in L1 cache, then each is scanned and cleared.
    private func findBestSplitDirect(
        leaf index: Int, treeFeatures: [Int], gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>,
        nodeRandom: inout Xoshiro256StarStar
    ) {
        let features = nodeFeatures(treeFeatures, nodeRandom: &nodeRandom)
        let leaf = leaves[index]
        gatherGradients(of: leaf, gradients: gradients, hessians: hessians)
        let constraints = self.constraints
        let parentScore = constraints.leafScore(leaf.sumGradient, leaf.sumHessian)
        let chunkCount = (features.count + Self.featuresPerChunk - 1) / Self.featuresPerChunk
        var chunkBest = [SplitCandidate](repeating: SplitCandidate(), count: chunkCount)
        let runner = leaf.count * features.count >= 1 << 16 ? self.runner : ParallelRunner(threads: 1)
        let segment = UnsafePointer(rows + leaf.begin)
        let count = leaf.count
        let sparse = count < Self.sparseScanMaxRows
        let statistics = UnsafePointer(orderedStatistics)
        let bins = UnsafePointer(self.bins)
        let rowCount = self.rowCount
        let binCount = UnsafePointer(self.binCount)
        features.withUnsafeBufferPointer { features in
            chunkBest.withUnsafeMutableBufferPointer { chunkBest in
                let output = chunkBest.baseAddress!
                runner.forEachChunk(count: chunkCount) { chunk in
                    withUnsafeTemporaryAllocation(of: BinStatistics.self, capacity: 4 * 256) { scratchBuffer in
                        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 * 4) { bitmapBuffer in
                            let scratch = scratchBuffer.baseAddress!
                            let bitmap = bitmapBuffer.baseAddress!
                            scratch.initialize(repeating: .zero, count: 4 * 256)
                            bitmap.initialize(repeating: 0, count: 4 * 4)
                            var best = SplitCandidate()
                            let end = min(features.count, (chunk + 1) * Self.featuresPerChunk)
                            var j = chunk * Self.featuresPerChunk
                            while j < end {
                                let width = min(4, end - j)
                                if width == 4 {
                                    Self.accumulateFour(
                                        columns: (
                                            bins + features[j] * rowCount, bins + features[j + 1] * rowCount,
                                            bins + features[j + 2] * rowCount, bins + features[j + 3] * rowCount
                                        ), rows: segment, statistics: statistics, count: count, into: scratch,
                                        bitmap: sparse ? bitmap : nil)
                                } else {
                                    for k in 0..<width {
                                        Self.accumulateOne(
                                            column: bins + features[j + k] * rowCount, rows: segment,
                                            statistics: statistics, count: count, into: scratch + 256 * k,
                                            bitmap: sparse ? bitmap + 4 * k : nil)
                                    }
                                }
                                for k in 0..<width {
                                    let histogram = scratch + 256 * k
                                    let valueBinCount = binCount[features[j + k]] - 1
                                    if sparse {
                                        Self.scanSparse(
                                            feature: features[j + k], histogram: histogram, bitmap: bitmap + 4 * k,
                                            valueBinCount: valueBinCount, leaf: leaf, parentScore: parentScore,
                                            constraints: constraints, best: &best)
                                    } else {
                                        SplitFinder.scan(
                                            feature: features[j + k], histogram: histogram,
                                            valueBinCount: valueBinCount, sumGradient: leaf.sumGradient,
                                            sumHessian: leaf.sumHessian, count: Double(count),
                                            parentScore: parentScore, constraints: constraints, best: &best)
                                        histogram.update(repeating: .zero, count: valueBinCount + 1)
                                    }
                                }
                                j += width
                            }
                            output[chunk] = best
                        }
                    }
                }
            }
        }
        var best = SplitCandidate()
        for candidate in chunkBest where candidate.isBetter(than: best) { best = candidate }
        leaves[index].best = best
    }

    /// Adds the rows of four features to four 256-bin scratch histograms in one pass, marking
    /// touched bins in four 4-word bitmaps when `bitmap` is given.
    @inline(__always)
    private static func accumulateFour(
        columns: (UnsafePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>),
        rows: UnsafePointer<Int32>, statistics: UnsafePointer<BinStatistics>, count: Int,
        into scratch: UnsafeMutablePointer<BinStatistics>, bitmap: UnsafeMutablePointer<UInt64>?
    ) {
        let (c0, c1, c2, c3) = columns
        let s1 = scratch + 256
        let s2 = scratch + 512
        let s3 = scratch + 768
        if let bitmap {
            for i in 0..<count {
                let row = Int(rows[i])
                let value = statistics[i]
                let b0 = Int(c0[row])
                let b1 = Int(c1[row])
                let b2 = Int(c2[row])
                let b3 = Int(c3[row])
                scratch[b0] += value
                s1[b1] += value
                s2[b2] += value
                s3[b3] += value
                bitmap[b0 &>> 6] |= 1 &<< UInt64(b0 & 63)
                bitmap[4 &+ b1 &>> 6] |= 1 &<< UInt64(b1 & 63)
                bitmap[8 &+ b2 &>> 6] |= 1 &<< UInt64(b2 & 63)
                bitmap[12 &+ b3 &>> 6] |= 1 &<< UInt64(b3 & 63)
            }
        } else {
            for i in 0..<count {
                let row = Int(rows[i])
                let value = statistics[i]
                scratch[Int(c0[row])] += value
                s1[Int(c1[row])] += value
                s2[Int(c2[row])] += value
                s3[Int(c3[row])] += value
            }
        }
    }

    /// `accumulateFour` for a single feature.
    @inline(__always)
    private static func accumulateOne(
        column: UnsafePointer<UInt8>, rows: UnsafePointer<Int32>, statistics: UnsafePointer<BinStatistics>,
        count: Int, into scratch: UnsafeMutablePointer<BinStatistics>, bitmap: UnsafeMutablePointer<UInt64>?
    ) {
        for i in 0..<count {
            let bin = Int(column[Int(rows[i])])
            scratch[bin] += statistics[i]
            if let bitmap { bitmap[bin &>> 6] |= 1 &<< UInt64(bin & 63) }
        }
    }

    /// Scans only the touched bins of a scratch histogram (ascending, via its bitmap), then clears
    /// them and the bitmap so the scratch is all-zero again.
    @inline(__always)
    private static func scanSparse(
        feature: Int, histogram: UnsafeMutablePointer<BinStatistics>, bitmap: UnsafeMutablePointer<UInt64>,
        valueBinCount missingBin: Int, leaf: Leaf, parentScore: Double, constraints: SplitConstraints,
        best: inout SplitCandidate
    ) {
        let missing = histogram[missingBin]
        var scanner = ThresholdScanner(
            constraints: constraints, sumGradient: leaf.sumGradient, sumHessian: leaf.sumHessian,
            count: Double(leaf.count), parentScore: parentScore, floor: best.gain, missingG: missing.x,
            missingH: missing.y, missingC: missing.z)
        scan: for word in 0..<4 {
            var bits = bitmap[word]
            while bits != 0 {
                let bin = word << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                if bin == missingBin { continue }
                let stats = histogram[bin]
                if !scanner.add(bin: bin, gradient: stats.x, hessian: stats.y, count: stats.z) { break scan }
            }
        }
        if let candidate = scanner.result(feature: feature, parentScore: parentScore) { best = candidate }
        for word in 0..<4 {
            var bits = bitmap[word]
            while bits != 0 {
                histogram[word << 6 | bits.trailingZeroBitCount] = .zero
                bits &= bits &- 1
            }
            bitmap[word] = 0
        }
    }

    /// The hot loop: one pass over a leaf's rows for one feature.
    @inline(__always)
    private func accumulate(
        column: UnsafePointer<UInt8>, rows: UnsafePointer<Int32>, count: Int,
        into histogram: UnsafeMutablePointer<BinStatistics>, binCount: Int
    ) {
        histogram.update(repeating: .zero, count: binCount)
        let statistics = UnsafePointer(orderedStatistics)
        for i in 0..<count { histogram[Int(column[Int(rows[i])])] += statistics[i] }
    }

    /// `parent -= small` over the given features, turning the parent's histogram into the larger
    /// child's.
    private func subtract(
        _ small: UnsafeMutablePointer<BinStatistics>, from parent: UnsafeMutablePointer<BinStatistics>,
        features: [Int]
    ) {
        for feature in features {
            let start = binOffset[feature]
            for k in start..<start + binCount[feature] { parent[k] -= small[k] }
        }
    }

    /// Finds the leaf's best split among its node-sampled features and stores it in the leaf.
    private func findBestSplit(
        leaf index: Int, histogram: UnsafeMutablePointer<BinStatistics>, treeFeatures: [Int],
        nodeRandom: inout Xoshiro256StarStar
    ) {
        let features = nodeFeatures(treeFeatures, nodeRandom: &nodeRandom)
        let leaf = leaves[index]
        let constraints = self.constraints
        let parentScore = constraints.leafScore(leaf.sumGradient, leaf.sumHessian)
        let chunkCount = (features.count + Self.featuresPerChunk - 1) / Self.featuresPerChunk
        var chunkBest = [SplitCandidate](repeating: SplitCandidate(), count: chunkCount)
        let runner = features.count * 256 >= 1 << 15 ? self.runner : ParallelRunner(threads: 1)
        let binOffset = self.binOffset
        let binnings = self.binnings
        features.withUnsafeBufferPointer { features in
            chunkBest.withUnsafeMutableBufferPointer { chunkBest in
                let output = chunkBest.baseAddress!
                runner.forEachChunk(count: chunkCount) { chunk in
                    var best = SplitCandidate()
                    let end = min(features.count, (chunk + 1) * Self.featuresPerChunk)
                    for j in chunk * Self.featuresPerChunk..<end {
                        let feature = features[j]
                        SplitFinder.scan(
                            feature: feature, histogram: histogram + binOffset[feature],
                            valueBinCount: binnings[feature].valueBinCount, sumGradient: leaf.sumGradient,
                            sumHessian: leaf.sumHessian, count: Double(leaf.count), parentScore: parentScore,
                            constraints: constraints, best: &best)
                    }
                    output[chunk] = best
                }
            }
        }
        var best = SplitCandidate()
        for candidate in chunkBest where candidate.isBetter(than: best) { best = candidate }
        leaves[index].best = best
        if !best.isValid { pool.release(index) }
    }
}
