import VGGCore
import XCTest
@testable import VGGTUI

/// The issue #16 views at 80x24 and 120x40: deltas, column sets, the fold, explanations, compare at your
/// input, the chooser with a saved preset, the name question and a selected prompt.
final class LearnerSnapshotTests: XCTestCase {
    func render(_ s: AppState) -> String { Renderer.render(s).buffer.text }

    static let sizes = [(80, 24), (120, 40)]

    /// d2l's VGG-11, channels / 4, then resized to 96x96: the exercise.
    func resized(_ w: Int, _ h: Int) -> AppState {
        var s = try! AppState(spec: Presets.named("d2l-vgg11")!, origin: .preset("d2l-vgg11"), width: w, height: h)
        press(&s, .char("/"), .char("/"), .char("i"))
        press(&s, Key.typed("1x96x96\n"))
        return s
    }

    func testDeltaAfterAnEdit() {
        for (w, h) in Self.sizes {
            let s = resized(w, h)
            let text = render(s)
            // The status message wraps instead of being cut: its words are all on screen.
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
            XCTAssertTrue(words.contains("params 43.09 M → 22.12 M (−20.97 M, 100% in classifier.0)"), text)
            XCTAssertTrue(text.contains("Δ −20.97 M"), "the totals pane has the delta too:\n\(text)")
            XCTAssertTrue(text.contains("Δfeatures.0"), "changed rows are marked:\n\(text)")
            assertSnapshot(text, named: "learner-delta-\(w)x\(h)")
        }
    }

    func testColumnSets() {
        for (w, h) in Self.sizes {
            var s = resized(w, h)
            for set in [ColumnSet.structure, .cost, .timing] {
                press(&s, .char("v"))
                XCTAssertEqual(s.columnSet, set)
                let text = render(s)
                XCTAssertTrue(text.contains("v: \(set.rawValue)"), "the header names the set:\n\(text)")
                assertSnapshot(text, named: "learner-columns-\(set.rawValue)-\(w)x\(h)")
            }
        }
    }

    /// Numbers are never cut, not even by the scroll arrow: every RF cell is whole.
    func testScrollArrowLeavesTheLastColumnWhole() {
        var s = vgg11State(width: 80, height: 24)
        press(&s, .char("v"))  // structure: RF is the rightmost number
        let lines = render(s).split(separator: "\n")
        let arrow = lines.first { $0.contains("↓") }!
        XCTAssertTrue(arrow.hasSuffix("↓│"), String(arrow))
        let cell = arrow.dropLast(2)
        XCTAssertEqual(cell.last, " ", "a blank column separates the last figure from the arrow: \(arrow)")
    }

    func testFoldedBlocks() {
        for (w, h) in Self.sizes {
            var s = try! AppState(spec: Presets.named("d2l-vgg11")!, origin: .preset("d2l-vgg11"), width: w, height: h)
            press(&s, .char("B"))
            let text = render(s)
            XCTAssertTrue(text.contains("block 1"), text)
            XCTAssertTrue(text.contains("64x112x112"), text)
            XCTAssertTrue(text.contains("25088"), "flatten follows the blocks:\n\(text)")
            assertSnapshot(text, named: "learner-fold-\(w)x\(h)")
        }
    }

    func testExplanations() {
        for (w, h) in Self.sizes {
            var s = resized(w, h)
            press(&s, .char("?"), .char("?"))
            var text = render(s)
            XCTAssertTrue(text.contains("why these numbers"), text)
            assertSnapshot(text, named: "learner-explain-\(w)x\(h)")
            press(&s, .end)
            text = render(s)
            XCTAssertTrue(text.contains("Training memory"), text)
        }
    }

    func testCompareAtYourInput() {
        for (w, h) in Self.sizes {
            var s = resized(w, h)
            press(&s, .char("c"))
            XCTAssertTrue(render(s).contains("each at its own input"))
            press(&s, .char("i"))
            let text = render(s)
            XCTAssertTrue(text.contains("at your input 1x1x96x96"), text)
            assertSnapshot(text, named: "learner-compare-yours-\(w)x\(h)")
        }
    }

    func testChooserWithASavedPresetAndTheNameQuestion() {
        for (w, h) in Self.sizes {
            var s = resized(w, h)
            var saved = s.spec
            saved.name = "mine"
            let file = PresetChoice(label: "presets/mine.json", source: .file("presets/mine.json"), detail: PresetChoice.detail(saved))
            send(&s, .presetsScanned(AppState.builtInChoices + [file]))
            press(&s, .char("p"), .end)
            let text = render(s)
            XCTAssertTrue(text.contains("presets/mine.json  1x16,1x32,2x64,2x128,2x128 · 1x96x96 flatten"), text)
            assertSnapshot(text, named: "learner-chooser-\(w)x\(h)")
            press(&s, .escape, .char("s"))
            assertSnapshot(render(s), named: "learner-save-prompt-\(w)x\(h)")
            typeIntoPrompt(&s, "presets/mine.json")
            press(&s, .enter)
            assertSnapshot(render(s), named: "learner-name-question-\(w)x\(h)")
        }
    }

    func testLayerDetailExplainsTheFlatten() {
        var s = resized(120, 40)
        press(&s, .tab, .end)
        for _ in 0..<7 { press(&s, .up) }
        let text = render(s)
        XCTAssertTrue(text.contains("Layer flatten"), text)
        XCTAssertTrue(text.contains("128x3x3 = 1,152 features for classifier.0"), text)
        assertSnapshot(text, named: "learner-detail-flatten-120x40")
    }
}

extension LearnerSnapshotTests {
    /// The title bar and the layers pane count the same layers, even with a long file name beside them.
    func testTitleAndPaneCountTheSameLayers() {
        for (w, h) in Self.sizes {
            let s = try! AppState(spec: Presets.named("d2l-vgg11")!, origin: .file("presets/a-rather-long-file-name-for-vgg.json"),
                                  width: w, height: h)
            let lines = render(s).split(separator: "\n")
            XCTAssertTrue(lines[0].contains("· 29 layers ·"), String(lines[0]))
            XCTAssertTrue(lines[1].contains("29 layers · rows 1-"), String(lines[1]))
        }
    }
}

extension LearnerSnapshotTests {
    /// A Winograd layer measured past the GEMM peak says why in its detail box (the fake run puts the
    /// 512-channel convs at 240 GFLOP/s against a 150 GFLOP/s peak).
    func testDetailExplainsGFLOPsAboveThePeak() {
        for (w, h) in Self.sizes {
            var s = vgg11State(width: w, height: h)
            guard case .startRun(let request)? = press(&s, .char("r")).first else { return XCTFail("run") }
            send(&s, .runFinished(id: request.id, ScreenSnapshotTests.fakeTiming(s.summary)))
            press(&s, .char("j"), .char("j"), .char("j"), .tab)
            let text = render(s)
            XCTAssertTrue(text.contains("Layer features.11"), text)
            XCTAssertTrue(text.contains("why    ") && text.contains("direct-conv FLOPs (? ?)"), text)
            assertSnapshot(text, named: "learner-detail-winograd-\(w)x\(h)")
        }
    }
}

extension LearnerSnapshotTests {
    /// No cell of the layer table is ever cut (ScreenBuffer.fit would leave an ellipsis), in any column set,
    /// folded or not, timed or not, at 80, 100 and 120 columns, for small and large networks.
    func testNoLayerCellIsCut() throws {
        for name in ["vgg11", "vgg19_bn", "d2l-vgg11"] {
            for (w, h) in [(80, 24), (100, 30), (120, 40)] {
                var base = try AppState(spec: Presets.load(name), origin: .preset(name), width: w, height: h)
                press(&base, .char("*"), .char("*"))  // wide channel counts: longer numbers
                var timed = base
                if case .startRun(let request)? = press(&timed, .char("r")).first {
                    send(&timed, .runFinished(id: request.id, ScreenSnapshotTests.fakeTiming(timed.summary)))
                }
                for var s in [base, timed] {
                    for fold in [false, true] {
                        if fold { press(&s, .char("B")) }
                        for _ in ColumnSet.allCases {
                            press(&s, .char("v"))
                            let layout = MainLayout(width: w, height: h)
                            let buffer = Renderer.render(s).buffer
                            for y in (layout.layers.y + 1)..<(layout.layers.maxY - 1) {
                                let row = buffer.row(at: y)
                                let pane = String(row.unicodeScalars.dropFirst(layout.layers.x).prefix(layout.layers.width))
                                XCTAssertFalse(pane.contains("…"), "\(name) \(w)x\(h) \(s.columnSet) fold \(fold): \(pane)")
                            }
                        }
                    }
                }
            }
        }
    }
}
