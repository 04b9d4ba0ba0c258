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

    static func fakeTiming(_ summary: ModelSummary) -> RunResult {
        RunResult(layers: summary.layers.map { f in
            switch f.layer.op {
            case .conv2d, .linear:
                let ms = Double(f.flops) / 1e8
                return LayerTime(name: f.name, milliseconds: ms, gflops: Double(f.flops) / (ms * 1e6), algorithm: "gemm")
            case .relu, .batchNorm2d: return LayerTime(name: f.name, milliseconds: 0, gflops: nil, algorithm: "fused into x")
            case .flatten, .dropout: return LayerTime(name: f.name, milliseconds: 0, gflops: nil, algorithm: "view")
            case .maxPool2d, .adaptiveAvgPool2d: return LayerTime(name: f.name, milliseconds: 0.5, gflops: nil, algorithm: "direct")
            }
        })
    }
}
