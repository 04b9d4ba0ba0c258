import Foundation
import VGGCore
import XCTest

final class ReportTests: XCTestCase {
    func testGroupingAndHumanUnits() {
        XCTAssertEqual(NumberFormat.grouped(132_863_336), "132,863,336")
        XCTAssertEqual(NumberFormat.grouped(0), "0")
        XCTAssertEqual(NumberFormat.grouped(-1234), "-1,234")
        XCTAssertEqual(NumberFormat.human(132_863_336), "132.9 M")
        XCTAssertEqual(NumberFormat.human(7_616_525_288), "7.62 G")
        XCTAssertEqual(NumberFormat.human(999), "999")
        XCTAssertEqual(NumberFormat.human(999_999), "1.00 M")
        XCTAssertEqual(NumberFormat.bytes(531_453_344), "531.5 MB")
        XCTAssertEqual(NumberFormat.percent(1, of: 3), "33.3%")
        XCTAssertEqual(NumberFormat.fixed(-0.04, decimals: 1), "0.0")
    }

    func testTextColumnSumsEqualTotals() throws {
        for name in Presets.names {
            let s = try ModelSummary(spec: Presets.load(name))
            let table = SummaryReport.layerTable(s)
            func number(_ cell: String) -> Int { Int(cell.filter(\.isNumber)) ?? 0 }
            let params = table.column("Params")
            let macs = table.column("MACs")
            XCTAssertEqual(params.dropLast().map(number).reduce(0, +), number(params.last!), name)
            XCTAssertEqual(macs.dropLast().map(number).reduce(0, +), number(macs.last!), name)
            XCTAssertEqual(number(params.last!), s.totals.params, name)
        }
    }

    func testTextTableIsAligned() throws {
        let text = SummaryReport.layerTable(try ModelSummary(spec: .vgg11)).text(style: .ascii)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("Layer"))
        XCTAssertTrue(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        XCTAssertTrue(text.allSatisfy(\.isASCII))
        // Right-aligned numbers end in the same column.
        let ends = lines.filter { $0.contains("Conv2d") }.map { $0.range(of: "   ", options: .backwards) != nil }
        XCTAssertFalse(ends.isEmpty)
        let totalLine = try XCTUnwrap(lines.first { $0.hasPrefix("Total") })
        XCTAssertTrue(totalLine.contains("132,863,336") && totalLine.contains("7,616,525,288"))
    }

    func testMarkdownHasConfigurationLayersTotalsAndRules() throws {
        let md = SummaryReport.markdown(try ModelSummary(spec: .vgg11))
        XCTAssertTrue(md.hasPrefix("# vgg11 summary\n"))
        XCTAssertTrue(md.contains("| Blocks (convs x channels) | 1x64,1x128,2x256,2x512,2x512 |"))
        XCTAssertTrue(md.contains("| features.0 | Conv2d | 1 | 64x224x224 | 1,792 | 89,915,392 |"))
        XCTAssertTrue(md.contains("| **Total** |"))
        XCTAssertTrue(md.contains(CountingRules.flops))
        // Every table row has as many cells as its header.
        for block in md.components(separatedBy: "\n\n") where block.hasPrefix("|") {
            let rows = block.split(separator: "\n")
            let width = rows[0].filter { $0 == "|" }.count
            for row in rows { XCTAssertEqual(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count, width, String(row)) }
        }
    }

    func testJSONCarriesExactIntegers() throws {
        let s = try ModelSummary(spec: Presets.load("vgg16"))
        let text = SummaryReport.json(s).rendered()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let totals = object["totals"] as! [String: Any]
        XCTAssertEqual(totals["params"] as? Int, 138_357_544)
        XCTAssertEqual(totals["macs"] as? Int, 15_483_821_032)
        XCTAssertEqual(totals["flops"] as? Int, 2 * (15_483_821_032))
        let layers = object["layers"] as! [[String: Any]]
        XCTAssertEqual(layers.count, s.layers.count)
        XCTAssertEqual(layers[0]["name"] as? String, "features.0")
        XCTAssertEqual(layers[0]["output_shape"] as? [Int], [1, 64, 224, 224])
        XCTAssertEqual(Set(layers[0].keys), ["name", "kind", "block", "output_shape", "params", "macs", "flops",
                                             "activation_bytes", "receptive_field", "jump", "counters"])
    }

    func testComparisonColumnsFollowTheModels() throws {
        let four = try Presets.paperFour.map { try ModelSummary(spec: Presets.load($0)) }
        let c = Comparison(four)
        let table = c.table()
        XCTAssertEqual(table.columns.map(\.title), ["Metric", "vgg11", "vgg13", "vgg16", "vgg19"])
        let params = try XCTUnwrap(table.rows.first { $0.cells[0] == "Params" })
        XCTAssertEqual(params.cells.dropFirst(), ["132,863,336", "133,047,848", "138,357,544", "143,667,240"])
        let rf = try XCTUnwrap(table.rows.first { $0.cells[0].hasPrefix("Receptive") })
        XCTAssertEqual(rf.cells.dropFirst(), ["150", "156", "212", "268"])
        let depth = try XCTUnwrap(table.rows.first { $0.cells[0].hasPrefix("Depth") })
        XCTAssertEqual(depth.cells.dropFirst(), ["11", "13", "16", "19"])
    }

    func testPresetFilesMatchTheBuiltIns() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("presets").path
        let files = Presets.files(in: directory)
        XCTAssertEqual(Set(files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }), Set(Presets.names))
        for file in files {
            let spec = try Presets.file(file)
            XCTAssertEqual(spec, Presets.named(spec.name), file)
            // The files are exactly what `jsonText` writes, so saving a preset reproduces them.
            XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), spec.jsonText, file)
        }
    }

    func testAtomicWriteNeverTruncatesOnError() throws {
        let dir = NSTemporaryDirectory() + "vggscope-atomic-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.md"
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second")
        XCTAssertThrowsError(try AtomicFile.write("x", to: dir + "/missing/b.md")) { e in
            XCTAssertTrue("\(e)".contains("does not exist"), "\(e)")
        }
        XCTAssertThrowsError(try AtomicFile.write("x", to: dir)) { e in
            XCTAssertTrue("\(e)".contains("is a directory"), "\(e)")
        }
        // A read-only directory: the old file survives untouched (root ignores permissions, so check via chmod on non-root only).
        if getuid() != 0 {
            chmod(dir, 0o500)
            defer { chmod(dir, 0o700) }
            XCTAssertThrowsError(try AtomicFile.write("third", to: path))
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["a.md"], "no temp files left behind")
    }
}
