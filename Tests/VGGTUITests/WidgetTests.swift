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

/// Shortening at whole words: what every pane line, title and caption goes through when it is too long.
final class WholeWordsTests: XCTestCase {
    func testAFigureKeepsItsUnitAndItsParentheses() {
        let line = "conv 9.22 M 6.9% · fc 123.6 M 93.1%"
        XCTAssertEqual(ScreenBuffer.wholeWords(line, 40), line, "a line that fits is left alone")
        XCTAssertEqual(ScreenBuffer.wholeWords(line, 34), "conv 9.22 M 6.9%", "never `fc 123.6 M 93.`, nor `· fc`")
        XCTAssertEqual(ScreenBuffer.wholeWords("move in the focused pane", 22), "move in the focused", "words, without parts")
        XCTAssertEqual(ScreenBuffer.wholeWords("fc 123.6 M 27.1%", 9), "fc", "never `123.6` without its M")
        XCTAssertEqual(ScreenBuffer.wholeWords("max classifier.0 77.3% (102.8 M)", 31), "max classifier.0 77.3%")
        XCTAssertEqual(ScreenBuffer.wholeWords("15,233,050,576 (15.23 G) = 2 x MACs", 30), "15,233,050,576 (15.23 G)")
        XCTAssertEqual(ScreenBuffer.wholeWords("132,863,336", 8), "", "nothing whole fits: nothing")
    }

    func testAContinuedLineEndsBeforeAnOpenParenthesis() {
        XCTAssertEqual(ScreenBuffer.continued("differs in: ReLU +14,868,480 (10 layers) · MaxPool2d +12,242,944 (5", 80),
                       "differs in: ReLU +14,868,480 (10 layers) · MaxPool2d +12,242,944 …")
        XCTAssertEqual(ScreenBuffer.continued("a b c", 4), "a …")
    }

    func testAModalBlanksWhatItWouldHalfHide() {
        var buffer = ScreenBuffer(width: 20, height: 3)
        buffer.box(Rect(x: 0, y: 0, width: 20, height: 3))
        buffer.put("MACs 7,616,525,288", x: 1, y: 1)
        let modal = Rect(x: 6, y: 1, width: 8, height: 1)
        buffer.clearBeside(modal)
        XCTAssertEqual(buffer.row(at: 1), "│     7,616,52     │", "the border stays, what shows beside the modal goes")
        buffer.fill(modal)
        XCTAssertEqual(buffer.row(at: 1), "│                  │")
    }
}
