import Foundation

/// Runs independent work items on up to `jobs` threads and returns the results in item order.
///
/// Callers split their data into chunks whose boundaries do not depend on `jobs` and reduce the
/// results in item order, so sums come out bit-identical for any thread count.
public enum ChunkedParallel {
    public static func map<T: Sendable>(
        count: Int, jobs: Int, _ body: @Sendable (Int) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        let box = ResultBox<T>(count: count)
        let workers = max(1, min(jobs, count))
        if workers == 1 {
            for i in 0..<count { box.store(body(i), at: i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = box.claim() { box.store(body(i), at: i) }
            }
        }
        return box.results()
    }

    /// Fixed chunk boundaries of `0..<total` in pieces of `size`.
    public static func chunks(total: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: total, by: max(size, 1)).map { $0..<min($0 + max(size, 1), total) }
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        private var next = 0

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.withLock {
                guard next < slots.count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func store(_ value: T, at index: Int) { lock.withLock { slots[index] = value } }

        func results() -> [T] { lock.withLock { slots.map { $0! } } }
    }
}
