// Parallelism: how many threads a kernel may use, and the parallel-for that uses them. Not a pool: it owns no
// threads; each call runs on Dispatch's global pool (concurrentPerform) with min(threads, count) workers that take
// iterations from a shared counter, so a slow, noisy core takes fewer. body(i) must be safe to run concurrently for
// distinct i; a count of 0 (or less) runs nothing; 1 worker runs the loop inline on the caller's thread.

import Dispatch
#if canImport(Glibc)
import Glibc
#endif

public struct Parallelism: Sendable {
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    public static var available: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }

    public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        parallelForWorkers(count) { i, _ in body(i) }
    }

    /// Like parallelFor, but also passes a worker slot in 0..<min(threads, count) so callers can
    /// index per-thread scratch buffers. A slot is used by one thread at a time.
    func parallelForWorkers(_ count: Int, _ body: (_ index: Int, _ worker: Int) -> Void) {
        if count <= 0 { return }
        let workers = min(threads, count)
        if workers == 1 {
            for i in 0..<count { body(i, 0) }
            return
        }
        let counter = WorkCounter()
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                while true {
                    let i = counter.next()
                    if i >= count { break }
                    box.value(i, w)
                }
            }
        }
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}

/// Shared iteration counter guarded by a pthread mutex (stdlib has no portable atomics on macOS 13).
private final class WorkCounter: @unchecked Sendable {
    private var value = 0
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func next() -> Int {
        pthread_mutex_lock(mutex)
        let v = value
        value = v &+ 1
        pthread_mutex_unlock(mutex)
        return v
    }
}
