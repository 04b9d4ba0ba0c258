@testable import VGGCore
import XCTest

/// The mermaid blocks of the export: well-formed lines, escaped labels, readable bar counts.
final class MermaidTests: XCTestCase {
    /// Every fenced block opens with a diagram type and closes; labels hold no raw quote.
    func checkBlocks(_ markdown: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = markdown.components(separatedBy: "\n")
        var inBlock = false
        var blocks = 0
        for (i, l) in lines.enumerated() {
            if l == "```mermaid" {
                XCTAssertFalse(inBlock, "nested fence at line \(i + 1)", file: file, line: line)
                inBlock = true
                blocks += 1
                XCTAssertTrue(["flowchart LR", "xychart-beta"].contains(lines[i + 1]), lines[i + 1], file: file, line: line)
            } else if l == "```" {
                XCTAssertTrue(inBlock, "stray fence at line \(i + 1)", file: file, line: line)
                inBlock = false
            } else if inBlock, l.hasPrefix("    n"), l.contains("[\"") {
                // n3["a<br/>b"]:::conv: exactly two quotes, around the label.
                XCTAssertEqual(l.filter { $0 == "\"" }.count, 2, l, file: file, line: line)
                XCTAssertNotNil(l.range(of: #"^    n\d+\["[^"]*"\]:::\w+$"#, options: .regularExpression), l, file: file, line: line)
            } else if inBlock, l.hasPrefix("    bar [") {
                let values = l.dropFirst(9).dropLast().split(separator: ", ")
                XCTAssertTrue(values.allSatisfy { Double($0) != nil }, l, file: file, line: line)
            }
        }
        XCTAssertFalse(inBlock, "unclosed fence", file: file, line: line)
        XCTAssertGreaterThan(blocks, 0, file: file, line: line)
    }

    func testPresetsExportWellFormedBlocks() throws {
        for spec in Presets.all {
            let s = try ModelSummary(spec: spec)
            let md = SummaryReport.markdown(s)
            checkBlocks(md)
            XCTAssertEqual(md.components(separatedBy: "```mermaid").count - 1, 3, spec.name)
            // A text line right above `---` would turn into a heading.
            XCTAssertTrue(md.contains("\n\n---\n"), spec.name)
        }
    }

    func testBarsNameWeightLayersAndFoldBatchNorm() throws {
        let s = try ModelSummary(spec: XCTUnwrap(Presets.named("vgg11_bn")))
        let bars = SummaryReport.weightBars(s)
        XCTAssertEqual(bars.map(\.name), ["conv1_1", "conv2_1", "conv3_1", "conv3_2", "conv4_1", "conv4_2", "conv5_1",
                                          "conv5_2", "fc1", "fc2", "fc3"])
        XCTAssertEqual(bars.reduce(0) { $0 + $1.params }, s.totals.params, "every param is in a bar")
        XCTAssertEqual(bars.reduce(0) { $0 + $1.macs }, s.totals.macs, "every MAC is in a bar")
        XCTAssertEqual(bars[0].params, 1792 + 128, "conv1_1 with its BatchNorm's gamma and beta")
    }

    func testManyLayersBecomeBlocks() throws {
        let spec = VGGSpec(name: "deep", blocks: (0..<5).map { _ in .init(convs: 6, channels: 64) }, batchNorm: true)
        let s = try ModelSummary(spec: spec)
        let bars = SummaryReport.weightBars(s)
        XCTAssertEqual(bars.map(\.name), ["block1", "block2", "block3", "block4", "block5", "fc1", "fc2", "fc3"])
        XCTAssertEqual(bars.reduce(0) { $0 + $1.params }, s.totals.params)
        XCTAssertEqual(bars.reduce(0) { $0 + $1.macs }, s.totals.macs)
        XCTAssertTrue(SummaryReport.mermaidMarkdown(s).contains("## Params and MACs per block"))
    }

    func testHostileNamesAreEscaped() throws {
        XCTAssertEqual(SummaryReport.mermaidEscape("a\"b<c>#d`e\u{1}"), "a#quot;b#lt;c#gt;#35;d#96;e ")
        XCTAssertEqual(SummaryReport.chartText("my \"net\"\n"), "my 'net' ")
        let weird = VGGSpec(name: "x\"] --> evil[\"", blocks: [.init(convs: 1, channels: 8)])
        let c = Comparison([try ModelSummary(spec: weird), try ModelSummary(spec: .vgg11)])
        let charts = SummaryReport.comparisonCharts(c, timesMs: [nil, 12.5])
        checkBlocks(charts)
        XCTAssertTrue(charts.contains(#"x-axis ["x'] --> evil['", "vgg11"]"#), charts)
        XCTAssertTrue(charts.contains("x-axis [\"vgg11\"]\n    y-axis \"ms\"\n    bar [12.500]"), "time only for measured models")
        XCTAssertFalse(SummaryReport.comparisonCharts(c).contains("y-axis \"ms\""), "no time chart without a measurement")
    }

    func testDiagramLinkIsRelativeAndEncoded() throws {
        XCTAssertEqual(SummaryReport.diagramPath(besideMarkdown: "out/a b.md"), "out/a b.svg")
        XCTAssertEqual(SummaryReport.diagramPath(besideMarkdown: "report"), "report.svg")
        let section = SummaryReport.Section.diagram(try ModelSummary(spec: .vgg11), svgPath: "/tmp/x/my net (1).svg")
        XCTAssertTrue(section.body.hasPrefix("![vgg11 architecture](my%20net%20%281%29.svg)"), section.body)
    }
}

extension MermaidTests {
    func testDiagramAltTextKeepsPlainCharacters() throws {
        let spec = VGGSpec(name: "my \"net\" #1 `x` <b>]", blocks: [.init(convs: 1, channels: 8)])
        let section = SummaryReport.Section.diagram(try ModelSummary(spec: spec), svgPath: "a.svg")
        XCTAssertTrue(section.body.hasPrefix("![my  net   1  x   b   architecture](a.svg)"), section.body)
    }
}
