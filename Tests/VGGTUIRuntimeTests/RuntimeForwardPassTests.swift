import VGGCore
import VGGRuntime
import VGGTUI
import VGGTUIRuntime
import XCTest

/// The real engine behind `r`, on a small network: a cancel is reported as a cancel, the machine is
/// probed once per session (by an injected probe: no test runs the real one).
final class RuntimeForwardPassTests: XCTestCase {
    let spec = VGGSpec(name: "small", input: InputShape(channels: 3, height: 32, width: 32),
                       blocks: [Block(convs: 1, channels: 8), Block(convs: 1, channels: 16)],
                       head: .flatten, classifier: [32], classes: 4)
    static let peaks = MachinePeaks(gemmGFLOPs: 100, bandwidthGBs: 10)

    /// Counts probe calls; `onProbe` runs inside the probe (to cancel mid-probe).
    final class ProbeLog: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        private var names: [String] = []
        var onProbe: () -> Void = {}
        var calls: Int { lock.lock(); defer { lock.unlock() }; return count }
        var progress: [String] { lock.lock(); defer { lock.unlock() }; return names }
        func probed() { lock.lock(); count += 1; lock.unlock(); onProbe() }
        func saw(_ name: String) { lock.lock(); names.append(name); lock.unlock() }
    }

    func pass(_ log: ProbeLog = ProbeLog()) -> RuntimeForwardPass {
        RuntimeForwardPass(probe: { log.probed(); return Self.peaks })
    }

    func testCancelDuringLoadingIsACancelNotAFailure() {
        XCTAssertThrowsError(try pass().run(spec, progress: { _, _, _ in }, isCancelled: { true })) { error in
            XCTAssertEqual(error as? RunFailure, .cancelled, "got \(error)")
        }
    }

    func testCancelMidPassIsACancelNotAFailure() {
        final class Flag: @unchecked Sendable { var forwardStarted = false }
        let flag = Flag()
        XCTAssertThrowsError(try pass().run(spec, progress: { _, _, name in
            if !name.hasPrefix("loading") && name != RuntimeForwardPass.probingLabel { flag.forwardStarted = true }
        }, isCancelled: { flag.forwardStarted })) { error in
            XCTAssertEqual(error as? RunFailure, .cancelled, "got \(error)")
        }
    }

    func testACompletedPassTimesEveryLayerAgainstTheProbedPeaks() throws {
        let result = try pass().run(spec, progress: { _, _, _ in }, isCancelled: { false })
        let summary = try ModelSummary(spec: spec)
        XCTAssertEqual(result.layers.map(\.name), summary.layers.map(\.name))
        XCTAssertGreaterThan(result.totalMilliseconds, 0)
        XCTAssertEqual(result.machine, Self.peaks)
        for (facts, time) in zip(summary.layers, result.layers) {
            let counted = facts.flops > 0 && time.algorithm != "view" && !time.algorithm.hasPrefix("fused")
            XCTAssertEqual(time.intensity != nil, counted, "\(facts.name): \(time)")
            XCTAssertEqual(time.roofGFLOPs != nil, counted, "\(facts.name): \(time)")
        }
    }

    func testTheMachineIsProbedOncePerSessionBeforeTheWeightsLoad() throws {
        let log = ProbeLog()
        let engine = pass(log)
        _ = try engine.run(spec, progress: { _, _, name in log.saw(name) }, isCancelled: { false })
        XCTAssertEqual(log.calls, 1)
        XCTAssertEqual(log.progress.first, RuntimeForwardPass.probingLabel, "the progress line says what is slow")
        XCTAssertTrue(log.progress.dropFirst().first?.hasPrefix("loading") == true, "\(log.progress.prefix(3))")
        let copy = engine  // the effect runner may hold a copy: the cache is shared
        let before = log.progress.count
        let second = try copy.run(spec, progress: { _, _, name in log.saw(name) }, isCancelled: { false })
        XCTAssertEqual(log.calls, 1, "the second run reuses the peaks")
        XCTAssertFalse(log.progress[before...].contains(RuntimeForwardPass.probingLabel))
        XCTAssertEqual(second.machine, Self.peaks)
    }

    func testEscDuringTheProbeCancelsAndTheProbeIsStillKept() throws {
        let log = ProbeLog()
        final class Flag: @unchecked Sendable { var cancelled = false }
        let flag = Flag()
        log.onProbe = { flag.cancelled = true }
        let engine = pass(log)
        XCTAssertThrowsError(try engine.run(spec, progress: { _, _, _ in }, isCancelled: { flag.cancelled })) { error in
            XCTAssertEqual(error as? RunFailure, .cancelled, "got \(error)")
        }
        flag.cancelled = false
        log.onProbe = {}
        _ = try engine.run(spec, progress: { _, _, _ in }, isCancelled: { false })
        XCTAssertEqual(log.calls, 1)
    }
}
