import Foundation
import VGGCore
import XCTest

/// `--count TOOL` on summary, compare and export, and the five counters in the JSON.
final class CountOptionTests: XCTestCase {
    func json(_ args: [String]) throws -> [String: Any] {
        let r = try BinaryRunner.run(args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    func testSummaryJSONCarriesEveryCounterPerLayerAndInTotal() throws {
        let object = try json(["summary", "vgg16", "--format", "json"])
        let totals = (object["totals"] as! [String: Any])["counters"] as! [String: Int]
        XCTAssertEqual(totals, ["torchinfo": 15_483_821_032, "ptflops": 15_523_225_576, "fvcore": 15_470_289_408,
                                "thop": 15_470_314_496, "torch": 30_940_528_640])
        let layers = (object["layers"] as! [[String: Any]]).map { $0["counters"] as! [String: Int] }
        for tool in CountingTool.allCases {
            XCTAssertEqual(layers.reduce(0) { $0 + $1[tool.rawValue]! }, totals[tool.rawValue], "\(tool) layers add up")
        }
        XCTAssertEqual(layers[1]["ptflops"], 2 * 64 * 224 * 224, "ReLU: module hook + patched F.relu")
    }

    /// The hidden-check path: flags, batch > 1, odd sizes, avgpool7 on a 3x3 map (thop's real-valued kernel).
    func testSummaryFlagsMatchTheLibrary() throws {
        let object = try json(["summary", "--blocks", "1x8,2x16,1x24,1x24,1x32", "--input", "3x3x100x100", "--fc", "50",
                               "--classes", "9", "--batch-norm", "--format", "json"])
        let spec = VGGSpec(input: InputShape(batch: 3, channels: 3, height: 100, width: 100),
                           blocks: [Block(convs: 1, channels: 8), Block(convs: 2, channels: 16), Block(convs: 1, channels: 24),
                                    Block(convs: 1, channels: 24), Block(convs: 1, channels: 32)],
                           batchNorm: true, classifier: [50], classes: 9)
        let s = try ModelSummary(spec: spec)
        let totals = (object["totals"] as! [String: Any])["counters"] as! [String: Int]
        for tool in CountingTool.allCases {
            XCTAssertEqual(totals[tool.rawValue], s.total(tool), "\(tool)")
        }
        // thop's AdaptiveAvgPool2d 3x3 -> 7x7: int((9/49 + 1) x 3*32*49).
        XCTAssertEqual(s.layers.first { $0.name == "avgpool" }?.counts.thop, Int((9.0 / 49.0 + 1) * Double(3 * 32 * 49)))
    }

    func testCountChoosesTheColumnAndTheFooterSaysSo() throws {
        let r = try BinaryRunner.run(["summary", "vgg16", "--count", "torch", "--ascii"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("FLOPs (torch)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("30,940,528,640"))
        XCTAssertTrue(r.stdout.contains("FLOPs (torch) by the rule of torch 2.15 FlopCounterMode"), r.stdout)
        let plain = try BinaryRunner.run(["summary", "vgg16", "--ascii"])
        XCTAssertTrue(plain.stdout.contains("MACs: torchinfo's mult-add rule"))
        XCTAssertFalse(plain.stdout.contains("FLOPs (torch)"))
    }

    func testCompareAndExportTakeCount() throws {
        let models = try json(["compare", "vgg16", "vgg16_bn", "--count", "thop", "--format", "json"])["models"] as! [[String: Any]]
        XCTAssertEqual(models.compactMap { $0["macs"] as? Int }, [15_470_314_496, 15_524_504_576])
        XCTAssertEqual(models.compactMap { $0["counted_by"] as? String }, ["thop", "thop"])
        let text = try BinaryRunner.run(["compare", "vgg16", "--count", "ptflops"])
        XCTAssertTrue(text.stdout.contains("MACs (ptflops)"), text.stdout)
        let md = try BinaryRunner.run(["export", "vgg11", "-o", "-", "--count", "fvcore"])
        XCTAssertEqual(md.status, 0, md.stderr)
        XCTAssertTrue(md.stdout.contains("| MACs (fvcore) |"), md.stdout)
        XCTAssertTrue(md.stdout.contains("## How other tools count this network"))
        XCTAssertTrue(md.stdout.contains(CountingRules.macs(.fvcore)))
    }

    func testUnknownToolListsTheFive() throws {
        let r = try BinaryRunner.run(["summary", "--count", "flopth"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("'torchinfo', 'ptflops', 'fvcore', 'thop' or 'torch'"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }
}
