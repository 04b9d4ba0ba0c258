import VGGCore
import VGGKernels
import VGGRuntime
import XCTest
import VGGTUIRuntime

/// The TUI's roofline figures: `bench`'s definitions (LayerPerformance) applied to the runtime's
/// timings, checked against numbers worked out by hand on a network small enough to count.
final class LayerTimeRooflineTests: XCTestCase {
    /// 2x8x8 input, one conv 2->4 (3x3, pad 1), ReLU, MaxPool to 4x4x4, Flatten, Linear 64->10.
    let spec = VGGSpec(name: "tiny", input: InputShape(channels: 2, height: 8, width: 8),
                       blocks: [Block(convs: 1, channels: 4)], head: .flatten, classifier: [], classes: 10)
    let peaks = MachinePeaks(gemmGFLOPs: 20, bandwidthGBs: 10)

    func run(_ algorithm: ConvMethod, convSeconds: Double, machine: MachinePeaks?) throws -> (ModelSummary, RunResult) {
        let summary = try ModelSummary(spec: spec)
        // The hand counts below rest on these facts.
        XCTAssertEqual(summary.layers.map(\.kindName), ["Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear"])
        let conv = summary.layers[0], linear = summary.layers[4]
        XCTAssertEqual([conv.params, conv.macs, conv.flops, conv.inputBytes, conv.activationBytes], [76, 4864, 9728, 512, 1024])
        XCTAssertEqual([linear.params, linear.flops, linear.inputBytes, linear.activationBytes], [650, 1300, 256, 40])
        let seconds = [convSeconds, 0, 2e-6, 0, 1.3e-6]
        let result = RuntimeForwardPass.result(summary: summary, executions: fakeExecutions(summary) { _ in algorithm },
                                               seconds: seconds, totalSeconds: 1e-5, machine: machine)
        return (summary, result)
    }

    func testComputeBoundConvAndMemoryBoundLinear() throws {
        // Conv: 9,728 FLOPs in 0.9728 us = 10 GFLOP/s; bytes 76x4 + 512 + 1024 = 1,840, intensity 9,728 / 1,840
        // = 5.2869565...; roof = min(20, 52.87) = 20 (GEMM peak), so 50%.
        let (_, result) = try run(.gemm, convSeconds: 9.728e-7, machine: peaks)
        XCTAssertEqual(result.machine, peaks)
        XCTAssertEqual(result.totalMilliseconds, 0.01, accuracy: 1e-15)
        let conv = try XCTUnwrap(result.timing(for: "features.0"))
        XCTAssertEqual(conv.algorithm, "gemm")
        XCTAssertEqual(conv.milliseconds, 9.728e-4, accuracy: 1e-15)
        XCTAssertEqual(conv.gflops!, 10, accuracy: 1e-9)
        XCTAssertEqual(conv.intensity!, 5.286956521739130, accuracy: 1e-12)
        XCTAssertEqual(conv.roofGFLOPs!, 20, accuracy: 1e-12)
        XCTAssertEqual(conv.roofPercent!, 50, accuracy: 1e-9)

        // Linear: 1,300 FLOPs in 1.3 us = 1 GFLOP/s; bytes 650x4 + 256 + 40 = 2,896, intensity 0.4488950...;
        // roof = min(20, 4.488950 x ...) = 4.4889503 (bandwidth), so 100 x 2,896 / 13,000 = 22.2769...%.
        let linear = try XCTUnwrap(result.timing(for: "classifier.0"))
        XCTAssertEqual(linear.algorithm, "direct")
        XCTAssertEqual(linear.gflops!, 1, accuracy: 1e-9)
        XCTAssertEqual(linear.intensity!, 1300.0 / 2896.0, accuracy: 1e-15)
        XCTAssertEqual(linear.roofGFLOPs!, 4.488950276243094, accuracy: 1e-12)
        XCTAssertEqual(linear.roofPercent!, 22.276923076923076, accuracy: 1e-9)
    }

    func testLayersWithoutFLOPsHaveNoRoof() throws {
        let (summary, result) = try run(.gemm, convSeconds: 9.728e-7, machine: peaks)
        let relu = try XCTUnwrap(result.timing(for: summary.layers[1].name))
        XCTAssertEqual(relu, LayerTime(name: summary.layers[1].name, milliseconds: 0, gflops: nil, algorithm: "fused into features.0"))
        let pool = try XCTUnwrap(result.timing(for: summary.layers[2].name))
        XCTAssertEqual(pool.milliseconds, 0.002, accuracy: 1e-15)
        XCTAssertEqual(pool.algorithm, "direct")
        XCTAssertEqual([pool.gflops, pool.intensity, pool.roofGFLOPs, pool.roofPercent], [nil, nil, nil, nil])
        let flatten = try XCTUnwrap(result.timing(for: summary.layers[3].name))
        XCTAssertEqual(flatten.algorithm, "view")
        XCTAssertNil(flatten.intensity)
    }

    func testWinogradCanPassTheRoofBecauseFLOPsAreTheDirectCount() throws {
        // 9,728 direct FLOPs in 0.32427 us = 30 GFLOP/s against a roof of 20: 150%.
        let (_, result) = try run(.winogradF4, convSeconds: 9.728e-7 / 3, machine: peaks)
        let conv = try XCTUnwrap(result.timing(for: "features.0"))
        XCTAssertEqual(conv.algorithm, "winograd-f4")
        XCTAssertEqual(conv.roofPercent!, 150, accuracy: 1e-9)
    }

    func testWithoutPeaksTheIntensityStaysAndTheRoofGoes() throws {
        let (_, result) = try run(.gemm, convSeconds: 9.728e-7, machine: nil)
        let conv = try XCTUnwrap(result.timing(for: "features.0"))
        XCTAssertNil(result.machine)
        XCTAssertEqual(conv.intensity!, 5.286956521739130, accuracy: 1e-12)
        XCTAssertNil(conv.roofGFLOPs)
        XCTAssertNil(conv.roofPercent)
    }
}
