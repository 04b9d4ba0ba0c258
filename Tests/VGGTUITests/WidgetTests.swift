import XCTest
@testable import VGGTUI

final class WidgetTests: XCTestCase {
    func testBarsResolveToEighthsAndShowAnyNonZeroValue() {
        XCTAssertEqual(BarChart.bar(1, of: 1, width: 4), "████")
        XCTAssertEqual(BarChart.bar(0.5, of: 1, width: 3), "█▌")
        XCTAssertEqual(BarChart.bar(0.0001, of: 1, width: 10), "▏")
        XCTAssertEqual(BarChart.bar(0, of: 1, width: 10), "")
        XCTAssertEqual(BarChart.bar(5, of: 0, width: 10), "")
    }

    func testFitPadsAndTruncatesWithAnEllipsis() {
        XCTAssertEqual(ScreenBuffer.fit("abc", 5, .right), "  abc")
        XCTAssertEqual(ScreenBuffer.fit("abcdef", 4), "abc…")
        XCTAssertEqual(ScreenBuffer.fit("ab", 4, .center), " ab ")
        XCTAssertEqual(ScreenBuffer.fit("x", 0), "")
    }

    func testPutClipsAtTheEdgeAndReplacesControlCharacters() {
        var b = ScreenBuffer(width: 5, height: 2)
        b.put("hello world", x: 2, y: 0)
        b.put("a\tb", x: 0, y: 1)
        b.put("ignored", x: 0, y: 9)
        b.put("neg", x: -2, y: 1)
        XCTAssertEqual(b.text, "  hel\ng?b")
    }

    func testTextFieldEditing() {
        var f = TextField("3x25")
        _ = f.handle(.char("6"))
        XCTAssertEqual(f.string, "3x256")
        _ = f.handle(.home)
        _ = f.handle(.delete)
        _ = f.handle(.char("4"))
        XCTAssertEqual(f.string, "4x256")
        _ = f.handle(.end)
        _ = f.handle(.backspace)
        XCTAssertEqual(f.string, "4x25")
        _ = f.handle(.ctrl("u"))
        XCTAssertEqual(f.string, "")
        XCTAssertFalse(f.handle(.tab))
    }

    func testKeymapBindsEveryCommandOnceAndNoKeyTwice() {
        let bindings = Keymap.standard.bindings
        for command in Command.allCases {
            XCTAssertEqual(bindings.filter { $0.command == command || $0.opposite == command }.count, 1, "\(command)")
        }
        let keys = bindings.flatMap { $0.keys + $0.oppositeKeys }
        XCTAssertEqual(Set(keys).count, keys.count, "a key bound twice")
    }

    func testWrap() {
        XCTAssertEqual(TooSmallView.wrap("terminal too small: need 80x24", width: 12),
                       ["terminal too", "small: need", "80x24"])
        XCTAssertEqual(TooSmallView.wrap("abcdefgh", width: 3), ["abc", "def", "gh"])
    }
}
