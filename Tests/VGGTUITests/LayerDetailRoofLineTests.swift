import VGGCore
import XCTest
@testable import VGGTUI

final class LayerDetailRoofLineTests: XCTestCase {
    /// The detail pane's roof line gives up words, never figures, as the pane narrows.
    func testRoofLineShortensToFit() {
        let t = LayerTime(name: "x", milliseconds: 1, gflops: 10, algorithm: "gemm",
                          intensity: 5.2869, roofGFLOPs: 20, roofPercent: 50)
        XCTAssertEqual(LayerDetailPane.roofLine(t, room: 42), "50% of 20.0 GFLOP/s · intensity 5.3 FLOP/B")
        XCTAssertEqual(LayerDetailPane.roofLine(t, room: 41), "50% of 20.0 GFLOP/s · 5.3 FLOP/B")
        XCTAssertEqual(LayerDetailPane.roofLine(t, room: 31), "50% of 20.0 · 5.3 FLOP/B")
        XCTAssertNil(LayerDetailPane.roofLine(LayerTime(name: "p", milliseconds: 1, gflops: nil), room: 80))
    }

    /// The time line puts the plan's prediction before the measured time, then the algorithm and its threads,
    /// and gives up the rate, then words, never a figure, as the pane narrows.
    func testTimeLineShowsPredictedAndMeasured() {
        let t = LayerTime(name: "x", milliseconds: 1.5, gflops: 98, algorithm: "winograd",
                          predictedMilliseconds: 1.2, threads: 2)
        let full = "predicted 1.200 ms · measured 1.500 ms · winograd (2 threads) · 98.0 GFLOP/s"
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: 200), full)
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: full.count - 1),
                       "predicted 1.200 ms · measured 1.500 ms · winograd (2 threads)")
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: 51), "predicted 1.200 · measured 1.500 ms · winograd (2t)")
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: 42), "pred 1.200 · meas 1.500 ms · winograd (2t)")
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: 41), "1.500 ms (plan 1.200) · winograd (2t)")
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: 36), "1.500 ms (plan 1.200) · winograd")
        XCTAssertEqual(LayerDetailPane.timeLine(t, room: 10), "1.500 ms (plan 1.200)")
        var one = t
        one.threads = 1
        XCTAssertEqual(LayerDetailPane.timeLine(one, room: 62), "predicted 1.200 ms · measured 1.500 ms · winograd (1 thread)")
        // Without a plan's figures (an older result, a fused row, a view) the line says what it said before.
        XCTAssertEqual(LayerDetailPane.timeLine(LayerTime(name: "x", milliseconds: 1.5, gflops: 98, algorithm: "gemm"), room: 80),
                       "1.500 ms · 98.0 GFLOP/s · gemm")
        XCTAssertEqual(LayerDetailPane.timeLine(LayerTime(name: "r", milliseconds: 0, gflops: nil, algorithm: "fused into c"),
                                                room: 80), "fused into c")
    }
}

final class LayerDetailWhyTests: XCTestCase {
    /// Above 100% of its roof a Winograd layer did fewer multiplies than counted; any other layer (a GEMM, a Linear)
    /// had its bytes served from cache: the why line must not credit Winograd for a Linear.
    func testRoofAbove100IsExplainedByTheAlgorithm() throws {
        let state = try AppState(spec: Presets.named("vgg11")!, origin: .preset("vgg11"), width: 120, height: 40)
        let facts = state.summary.layers.first { $0.name == "classifier.6" }!
        let linear = LayerTime(name: "classifier.6", milliseconds: 0.7, gflops: 12, algorithm: "stream",
                               intensity: 4, roofGFLOPs: 9, roofPercent: 134)
        let why = try XCTUnwrap(LayerDetailPane.why(facts, state: state, timing: linear, room: 80))
        XCTAssertTrue(why.contains("cache"), why)
        XCTAssertFalse(why.contains("multiplies"), why)
        let conv = state.summary.layers.first { $0.name == "features.3" }!
        let winograd = LayerTime(name: "features.3", milliseconds: 2, gflops: 150, algorithm: "winograd-f4",
                                 intensity: 100, roofGFLOPs: 120, roofPercent: 125)
        let convWhy = try XCTUnwrap(LayerDetailPane.why(conv, state: state, timing: winograd, room: 80))
        XCTAssertTrue(convWhy.contains("fewer multiplies"), convWhy)
    }
}

final class LayerDetailOpLineTests: XCTestCase {
    /// The op line keeps every size as the pane narrows (it drops words, never the padding's number).
    func testOpLineKeepsTheSizes() {
        let conv = LayerOp.conv2d(inChannels: 512, outChannels: 512, kernel: 3, stride: 1, padding: 1)
        XCTAssertEqual(LayerDetailPane.describe(conv, room: 80), "Conv2d 512→512, 3x3, stride 1, pad 1")
        XCTAssertEqual(LayerDetailPane.describe(conv, room: 35), "Conv2d 512→512, 3x3/1, pad 1")
        XCTAssertEqual(LayerDetailPane.describe(conv, room: 24), "Conv 512→512 3x3/1 p1")
        XCTAssertEqual(LayerDetailPane.describe(.relu, room: 2), "ReLU")
    }
}

final class TitleBarOriginTests: XCTestCase {
    /// A built-in preset says so; a network given by flags (named, not a preset) says it is unsaved.
    func testOriginSaysPresetOnlyForPresets() throws {
        let preset = try AppState(spec: Presets.named("vgg16")!, origin: .preset("vgg16"), width: 100, height: 30)
        XCTAssertTrue(Renderer.render(preset).buffer.text.split(separator: "\n")[0].contains("vgg16 (preset)"))
        var custom = Presets.named("vgg11")!
        custom.name = "custom"
        custom.input = InputShape(batch: 1, channels: 3, height: 32, width: 32)
        let flags = try AppState(spec: custom, origin: .preset("custom"), width: 100, height: 30)
        let title = String(Renderer.render(flags).buffer.text.split(separator: "\n")[0])
        XCTAssertTrue(title.contains("custom (unsaved)"), title)
    }
}
