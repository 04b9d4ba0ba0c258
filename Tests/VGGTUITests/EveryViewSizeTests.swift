import VGGCore
import XCTest
@testable import VGGTUI

/// Every pane and view at 80x24, 100x30 and 140x45 (snapshots), and a scan of every rendered screen, at
/// many more sizes and networks, for a figure cut at a pane border.
final class EveryViewSizeTests: XCTestCase {
    static let sizes = [(80, 24), (100, 30), (140, 45)]

    /// The views by name, each reached from a fresh state the way a person would.
    static let views: [(name: String, reach: @Sendable (inout AppState) -> Void)] = [
        ("main", { _ in }),
        ("layers-focus", { press(&$0, .char("j"), .tab) }),
        ("compare", { press(&$0, .char("c")) }),
        ("counters", { press(&$0, .char("T")) }),
        ("help", { press(&$0, .char("?")) }),
        ("explanations", { press(&$0, .char("?"), .char("?")) }),
        ("export-prompt", { press(&$0, .char("e")) }),
        ("preset-picker", { s in
            press(&s, .char("p"))
            send(&s, .presetsScanned(AppState.builtInChoices + [
                PresetChoice(label: "presets/my-net.json", source: .file("presets/my-net.json"), detail: "3x64 2x128 · 1,234,567 params"),
            ]))
        }),
        ("save-prompt", { press(&$0, .char("+"), .char("s")) }),
        ("running", { s in
            guard case .startRun(let request)? = press(&s, .char("r")).first else { return XCTFail("r starts a run") }
            send(&s, .runProgress(id: request.id, completed: 12, total: 30, layer: "features.8"))
        }),
        ("timed", { s in
            guard case .startRun(let request)? = press(&s, .char("r")).first else { return XCTFail("r starts a run") }
            send(&s, .runFinished(id: request.id, ScreenSnapshotTests.fakeTiming(s.summary)))
        }),
    ]

    /// More states for the scan only: an edit's delta, each column set after a run, the fold, another tool's
    /// counts, the MACs chart, an invalid spec, compare after `R`, the quit question.
    static let moreStates: [(name: String, reach: @Sendable (inout AppState) -> Void)] = [
        ("delta", { press(&$0, .char("/"), .char("+"), .char("a")) }),
        ("timed-structure", { timedThen(&$0, [.char("v")]) }),
        ("timed-cost", { timedThen(&$0, [.char("v"), .char("v")]) }),
        ("timed-timing", { timedThen(&$0, [.char("v"), .char("v"), .char("v")]) }),
        ("timed-detail", { timedThen(&$0, [.tab]) }),
        ("fold", { timedThen(&$0, [.char("B")]) }),
        ("thop-macs-chart", { press(&$0, .char("C"), .char("C"), .char("C"), .char("m")) }),
        ("invalid", { press(&$0, .char("j"), .char("i"), .ctrl("u")); press(&$0, Key.typed("3x20x20\n")) }),
        ("compare-timed", { s in
            var effects = press(&s, .char("c"), .char("R"))
            var ms = 400.0
            while case .startRun(let request)? = effects.first {
                effects = send(&s, .runFinished(id: request.id, RunResult(layers: [], totalMilliseconds: ms)))
                ms *= 1.37
            }
        }),
        ("quit-question", { press(&$0, .char("+"), .char("q")) }),
        // A small input moves MACs to the classifier: the split lines grow ("fc 123.6 M 27.1%").
        ("small-input", { press(&$0, .char("i"), .ctrl("u")); press(&$0, Key.typed("3x64x64\n")) }),
        ("small-input-thop", { press(&$0, .char("i"), .ctrl("u")); press(&$0, Key.typed("3x64x64\n")); press(&$0, .char("C"), .char("C"), .char("C")) }),
        ("wide-edit", { press(&$0, .char("*"), .char("*"), .char("+"), .char("+"), .char("f"), .ctrl("u")); press(&$0, Key.typed("10000,10000\n")) }),
    ]

    static func timedThen(_ s: inout AppState, _ keys: [Key]) {
        guard case .startRun(let request)? = press(&s, .char("r")).first else { return XCTFail("r starts a run") }
        send(&s, .runFinished(id: request.id, ScreenSnapshotTests.fakeTiming(s.summary)))
        press(&s, keys)
    }

    func testEveryViewAtThreeSizes() {
        for (name, reach) in Self.views {
            for (w, h) in Self.sizes {
                var s = vgg11State(width: w, height: h)
                reach(&s)
                let text = Renderer.render(s).buffer.text
                XCTAssertEqual(Self.cutFigures(text, width: w), [], "\(name) at \(w)x\(h):\n\(text)")
                assertSnapshot(text, named: "sizes-\(name)-\(w)x\(h)")
            }
        }
    }

    /// The layer table tells a Conv from a ReLU at every size.
    func testTheLayerTableShowsTheKindAtEverySize() {
        for (w, h) in Self.sizes + [(81, 25), (90, 26), (110, 32)] {
            for keys in [[], [Key.char("v")], [.char("v"), .char("v")], [.char("v"), .char("v"), .char("v")]] {
                var s = vgg11State(width: w, height: h)
                Self.timedThen(&s, keys)
                for state in [s, vgg11State(width: w, height: h)] {
                    let lines = Renderer.render(state).buffer.text.split(separator: "\n")
                    XCTAssertTrue(lines[2].contains("kind"), "\(w)x\(h) \(state.columnSet): \(lines[2])")
                    XCTAssertTrue(lines.contains { $0.contains("features.0") && $0.contains("Conv3x3") }, "\(w)x\(h)")
                    XCTAssertTrue(lines.contains { $0.contains("features.1") && $0.contains("ReLU") }, "\(w)x\(h)")
                }
            }
        }
    }

    /// No figure is cut anywhere: every view and more states, three more networks, every fourth width from
    /// 80 to 140 at three heights.
    func testNoFigureIsCutAtAPaneBorder() throws {
        // VGG-11 has its snapshots above; these bring BatchNorm, a layer list and other names and figures.
        let networks = ["alexnet", "vgg19_bn", "d2l-vgg11"]
        var failures: [String] = [], firstScreen: String?
        for network in networks {
            let spec = try XCTUnwrap(Presets.named(network), network)
            for (name, reach) in Self.views + Self.moreStates {
                var reached = try AppState(spec: spec, origin: .preset(network), width: 100, height: 30)
                reach(&reached)
                for w in stride(from: 80, through: 140, by: 4) {
                    for h in [24, 30, 45] {
                        // Resized as a terminal window is, after reaching the view.
                        var s = reached
                        send(&s, .resize(width: w, height: h))
                        let text = Renderer.render(s).buffer.text
                        let cuts = Self.cutFigures(text, width: w)
                        guard !cuts.isEmpty else { continue }
                        failures.append("\(network) \(name) \(w)x\(h): \(cuts.joined(separator: ", "))")
                        firstScreen = firstScreen ?? text
                    }
                }
            }
        }
        XCTAssertEqual(failures.count, 0, "cut figures on \(failures.count) screens:\n" + failures.prefix(40).joined(separator: "\n")
            + "\nthe first:\n" + (firstScreen ?? ""))
    }

    /// The scanner itself finds the cuts the issue names.
    func testTheScannerFindsCutFigures() {
        func cuts(_ line: String) -> [String] { Self.cutFigures(line, width: line.count) }
        XCTAssertEqual(cuts("│ fc 123.6 M 27.1│"), ["line 1: 6 M 27.1│"])
        XCTAssertEqual(cuts("│ max classifier.0 77.3% (102.8 M│"), ["line 1: (102.8 M│"])
        XCTAssertEqual(cuts("┌─ 30 layers · rows 1-8 of 3┐"), ["line 1: 1-8 of 3┐"])
        XCTAssertEqual(cuts("params 132,86"), ["line 1: s 132,86"], "the screen's edge")
        XCTAssertEqual(Self.cutFigures("params 132,86", width: 20), [], "a short row is not at the edge")
        XCTAssertEqual(cuts("│ 1,23…"), ["line 1: │ 1,23…"])
        XCTAssertEqual(Self.cutFigures("│ 27.1% │\n│ 7.62 G)│\n┌─ v: all ─┐\n 12 ", width: 12), [])
    }

    /// Where a figure is cut: a digit, or a figure's unit right after "digit space", directly against a border
    /// (`│ ┐ ┘ ┤ ─`), an ellipsis or the right edge of the screen. Panes keep a blank column inside their
    /// border, so a whole figure never touches one.
    /// `width`: the screen's (rows come with trailing blanks trimmed).
    static func cutFigures(_ text: String, width: Int) -> [String] {
        let borders: Set<Character> = ["│", "┐", "┘", "┤", "─", "…"]
        var cuts: [String] = []
        for (row, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let chars = Array(line)
            for (x, c) in chars.enumerated() {
                let next: Character? = x + 1 < chars.count ? chars[x + 1] : nil
                guard next.map(borders.contains) ?? (x == width - 1) else { continue }
                let isUnit = "KMGTB".contains(c) && x >= 2 && chars[x - 1] == " " && chars[x - 2].isNumber
                guard c.isNumber || isUnit else { continue }
                cuts.append("line \(row + 1): " + String(chars[max(0, x - 7)...min(x + 1, chars.count - 1)]))
            }
        }
        return cuts
    }
}
