import VGGCore
import XCTest
@testable import VGGTUI

/// Screens rendered into fixed-size buffers and compared with `Snapshots/*.txt`.
final class ScreenSnapshotTests: XCTestCase {
    func render(_ s: AppState) -> String { Renderer.render(s).buffer.text }

    func testMain100x30() {
        let text = render(vgg11State())
        XCTAssertTrue(text.contains("132,863,336"))
        XCTAssertTrue(text.contains("2 x MACs"), "the FLOPs rule is stated")
        assertSnapshot(text, named: "main-100x30")
    }

    func testMain120x40AfterAnEdit() {
        var s = vgg11State(width: 120, height: 40)
        press(&s, .char("+"))
        let text = render(s)
        XCTAssertTrue(text.contains("132,900,264"))
        XCTAssertTrue(text.contains("● modified"))
        assertSnapshot(text, named: "main-120x40-edited")
    }

    func testMain80x24WithTheMACsChart() {
        var s = vgg11State(width: 80, height: 24)
        press(&s, .char("m"))
        assertSnapshot(render(s), named: "main-80x24-macs")
    }

    func testMainWithAMeasuredRun() {
        var s = vgg11State(width: 120, height: 40)
        let effects = press(&s, .char("r"))
        guard case .startRun(let request)? = effects.first else { return XCTFail("run") }
        send(&s, .runProgress(id: request.id, completed: 12, total: 30, layer: "features.8"))
        assertSnapshot(render(s), named: "main-120x40-running")
        send(&s, .runFinished(id: request.id, Self.fakeTiming(s.summary)))
        assertSnapshot(render(s), named: "main-120x40-timed")
    }

    func testTimedScreenShowsTheRooflineAndTheMachine() {
        var s = timed(width: 120, height: 40)
        let text = render(s)
        let header = text.split(separator: "\n")[2]
        for title in ["kind", "ms", "GFLOP/s", "FLOP/B", "roof%"] {
            XCTAssertTrue(header.contains(title), "\(title) at 120 columns: \(header)")
        }
        XCTAssertTrue(text.contains("machine 150.0 GFLOP/s · 20.0 GB/s"), text)
        // features.0: 13.4 FLOP/B, roof min(150, 267) = 150, 100 GFLOP/s achieved = 67%.
        XCTAssertTrue(text.contains(" 1.80   100.0   13.4   67%"), text)
        press(&s, .tab)
        let detail = render(s)
        XCTAssertTrue(detail.contains("roof   67% of 150.0 GFLOP/s · intensity 13.4 FLOP/B"), detail)
        XCTAssertTrue(detail.contains("time   predicted 1.499 · measured 1.798 ms · gemm (2t)"), detail)
    }

    /// As the pane narrows, a column that needs another (FLOP/B, roof% need GFLOP/s, which needs ms) never
    /// shows without it; nothing is cut mid-column (a column that does not fit whole is left out).
    func testColumnsFitWholeAndKeepTheirCompanions() {
        let widths: [String: Int] = ["layer": 12, "kind": 7, "output": 11, "params": 11, "MACs": 7, "MACs exact": 14,
                                     "FLOPs": 8, "act": 8, "RF": 3, "jump": 4, "ms": 6, "pred": 6, "GFLOP/s": 7, "FLOP/B": 6,
                                     "roof%": 5]
        for set in ColumnSet.allCases {
            for timed in [false, true] {
                for width in 0...160 {
                    let titles = LayersPane.fitting(LayersPane.ranking(set, timed: timed), widths: widths, width: width)
                    let used = titles.reduce(0) { $0 + widths[$1]! } + max(0, titles.count - 1)
                    XCTAssertLessThanOrEqual(used, width, "\(set) \(width): \(titles)")
                    if titles.contains("FLOP/B") || titles.contains("roof%") { XCTAssertTrue(titles.contains("GFLOP/s")) }
                    if titles.contains("GFLOP/s") || titles.contains("pred") { XCTAssertTrue(titles.contains("ms")) }
                }
            }
        }
        let header = { (w: Int, h: Int) in String(self.render(self.timed(width: w, height: h)).split(separator: "\n")[2]) }
        let at100 = header(100, 30)
        for title in ["output", "params", "ms", "GFLOP/s", "roof%"] {
            XCTAssertTrue(at100.contains(title), "after a run, 100 columns keep \(title): \(at100)")
        }
        var narrow = timed(width: 80, height: 24)
        press(&narrow, .tab)
        let text = render(narrow)
        XCTAssertTrue(text.contains("roof   67% of 150.0 GFLOP/s · 13.4 FLOP/B"), "the detail pane still has the roofline:\n\(text)")
        XCTAssertTrue(text.contains("time   1.798 ms (plan 1.499) · gemm (2t)"), "the plan's prediction beside the measured time:\n\(text)")
        assertSnapshot(text, named: "main-80x24-timed-layer-focus")
        let totalsText = render(timed(width: 80, height: 24))
        XCTAssertTrue(totalsText.contains("machine 150.0 GFLOP/s · 20.0 GB/s"), "short totals keep the time and peaks:\n\(totalsText)")
    }

    /// After `r` on an 80x24 terminal the shapes and params stay (set `all`); `v` to the timing set
    /// shows ms, GFLOP/s and roof% in their place.
    func testTimingsAt80Columns() {
        var s = timed(width: 80, height: 24)
        let text = render(s)
        let header = String(text.split(separator: "\n")[2])
        for title in ["layer", "output", "params"] {
            XCTAssertTrue(header.contains(title), "\(title) at 80 columns: \(header)")
        }
        assertSnapshot(text, named: "main-80x24-timed")
        press(&s, .char("v"), .char("v"), .char("v"))
        XCTAssertEqual(s.columnSet, .timing)
        let timing = render(s)
        let timingHeader = String(timing.split(separator: "\n")[2])
        for title in ["layer", "ms", "GFLOP/s", "roof%"] {
            XCTAssertTrue(timingHeader.contains(title), "\(title) in the timing set: \(timingHeader)")
        }
        // features.0: 1.798 ms at 100 GFLOP/s, 67% of the roof; its ReLU has no time of its own. The kind stays
        // beside the name; FLOP/B (13.4) needs two more columns than 80 leave, and shows from 82 on (the plan's
        // pred column ranks after it: wider panes).
        XCTAssertTrue(timing.contains("features.0   Conv3x3   1.80   100.0   67%"), timing)
        XCTAssertTrue(timing.contains("features.1   ReLU     fused"), timing)
        var wide = timed(width: 120, height: 40)
        press(&wide, .char("v"), .char("v"), .char("v"))
        XCTAssertTrue(render(wide).contains("1,792  1.50  1.80   100.0   13.4   67%"), render(wide))
        var wider = timed(width: 82, height: 24)
        press(&wider, .char("v"), .char("v"), .char("v"))
        XCTAssertTrue(render(wider).contains("features.0   Conv3x3   1.80   100.0   13.4   67%"), render(wider))
        assertSnapshot(timing, named: "main-80x24-timed-timing-set")
        XCTAssertFalse(render(vgg11State(width: 80, height: 24)).contains(" ms "))
    }

    func testProgressLineSaysTheMachineIsBeingProbed() {
        var s = vgg11State(width: 100, height: 30)
        guard case .startRun(let request)? = press(&s, .char("r")).first else { return XCTFail("run") }
        send(&s, .runProgress(id: request.id, completed: 0, total: 0, layer: ProgressLabel.probing))
        let status = String(render(s).split(separator: "\n").last!)
        XCTAssertTrue(status.contains("▶ vgg11 probing machine… · Esc cancels"), status)
        press(&s, .escape)
        XCTAssertTrue(render(s).contains("probing machine… · cancelling…"))
    }

    /// VGG-11 after a (fake) measured run.
    func timed(width: Int, height: Int) -> AppState {
        var s = vgg11State(width: width, height: height)
        guard case .startRun(let request)? = press(&s, .char("r")).first else { XCTFail("run"); return s }
        send(&s, .runFinished(id: request.id, Self.fakeTiming(s.summary)))
        return s
    }

    func testLayersFocusShowsTheLayerUnderTheCursor() {
        var s = vgg11State()
        press(&s, .char("j"), .tab)
        let text = render(s)
        XCTAssertTrue(text.contains("Layer features.3"), text)
        XCTAssertTrue(text.contains("Conv2d 64→128, 3x3, stride 1, pad 1"))
        XCTAssertTrue(text.contains("926,449,664"), "exact MACs of features.3")
        assertSnapshot(text, named: "main-100x30-layer-focus")
    }

    func testInvalidEditMarksTheBlock() {
        var s = vgg11State()
        press(&s, .char("j"), .char("i"))
        typeIntoPrompt(&s, "3x16x16")
        press(&s, .enter)
        let text = render(s)
        XCTAssertTrue(text.contains("✗"), text)
        XCTAssertTrue(text.contains("132,863,336"), "last valid figures stay")
        assertSnapshot(text, named: "main-100x30-invalid")
    }

    func testPromptAndQuitConfirmation() {
        var s = vgg11State()
        press(&s, .char("j"), .enter)
        let frame = Renderer.render(s)
        XCTAssertNotNil(frame.cursorX)
        assertSnapshot(frame.buffer.text, named: "prompt-block-100x30")
        press(&s, .escape, .char("+"), .char("q"))
        let text = render(s)
        XCTAssertTrue(text.contains("Discard unsaved changes? (y/n)"))
        assertSnapshot(text, named: "confirm-quit-100x30")
    }

    func testPresetChooser() {
        var s = vgg11State()
        press(&s, .char("p"), .down)
        assertSnapshot(render(s), named: "presets-100x30")
    }

    func testCompare100x30() {
        var s = vgg11State()
        press(&s, .char("c"))
        let text = render(s)
        for figure in ["132,863,336", "133,047,848", "138,357,544", "143,667,240"] {
            XCTAssertTrue(text.contains(figure), figure)
        }
        assertSnapshot(text, named: "compare-100x30")
    }

    func testCompareWithTimings80x24() {
        var s = vgg11State(width: 80, height: 24)
        var effects = press(&s, .char("c"), .char("R"))
        var ms = 400.0
        while case .startRun(let request)? = effects.first {
            effects = send(&s, .runFinished(id: request.id, RunResult(layers: [], totalMilliseconds: ms)))
            ms *= 1.4
        }
        assertSnapshot(render(s), named: "compare-80x24-timed")
    }

    func testHelpListsEveryBinding() {
        let s = { var s = vgg11State(); press(&s, .char("?")); return s }()
        let text = render(s)
        for binding in Keymap.standard.bindings {
            XCTAssertTrue(text.contains(binding.keyLabel), "help shows \(binding.keyLabel)")
        }
        assertSnapshot(text, named: "help-100x30")
        var small = vgg11State(width: 80, height: 24)
        press(&small, .char("?"))
        let smallText = render(small)
        for binding in Keymap.standard.bindings {
            XCTAssertTrue(smallText.contains(binding.keyLabel), "80x24 help shows \(binding.keyLabel)")
        }
        assertSnapshot(smallText, named: "help-80x24")
    }

    func testTooSmall() {
        var s = vgg11State()
        send(&s, .resize(width: 30, height: 8))
        let text = render(s)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssertTrue(words.contains("terminal too small: need 80x24, have 30x8"), text)
        assertSnapshot(text, named: "too-small-30x8")
        send(&s, .resize(width: 79, height: 30))
        XCTAssertTrue(render(s).contains("terminal too small: need 80x24, have 79x30"))
    }

    /// Styles carry meaning the text snapshots cannot show: selection, errors, the chart's link
    /// to the selected block.
    func testStylesMarkSelectionErrorsAndTheSelectedBlocksColumns() {
        var s = vgg11State()
        press(&s, .char("j"), .char("j"))
        let layout = MainLayout(width: 100, height: 30)
        var buffer = Renderer.render(s).buffer
        func styles(in rect: Rect) -> Set<Style> {
            var out = Set<Style>()
            for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { out.insert(buffer[x, y].style) } }
            return out
        }
        let selectedRow = Rect(x: layout.blocks.x + 1, y: layout.blocks.y + 4, width: 20, height: 1)
        XCTAssertEqual(styles(in: selectedRow), [.selected], buffer.row(at: selectedRow.y))
        XCTAssertTrue(styles(in: layout.chart.inner).contains(.highlight), "block 3's columns stand out")
        XCTAssertTrue(styles(in: layout.layers.inner).contains(.highlight), "block 3's layers stand out")

        press(&s, .char("-"), .char("-"))
        buffer = Renderer.render(s).buffer
        let errorMarker = buffer[layout.blocks.x + 1, layout.blocks.y + 4]
        XCTAssertEqual(errorMarker.char, "✗")
        XCTAssertEqual(errorMarker.style, .error)
        XCTAssertTrue(styles(in: layout.status).contains(.error))
    }

    /// Every screen and modal at many sizes, down to nothing: no crash, nothing drawn outside.
    func testRendersAtAnySize() {
        var states: [AppState] = []
        var s = vgg11State()
        states.append(s)
        press(&s, .char("b"), .char("a"), .char("a"), .char("+"), .char("+"))
        states.append(s)
        var invalid = s
        press(&invalid, .char("-"), .char("-"), .char("-"))
        states.append(invalid)
        for keys in [[Key.char("c")], [.char("?")], [.enter], [.char("p")], [.char("q")], [.char("r")], [.char("c"), .char("R")]] {
            var t = s
            press(&t, keys)
            states.append(t)
        }
        for state in states {
            for w in stride(from: 0, through: 140, by: 7) {
                for h in stride(from: 0, through: 50, by: 5) {
                    var sized = state
                    send(&sized, .resize(width: w, height: h))
                    let frame = Renderer.render(sized)
                    XCTAssertEqual(frame.buffer.width, w)
                    XCTAssertEqual(frame.buffer.height, h)
                }
            }
        }
    }

    /// The machine the fake timings are measured against.
    static let fakeMachine = MachinePeaks(gemmGFLOPs: 150, bandwidthGBs: 20)

    /// Convs and linears at 100 GFLOP/s, except the 512-channel convs, on Winograd at 240 (past their roof, as the
    /// direct FLOP count allows); pools 0.5 ms; BatchNorm and ReLU fused into the kernel before them, Flatten and
    /// Dropout views; the plan's prediction for each kernel call as if at 120 GFLOP/s (pools 0.4 ms), on 2 threads.
    /// The roofline figures by `CountingRules.roofline`, worked out here as plain values: bytes =
    /// weights + input + output (a fused ReLU or BatchNorm keeps the shape), roof = min(peak, intensity x bandwidth).
    static func fakeTiming(_ summary: ModelSummary) -> RunResult {
        var lastKernel = "", totalSeconds = 0.0
        let layers = summary.layers.map { f -> LayerTime in
            let seconds: Double, algorithm: String
            switch f.layer.op {
            case .conv2d(_, let out, _, _, _):
                let winograd = out == 512
                seconds = Double(f.flops) / (winograd ? 240e9 : 100e9)
                algorithm = winograd ? "winograd" : "gemm"
            case .linear: seconds = Double(f.flops) / 100e9; algorithm = "direct"
            case .maxPool2d, .adaptiveAvgPool2d: seconds = 0.0005; algorithm = "direct"
            case .localResponseNorm: seconds = 0; algorithm = "direct"
            case .relu, .batchNorm2d: seconds = 0; algorithm = "fused into \(lastKernel)"
            case .flatten, .dropout: seconds = 0; algorithm = "view"
            }
            totalSeconds += seconds
            if algorithm == "direct" || algorithm == "gemm" || algorithm == "winograd" { lastKernel = f.name }
            let kernel = !algorithm.hasPrefix("fused") && algorithm != "view"
            let flops = kernel ? f.flops : 0, bytes = f.params * 4 + f.inputBytes + f.activationBytes
            let gflops = flops > 0 && seconds > 0 ? Double(flops) / seconds / 1e9 : nil
            let intensity = flops > 0 && bytes > 0 ? Double(flops) / Double(bytes) : nil
            let roof = intensity.map { min(fakeMachine.gemmGFLOPs, $0 * fakeMachine.bandwidthGBs) }
            let percent = gflops.flatMap { g in roof.flatMap { $0 > 0 ? 100 * g / $0 : nil } }
            let predicted = kernel ? (f.flops > 0 ? Double(f.flops) / 120e9 : 0.0004) * 1000 : nil
            return LayerTime(name: f.name, milliseconds: seconds * 1000, gflops: gflops, algorithm: algorithm,
                             intensity: intensity, roofGFLOPs: roof, roofPercent: percent,
                             predictedMilliseconds: predicted, threads: kernel ? 2 : nil)
        }
        return RunResult(layers: layers, totalMilliseconds: totalSeconds * 1000, machine: fakeMachine)
    }
}
