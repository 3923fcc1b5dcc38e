/// Per-worker analysis workspace: FFT plans and analyzers with their scratch buffers, created on first
/// use and reused for every later signal.
///
/// Create one per worker thread and pass it to every extraction that worker runs; extraction then
/// allocates only per-signal output arrays, never per frame. Not thread-safe, not `Sendable` (it is
/// mutable scratch). Results never depend on which context is used.
public final class AnalysisContext {
    private var ffts: [Int: RealFFT] = [:]
    private var objects: [AnyHashable: AnyObject] = [:]

    public init() {}

    /// The cached real FFT plan of `size` samples.
    public func fft(size: Int) -> RealFFT {
        if let plan = ffts[size] { return plan }
        let plan = RealFFT(size: size)
        ffts[size] = plan
        return plan
    }

    /// The cached object for `key`, made by `make` on first request. Keys should be value types that
    /// capture every parameter the object was built for (sample rate, frame length, …).
    public func cached<Key: Hashable, Object: AnyObject>(_ key: Key, make: () -> Object) -> Object {
        let wrapped = AnyHashable(CacheKey(type: ObjectIdentifier(Object.self), key: AnyHashable(key)))
        if let object = objects[wrapped] as? Object { return object }
        let object = make()
        objects[wrapped] = object
        return object
    }

    private struct CacheKey: Hashable {
        var type: ObjectIdentifier
        var key: AnyHashable
    }
}

/// Smallest power of two ≥ `n` (and ≥ 2).
public func nextPowerOfTwo(_ n: Int) -> Int {
    var size = 2
    while size < n { size <<= 1 }
    return size
}
