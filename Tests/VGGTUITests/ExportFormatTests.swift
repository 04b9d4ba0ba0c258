import VGGCore
import XCTest
@testable import VGGTUI

/// `e`: markdown, markdown + SVG, or SVG only, as effects; the prompt shows the files.
final class ExportFormatTests: XCTestCase {
    func testTabCyclesFormatsAndThePathFollows() {
        var s = vgg11State()
        press(&s, .char("e"))
        guard case .prompt(var prompt)? = s.modal else { return XCTFail("e opens the export prompt") }
        XCTAssertEqual(prompt.exportFormat, .markdown)
        XCTAssertEqual(prompt.example, "writes ./vgg11-summary.md")
        press(&s, .tab)
        guard case .prompt(let p2)? = s.modal else { return XCTFail() }
        prompt = p2
        XCTAssertEqual(prompt.exportFormat, .markdownAndSVG)
        XCTAssertEqual(prompt.field.string, "./vgg11-summary.md")
        XCTAssertEqual(prompt.example, "writes ./vgg11-summary.svg and ./vgg11-summary.md")
        press(&s, .tab)
        guard case .prompt(let p3)? = s.modal else { return XCTFail() }
        XCTAssertEqual(p3.exportFormat, .svg)
        XCTAssertEqual(p3.field.string, "./vgg11-summary.svg", "the extension follows the format")
        press(&s, .backTab, .backTab)
        guard case .prompt(let p4)? = s.modal else { return XCTFail() }
        XCTAssertEqual(p4.exportFormat, .markdown)
        XCTAssertEqual(p4.field.string, "./vgg11-summary.md")
    }

    func testMarkdownAndSVGWritesThePictureFirstAndLinksIt() {
        var s = vgg11State()
        let effects = press(&s, .char("e"), .tab, .enter)
        XCTAssertNil(s.modal)
        guard effects.count == 2, case .write(let svg) = effects[0], case .write(let md) = effects[1] else {
            return XCTFail("two writes: \(effects)")
        }
        XCTAssertEqual(svg.path, "./vgg11-summary.svg")
        XCTAssertTrue(svg.contents.hasPrefix("<?xml"))
        XCTAssertEqual(svg.contents, SummaryReport.diagramSVG(s.summary))
        XCTAssertEqual(md.path, "./vgg11-summary.md")
        XCTAssertTrue(md.contents.contains("![vgg11 architecture](vgg11-summary.svg)"), md.contents)
        XCTAssertTrue(md.contents.contains("```mermaid\nflowchart LR"))
        send(&s, .fileWritten(svg))
        XCTAssertEqual(s.message?.text, "exported ./vgg11-summary.svg")
        send(&s, .fileWritten(md))
        XCTAssertEqual(s.message?.text, "exported ./vgg11-summary.svg and ./vgg11-summary.md")
        XCTAssertNil(s.exportBatch)
    }

    func testSVGOnlyWritesOneFileAtTheTypedPath() {
        var s = vgg11State()
        press(&s, .char("e"), .tab, .tab)
        typeIntoPrompt(&s, "out/net.svg")
        let effects = press(&s, .enter)
        guard effects.count == 1, case .write(let svg) = effects[0] else { return XCTFail("\(effects)") }
        XCTAssertEqual(svg.path, "out/net.svg")
        XCTAssertTrue(svg.contents.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    func testAFailedPictureStaysOnScreen() {
        var s = vgg11State()
        let effects = press(&s, .char("e"), .tab, .enter)
        guard case .write(let svg) = effects[0], case .write(let md) = effects[1] else { return XCTFail() }
        send(&s, .fileFailed(svg, message: "cannot write ./vgg11-summary.svg: disk full"))
        send(&s, .fileWritten(md))
        XCTAssertEqual(s.message, AppState.Message("exported ./vgg11-summary.md; cannot write ./vgg11-summary.svg: disk full",
                                                   isError: true))
    }

    func testEditedPresetExportsItsDiagramUnderTheEditedName() {
        var s = vgg11State()
        let effects = press(&s, .char("+"), .char("e"), .tab, .tab, .enter)
        guard case .write(let svg)? = effects.first else { return XCTFail() }
        XCTAssertTrue(svg.contents.contains(">vgg11 (edited)</text>"), "the title says it was edited")
    }

    func testPromptSnapshots() {
        var small = vgg11State(width: 80, height: 24)
        press(&small, .char("e"), .tab)
        assertSnapshot(Renderer.render(small).buffer.text, named: "export-prompt-80x24")
        var large = vgg11State(width: 120, height: 40)
        press(&large, .char("e"), .tab, .tab)
        assertSnapshot(Renderer.render(large).buffer.text, named: "export-prompt-120x40")
    }
}
