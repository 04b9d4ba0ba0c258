// Parallelism: how many threads a kernel may use, and the parallel-for that uses them. Workers take iterations from a
// shared counter, so a slow, noisy core takes fewer; body(i) must be safe to run concurrently for distinct i; a count
// of 0 (or less) runs nothing; 1 worker runs the loop inline on the caller's thread.
// The threads are a process-wide WorkerPool's (like Dispatch's global pool, a shared resource, not a setting): after a
// region its workers spin briefly before sleeping, so the many short regions of a small network start on every core
// at once instead of after a sleeping thread's wake-up (tens of microseconds per region through Dispatch: docs/plan.md).
// A region that finds the pool busy (a nested or concurrent parallel-for) runs on Dispatch's concurrentPerform.

import Dispatch
import Synchronization
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
        withoutActuallyEscaping(body) { escapable in
            if WorkerPool.shared.run(count: count, workers: workers, escapable) { return }
            let counter = Atomic<Int>(0)
            let box = UncheckedBox(escapable)
            withUnsafePointer(to: counter) { counterPointer in
                let shared = UncheckedBox(counterPointer)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    while true {
                        let i = shared.value.pointee.wrappingAdd(1, ordering: .relaxed).oldValue
                        if i >= count { break }
                        box.value(i, w)
                    }
                }
            }
        }
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}

/// Threads that run parallel-for regions: the caller is worker 0, pool threads take worker slots 1...; one region at a
/// time. A region is published by bumping `generation`; threads spin on it (yielding) for `spinNanoseconds` after
/// their last region, then sleep on a condition variable; spinning only while the pool's threads fit the cores (more
/// would spin against the ones working). A thread joins a region by taking a ticket: `tickets` starts at the slots
/// wanted and counts down, so exactly that many threads join whichever threads wake first, each with its own slot, and
/// a late thread that finds none left touches nothing of the region (whose fields the next owner may be writing).
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()
    static let spinNanoseconds: UInt64 = 200_000

    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let tickets = Atomic<Int>(0)
    private let nextIndex = Atomic<Int>(0)
    private let unfinished = Atomic<Int>(0)
    private let started = Atomic<Int>(0)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var sleepers = 0                      // guarded by mutex
    // The region, written by its owner before `tickets` is set (release); read only by ticket holders (acquire).
    private var count = 0
    private var body: ((Int, Int) -> Void)?

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
    }

    /// Runs the region on `workers` threads (the caller included). False if the pool is in use (nested or concurrent
    /// regions) or a thread could not be started: the caller then runs it some other way.
    func run(count: Int, workers: Int, _ body: @escaping (Int, Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        while started.load(ordering: .relaxed) < workers - 1 {
            if !startThread() { return false }
            started.wrappingAdd(1, ordering: .relaxed)
        }
        self.count = count
        self.body = body
        nextIndex.store(0, ordering: .relaxed)
        unfinished.store(workers - 1, ordering: .relaxed)
        tickets.store(workers - 1, ordering: .releasing)
        generation.wrappingAdd(1, ordering: .releasing)
        pthread_mutex_lock(mutex)
        if sleepers > 0 { pthread_cond_broadcast(wake) }
        pthread_mutex_unlock(mutex)
        while true {
            let i = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= count { break }
            body(i, 0)
        }
        var spins = 0
        while unfinished.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins > 100 { sched_yield() }
        }
        self.body = nil
        return true
    }

    /// Called by a region's owner before it publishes: the new thread starts from the current generation, so it joins
    /// that region however late it is scheduled.
    private func startThread() -> Bool {
        let context = Unmanaged.passRetained(ThreadStart(pool: self, generation: generation.load(ordering: .relaxed)))
            .toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let start = Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue()
            start.pool.workerLoop(seen: start.generation)
            return nil
        }, context)
        if result != 0 {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// A ticket holder's share of the region. Not inlined: its copy of `body` is released before it returns, so the
    /// owner's non-escaping closure is unreferenced once `unfinished` reaches 0.
    @inline(never)
    private func runRegion(slot: Int) {
        guard let body else { return }
        let n = count
        while true {
            let i = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= n { break }
            body(i, slot)
        }
    }

    private final class ThreadStart {
        let pool: WorkerPool
        let generation: Int
        init(pool: WorkerPool, generation: Int) { self.pool = pool; self.generation = generation }
    }

    private func workerLoop(seen start: Int) {
        var seen = start
        while true {
            let spin = started.load(ordering: .relaxed) < Parallelism.available
            let deadline = monotonicNanoseconds() &+ (spin ? Self.spinNanoseconds : 0)
            var current = generation.load(ordering: .acquiring)
            while current == seen && monotonicNanoseconds() < deadline {
                sched_yield()
                current = generation.load(ordering: .acquiring)
            }
            if current == seen {
                pthread_mutex_lock(mutex)
                sleepers += 1
                while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, mutex) }
                sleepers -= 1
                pthread_mutex_unlock(mutex)
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            let slot = tickets.wrappingSubtract(1, ordering: .acquiringAndReleasing).oldValue
            if slot > 0 {
                runRegion(slot: slot)
                unfinished.wrappingSubtract(1, ordering: .releasing)
            }
        }
    }
}

@inline(__always)
private func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}
