import VGGCore
import VGGKernels
import VGGRuntime
import VGGTUI
import VGGTUIRuntime
import XCTest

/// The explorer's run is planned for the ISA the CLI resolved and the peaks the runner probed (not the defaults),
/// and the plan's per-layer prediction and threads reach the RunResult the TUI shows.
final class RuntimeForwardPassPlanTests: XCTestCase {
    let spec = VGGSpec(name: "small", input: InputShape(channels: 3, height: 32, width: 32),
                       blocks: [Block(convs: 1, channels: 8), Block(convs: 2, channels: 16)],
                       head: .flatten, classifier: [32], classes: 4)

    func runner(isa: KernelISA, gemm: Double, threads: Int = 2) -> RuntimeForwardPass {
        RuntimeForwardPass(isa: isa, threads: threads, probe: { MachinePeaks(gemmGFLOPs: gemm, bandwidthGBs: 10) })
    }

    func testAForcedAVX2ProfileBuildsEveryConvWithAVX2Kernels() throws {
        let engine = runner(isa: .avx2, gemm: 80)
        let options = engine.options(peaks: MachinePeaks(gemmGFLOPs: 80, bandwidthGBs: 10))
        XCTAssertEqual(options.machine.isa, .avx2)
        XCTAssertTrue(options.machine.probed, "planned with the probed peaks, not the defaults")
        XCTAssertEqual(options.machine.gemmGFLOPsPerCore, 40, accuracy: 1e-9, "80 GFLOP/s on 2 threads")
        XCTAssertEqual(options.machine.bandwidthGBs, 10, accuracy: 1e-9)
        XCTAssertEqual(options.threads, 2)
        let plan = try ExecutionPlan(summary: ModelSummary(spec: spec), options: options)
        var convs = 0
        for step in plan.steps {
            guard case let .conv(conv) = step.op else { continue }
            XCTAssertEqual(conv.config.isa, .avx2, "\(step.layers)")
            convs += 1
        }
        XCTAssertEqual(convs, 3)
    }

    func testTheDetectedISAIsKeptAndAnUnusableOneFallsBackToAVX2() {
        let peaks = MachinePeaks(gemmGFLOPs: 80, bandwidthGBs: 10)
        XCTAssertEqual(runner(isa: .avx512, gemm: 80).options(peaks: peaks).machine.isa, KernelISA.usable(.avx512))
        XCTAssertEqual(RuntimeForwardPass(probe: { peaks }).options(peaks: peaks).machine.isa, KernelISA.detected)
    }

    func testThePlansPredictionsAndThreadsReachTheRunResult() throws {
        let engine = runner(isa: .avx2, gemm: 80)
        let result = try engine.run(spec, progress: { _, _, _ in }, isCancelled: { false })
        let summary = try ModelSummary(spec: spec)
        let plan = try ExecutionPlan(summary: summary,
                                     options: engine.options(peaks: MachinePeaks(gemmGFLOPs: 80, bandwidthGBs: 10)))
        XCTAssertEqual(result.layers.count, plan.layers.count)
        var predicted = 0
        for (time, execution) in zip(result.layers, plan.layers) {
            if execution.mode == .kernel {
                let ms = try XCTUnwrap(time.predictedMilliseconds, time.name)
                XCTAssertEqual(ms, execution.predictedSeconds * 1000, accuracy: 1e-12, time.name)
                XCTAssertGreaterThan(ms, 0, time.name)
                XCTAssertEqual(time.threads, execution.threads, time.name)
                XCTAssertNotNil(time.threads, time.name)
                predicted += 1
            } else {
                XCTAssertNil(time.predictedMilliseconds, "\(time.name): the plan makes no call for it")
                XCTAssertNil(time.threads, time.name)
            }
        }
        XCTAssertGreaterThanOrEqual(predicted, 5, "3 convs, a pool at least, 2 linears")
    }

    func testSlowerProbedPeaksPredictSlowerConvs() throws {
        // The predictions come from the probed peaks: a machine probed 100x slower is predicted slower.
        let fast = try runner(isa: .avx2, gemm: 200).run(spec, progress: { _, _, _ in }, isCancelled: { false })
        let slow = try runner(isa: .avx2, gemm: 2).run(spec, progress: { _, _, _ in }, isCancelled: { false })
        let plan = try ExecutionPlan(summary: ModelSummary(spec: spec))
        let convs = plan.layers.indices.filter { plan.layers[$0].algorithm != nil }
        XCTAssertFalse(convs.isEmpty)
        let fastTotal = convs.compactMap { fast.layers[$0].predictedMilliseconds }.reduce(0, +)
        let slowTotal = convs.compactMap { slow.layers[$0].predictedMilliseconds }.reduce(0, +)
        XCTAssertGreaterThan(slowTotal, fastTotal * 2, "fast \(fastTotal) ms, slow \(slowTotal) ms")
    }
}
