import VGGCore
import XCTest
@testable import VGGTUI

/// `C` cycles the counting rule through the panes; `T` shows all five tools side by side.
final class CountersViewTests: XCTestCase {
    func render(_ s: AppState) -> String { Renderer.render(s).buffer.text }

    func vgg16BN(width: Int, height: Int) throws -> AppState {
        try AppState(spec: Presets.load("vgg16_bn"), origin: .preset("vgg16_bn"), width: width, height: height)
    }

    func testCountersView80x24() throws {
        var s = try vgg16BN(width: 80, height: 24)
        press(&s, .char("T"))
        XCTAssertEqual(s.screen, .counters)
        let text = render(s)
        for tool in CountingTool.allCases {
            XCTAssertTrue(text.contains(NumberFormat.grouped(s.summary.total(tool))), "\(tool) total on screen")
        }
        XCTAssertTrue(text.contains("ReLU +27,111,424 (15 layers)"), text)
        XCTAssertTrue(text.contains("rule: " + CountingTool.torchinfo.rule.prefix(40)), text)
        assertSnapshot(text, named: "counters-80x24")
    }

    func testCountersView120x40ShowsEveryRuleWhole() throws {
        var s = try vgg16BN(width: 120, height: 40)
        press(&s, .char("T"), .char("C"), .char("C"), .char("C"))
        XCTAssertEqual(s.counting, .thop)
        let text = render(s)
        // Every sentence fits at 120x40: compare without the wrapping.
        let flat = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for tool in CountingTool.allCases {
            XCTAssertTrue(flat.contains(tool.rule), "\(tool)'s rule in full")
        }
        XCTAssertTrue(text.contains("▸ thop"), text)
        XCTAssertTrue(text.contains("count: thop"), "the status bar names the rule")
        assertSnapshot(text, named: "counters-120x40-thop")
    }

    func testCycleCounterFollowsInTotalsChartAndLayers() throws {
        var s = try vgg16BN(width: 120, height: 40)
        press(&s, .char("m"))
        XCTAssertEqual(render(s).contains("by ptflops"), false)
        press(&s, .char("C"))
        XCTAssertEqual(s.counting, .ptflops)
        let text = render(s)
        XCTAssertTrue(text.contains("MACs   15,550,320,616 (15.55 G) by ptflops"), text)
        XCTAssertTrue(text.contains("= 2 x torchinfo MACs"), text)
        XCTAssertTrue(text.contains("MACs (ptflops) per layer"), text)
        XCTAssertTrue(text.contains("ptflops exact"), text)
        XCTAssertTrue(text.contains("15,550,320,616"), text)
        XCTAssertTrue(text.contains("count: ptflops"), text)
        press(&s, .char("C"), .char("C"), .char("C"))
        XCTAssertEqual(s.counting, .torch)
        let torch = render(s)
        XCTAssertTrue(torch.contains("FLOPs (torch) per layer"), torch)
        XCTAssertTrue(torch.contains("30,940,528,640"), torch)
        press(&s, .char("C"))
        XCTAssertEqual(s.counting, .torchinfo)
        XCTAssertFalse(render(s).contains("count: "))
    }

    func testCountersViewKeys() throws {
        var s = try vgg16BN(width: 100, height: 30)
        press(&s, .char("T"))
        press(&s, .char("+"))
        XCTAssertEqual(s.spec, try Presets.load("vgg16_bn"), "editing keys do nothing in the counters view")
        press(&s, .char("C"))
        XCTAssertEqual(s.counting, .ptflops)
        press(&s, .escape)
        XCTAssertEqual(s.screen, .main)
        press(&s, .char("T"), .char("T"))
        XCTAssertEqual(s.screen, .main)
    }

    func testKeysAreInTheKeymapAndHelp() {
        XCTAssertEqual(Keymap.standard.command(for: .char("C")), .cycleCounter)
        XCTAssertEqual(Keymap.standard.command(for: .char("T")), .counters)
        let help = HelpView.lines(.standard).map(\.1)
        XCTAssertTrue(help.contains { $0.contains("next tool's rule") })
        XCTAssertTrue(help.contains { $0.contains("five tools") })
    }

    /// An export from the TUI follows the rule on screen and carries the five-tool table.
    func testExportFollowsTheRule() throws {
        var s = try vgg16BN(width: 100, height: 30)
        press(&s, .char("C"), .char("C"))
        let md = s.exportMarkdown()
        XCTAssertTrue(md.contains("| MACs (fvcore) |"), md)
        XCTAssertTrue(md.contains("## How other tools count this network"))
        XCTAssertTrue(md.contains(CountingRules.macs(.fvcore)))
    }
}
