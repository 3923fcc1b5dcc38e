#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock on a cache folder: `flock(2)` on its `.lock` file.
///
/// Every pipeline run holds it shared while it reads and writes entries, and `emovox cache gc`
/// takes it exclusively, so a collection never deletes a file a run is writing or about to read.
/// A collection that finds the cache in use does not wait: it spares every file younger than
/// ``PipelineCache/activeRunGrace`` instead (see ``PipelineCache/gc(keep:sparingFilesYoungerThan:)``).
/// The lock is released when the value is released, or by the kernel when the process ends, so a
/// killed run never leaves the cache locked.
public final class CacheLock: Sendable {
    private let descriptor: Int32

    fileprivate init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension PipelineCache {
    /// The lock file's name in the cache folder (never a shard, which has two characters).
    static let lockFileName = ".lock"

    /// How young a file `gc` spares while runs use the cache: longer than any one sample takes.
    public static let activeRunGrace: Double = 3600

    /// Waits for a shared lock, held for as long as the value lives; `nil` when the lock file cannot
    /// be opened (a read-only cache), in which case nothing can collect it either.
    public func lockForRun() -> CacheLock? {
        lock(LOCK_SH)
    }

    /// An exclusive lock if no run holds the cache at this moment, else `nil` (without waiting).
    public func lockForCollection() -> CacheLock? {
        lock(LOCK_EX | LOCK_NB)
    }

    private func lock(_ operation: Int32) -> CacheLock? {
        let descriptor = open("\(directory)/\(Self.lockFileName)", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            return nil
        }
        return CacheLock(descriptor: descriptor)
    }
}
