import Foundation
import VGGCore
import XCTest

/// `summary --by block` (d2l's layer_summary) and the training cost (`--optimizer`), run as a user would.
final class LearnerCLITests: XCTestCase {
    func testSummaryByBlockMatchesD2LsBlockOutputs() throws {
        let r = try BinaryRunner.run(["summary", "d2l-vgg11", "--by", "block", "--ascii"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("block ") || $0.hasPrefix("flatten") || $0.hasPrefix("classifier") }
        let shapes = rows.map { $0.split(separator: " ").first { $0.contains("x") && $0.first == "1" }.map(String.init) ?? "" }
        XCTAssertEqual(shapes, ["1x64x112x112", "1x128x56x56", "1x256x28x28", "1x512x14x14", "1x512x7x7", "1x25088",
                                "1x4096", "1x4096", "1x4096", "1x4096", "1x4096", "1x4096", "1x10"], r.stdout)
        XCTAssertTrue(rows[6].contains("Linear"))
        XCTAssertTrue(rows[7].contains("ReLU") && rows[8].contains("Dropout"))

        let json = try BinaryRunner.run(["summary", "d2l-vgg11", "--by", "block", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let jsonRows = object["rows"] as! [[String: Any]]
        XCTAssertEqual(jsonRows.first?["output_shape"] as? [Int], [1, 64, 112, 112])
        XCTAssertEqual(jsonRows.reduce(0) { $0 + ($1["params"] as! Int) }, 128_806_154)

        let md = try BinaryRunner.run(["summary", "d2l-vgg11", "--by", "block", "--format", "markdown"])
        XCTAssertTrue(md.stdout.contains("| block 5 | Sequential | 2 | 1x512x7x7 |"), md.stdout)
        try expectError(["summary", "--by", "blocks"], "--by")
        // Another tool's rule titles and fills the MACs column, and the block rows add up to its total.
        let s = try ModelSummary(spec: Presets.named("d2l-vgg11")!)
        let ptflops = try BinaryRunner.run(["summary", "d2l-vgg11", "--by", "block", "--count", "ptflops", "--ascii"])
        XCTAssertEqual(ptflops.status, 0, ptflops.stderr)
        XCTAssertTrue(ptflops.stdout.contains(NumberFormat.grouped(s.total(.ptflops))), ptflops.stdout)
        XCTAssertTrue(ptflops.stdout.contains(CountingTool.ptflops.columnTitle), ptflops.stdout)
    }

    func testTrainingCostFollowsTheOptimizer() throws {
        let s = try ModelSummary(spec: .vgg11)
        for optimizer in TrainingCost.Optimizer.allCases {
            let r = try BinaryRunner.run(["summary", "--format", "json", "--optimizer", optimizer.rawValue])
            XCTAssertEqual(r.status, 0, r.stderr)
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            let training = object["training"] as! [String: Any]
            XCTAssertEqual(training["optimizer_bytes"] as? Int, optimizer.statePerParam * s.totals.paramBytes)
            XCTAssertEqual(training["step_macs"] as? Int, try TrainingCost(s).stepMACs)
        }
        let text = try BinaryRunner.run(["summary", "--optimizer", "sgd"])
        XCTAssertTrue(text.stdout.contains("Training step (SGD)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("backward = 2 x the Conv2d and"), "the rule is stated")
        let export = try BinaryRunner.run(["export", "-o", "-", "--optimizer", "momentum"])
        XCTAssertTrue(export.stdout.contains("## Training cost (one step, SGD+momentum)"), export.stdout)
        let blocks = try XCTUnwrap(export.stdout.range(of: "## Blocks")), layers = try XCTUnwrap(export.stdout.range(of: "## Layers"))
        XCTAssertLessThan(blocks.lowerBound, layers.lowerBound, "export opens with the block view")
        try expectError(["summary", "--optimizer", "lion"], "--optimizer")
    }
}
