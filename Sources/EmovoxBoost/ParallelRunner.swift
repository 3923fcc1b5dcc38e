import Dispatch
import Foundation

/// Runs independent work items on a fixed number of threads.
///
/// Work is split into items whose boundaries do not depend on the thread count, and each item is
/// computed entirely by one thread, so results are bit-identical for any `threads` value.
struct ParallelRunner: Sendable {
    let threadCount: Int

    /// - Parameter threads: 0 means one thread per active core.
    init(threads: Int) {
        threadCount = threads <= 0 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : threads
    }

    /// Calls `body(item)` once for every item in `0..<count`. Items are assigned to workers by a
    /// static stride, which keeps the schedule free of shared mutable state.
    func forEachChunk(count: Int, _ body: (Int) -> Void) {
        let workers = min(threadCount, count)
        if workers <= 1 {
            for item in 0..<count { body(item) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendableBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var item = worker
                while item < count {
                    work.value(item)
                    item += workers
                }
            }
        }
    }
}

/// Carries a value into concurrently executed work. Only used for closures and pointers whose
/// concurrent use is made safe by construction: every work item writes a disjoint region.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A read-only pointer shared by work items (the memory is not mutated while they run).
struct SendablePointer<Element>: @unchecked Sendable {
    let pointer: UnsafePointer<Element>?
    init(_ pointer: UnsafePointer<Element>?) { self.pointer = pointer }
    subscript(index: Int) -> Element { pointer![index] }
}

/// A mutable pointer shared by work items that each write a disjoint region.
struct SendableMutablePointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>?
    init(_ pointer: UnsafeMutablePointer<Element>?) { self.pointer = pointer }
}
