/// Storage for per-leaf gradient histograms, bounded by a memory budget.
///
/// A histogram holds a `BinStatistics` (gradient sum, hessian sum, count) for every bin of every
/// feature, so with thousands of features one histogram is tens of megabytes. Leaves keep
/// their histogram so that, when split, only the smaller child is built and the larger one is
/// derived by subtraction. When the pool is full the leaf least likely to be split next (lowest
/// best gain) loses its histogram, and its children are then built directly. Eviction depends
/// only on the data, never on timing, so results stay deterministic.
final class HistogramPool {
    /// Bins per histogram (over all features).
    let histogramLength: Int
    /// Allocated on first use: with many features the learner never stores histograms.
    private var storage: UnsafeMutablePointer<BinStatistics>?
    private let capacity: Int
    private var owner: [Int]
    private var slotOfLeaf: [Int]

    init(histogramLength: Int, maxLeaves: Int, budgetBytes: Int) {
        self.histogramLength = histogramLength
        let bytesPerHistogram = max(1, histogramLength * MemoryLayout<BinStatistics>.stride)
        // Two slots are the minimum for subtraction (parent + smaller child); a leaf-wise tree
        // never has more than `maxLeaves` live leaves.
        capacity = max(2, min(maxLeaves, budgetBytes / bytesPerHistogram))
        owner = [Int](repeating: -1, count: capacity)
        slotOfLeaf = [Int](repeating: -1, count: maxLeaves)
    }

    deinit {
        storage?.deallocate()
    }

    /// Forgets every assignment (start of a new tree).
    func reset() {
        for i in owner.indices { owner[i] = -1 }
        for i in slotOfLeaf.indices { slotOfLeaf[i] = -1 }
    }

    /// The histogram of `leaf`, if it still has one.
    func histogram(of leaf: Int) -> UnsafeMutablePointer<BinStatistics>? {
        let slot = slotOfLeaf[leaf]
        return slot >= 0 ? storage! + slot * histogramLength : nil
    }

    /// Gives `leaf` a slot, evicting the lowest-priority other leaf (never one in `keep`) if full.
    func acquire(for leaf: Int, keep: Int, priority: (Int) -> Double) -> UnsafeMutablePointer<BinStatistics> {
        if let existing = histogram(of: leaf) { return existing }
        var slot = owner.firstIndex(of: -1) ?? -1
        if slot < 0 {
            var victimPriority = Double.infinity
            for candidate in 0..<capacity where owner[candidate] != keep {
                let p = priority(owner[candidate])
                if slot < 0 || p < victimPriority || (p == victimPriority && owner[candidate] < owner[slot]) {
                    slot = candidate
                    victimPriority = p
                }
            }
            slotOfLeaf[owner[slot]] = -1
        }
        owner[slot] = leaf
        slotOfLeaf[leaf] = slot
        if storage == nil { storage = .allocate(capacity: capacity * histogramLength) }
        return storage! + slot * histogramLength
    }

    /// Hands `from`'s histogram to `to` (used when a parent's histogram becomes its larger child's).
    func transfer(from: Int, to: Int) {
        let slot = slotOfLeaf[from]
        guard slot >= 0 else { return }
        slotOfLeaf[from] = -1
        slotOfLeaf[to] = slot
        owner[slot] = to
    }

    /// Frees `leaf`'s histogram (it will not be split, or it has been split).
    func release(_ leaf: Int) {
        let slot = slotOfLeaf[leaf]
        guard slot >= 0 else { return }
        owner[slot] = -1
        slotOfLeaf[leaf] = -1
    }
}
