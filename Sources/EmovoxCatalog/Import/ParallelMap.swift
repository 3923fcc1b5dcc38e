import Dispatch

/// Maps `0..<count` through `transform` on up to `jobs` threads; results keep index order, so the
/// outcome never depends on scheduling.
func parallelMap<T: Sendable>(count: Int, jobs: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    let results = ResultSlots<T>(count: count)
    let stripes = max(1, min(jobs, count))
    DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
        for index in stride(from: stripe, to: count, by: stripes) {
            results.store(transform(index), at: index)
        }
    }
    return results.values()
}

/// Fixed slots written by disjoint indices from several threads.
private final class ResultSlots<T>: @unchecked Sendable {
    // Safe without a lock: each index is written by exactly one stripe, and reads happen after
    // concurrentPerform has returned (a full barrier).
    private var slots: [T?]
    init(count: Int) { slots = [T?](repeating: nil, count: count) }
    func store(_ value: T, at index: Int) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }
    func values() -> [T] { slots.map { $0! } }
}
