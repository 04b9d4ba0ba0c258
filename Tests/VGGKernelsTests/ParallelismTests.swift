import Dispatch
import Synchronization
import XCTest
@testable import VGGKernels

/// The worker pool under Parallelism: every index exactly once, worker slots in range and never shared at once, and
/// regions that are nested, concurrent, or published after the pool's threads went to sleep.
final class ParallelismTests: XCTestCase {
    /// Runs one region and checks it: each index once, each slot < min(threads, count) and used by one thread at a time.
    private func checkRegion(count: Int, threads: Int, work: Int = 0, _ message: String) {
        let hits = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: max(count, 1))
        let slots = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: threads)
        for i in 0..<max(count, 1) { (hits + i).initialize(to: Atomic(0)) }
        for i in 0..<threads { (slots + i).initialize(to: Atomic(0)) }
        defer {
            hits.deinitialize(count: max(count, 1)); hits.deallocate()
            slots.deinitialize(count: threads); slots.deallocate()
        }
        let bad = Atomic<Int>(0)
        let workers = min(threads, max(count, 1))
        Parallelism(threads: threads).parallelForWorkers(count) { i, w in
            guard w >= 0 && w < workers else {
                bad.wrappingAdd(1, ordering: .relaxed)
                return
            }
            if slots[w].wrappingAdd(1, ordering: .relaxed).oldValue != 0 { bad.wrappingAdd(1, ordering: .relaxed) }
            var x = 0
            for j in 0..<work { x &+= j }
            if x == -1 { bad.wrappingAdd(1, ordering: .relaxed) }
            hits[i].wrappingAdd(1, ordering: .relaxed)
            slots[w].wrappingSubtract(1, ordering: .relaxed)
        }
        XCTAssertEqual(bad.load(ordering: .relaxed), 0, "\(message): a slot out of range or shared")
        for i in 0..<count where hits[i].load(ordering: .relaxed) != 1 {
            XCTFail("\(message): index \(i) ran \(hits[i].load(ordering: .relaxed)) times")
            return
        }
    }

    func testEveryIndexOnceWithSlotsInRange() {
        for threads in [1, 2, 3, 5, 8] {
            for count in [0, 1, 2, 3, 7, 64, 1000] {
                checkRegion(count: count, threads: threads, work: count < 100 ? 2000 : 50, "threads \(threads) count \(count)")
            }
        }
    }

    /// Regions after the pool's threads have stopped spinning and sleep (a lost wake-up would hang here).
    func testRegionsAfterIdleGaps() {
        for gap in [0, 100, 300, 2000] {
            for round in 0..<5 {
                usleep(UInt32(gap))
                checkRegion(count: 16, threads: 2, work: 500, "gap \(gap) us round \(round)")
            }
        }
    }

    /// A parallel-for inside a parallel-for (the pool is busy: the inner one runs on Dispatch) covers everything.
    func testNestedRegions() {
        let total = Atomic<Int>(0)
        Parallelism(threads: 2).parallelFor(6) { _ in
            Parallelism(threads: 2).parallelFor(10) { _ in total.wrappingAdd(1, ordering: .relaxed) }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 60)
    }

    /// Regions started from several threads at once (one gets the pool, the others Dispatch) are each complete.
    func testConcurrentCallers() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for round in 0..<50 {
                let count = 5 + (caller + round) % 20
                let sum = Atomic<Int>(0)
                Parallelism(threads: 2 + caller % 2).parallelFor(count) { i in sum.wrappingAdd(i + 1, ordering: .relaxed) }
                if sum.load(ordering: .relaxed) != count * (count + 1) / 2 { failures.wrappingAdd(1, ordering: .relaxed) }
            }
        }
        XCTAssertEqual(failures.load(ordering: .relaxed), 0)
    }
}
