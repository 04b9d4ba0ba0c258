import Foundation
import VGGCore
import XCTest

/// The paper's presets and both AlexNets against torchinfo 1.8, row by row (module path, kind, output
/// shape, params, MACs) and in both totals. Fixture: scripts/torchinfo_paper_fixtures.py.
/// Keys are preset names, or `name@NxCxHxW` for the same preset at another input.
final class PaperTorchinfoTests: XCTestCase {
    struct Row: Sendable {
        var name: String, kind: String, output: [Int], params: Int, macs: Int
    }
    struct Entry: Sendable {
        var key: String
        var input: [Int]
        var totals: [String: Int]
        var rows: [Row]
    }

    static let entries: [Entry] = {
        let url = Bundle.module.url(forResource: "torchinfo_paper", withExtension: "json", subdirectory: "Fixtures")!
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String: Any]]
        return root.keys.sorted().map { key in
            let e = root[key]!
            var totals: [String: Int] = [:]
            for k in ["total_params", "total_mult_adds", "param_bytes", "output_bytes"] { totals[k] = e[k] as? Int }
            return Entry(key: key, input: e["input"] as! [Int], totals: totals, rows: (e["layers"] as! [[String: Any]]).map {
                Row(name: $0["name"] as! String, kind: $0["kind"] as! String, output: $0["output"] as! [Int],
                    params: $0["params"] as! Int, macs: $0["macs"] as! Int)
            })
        }
    }()

    func summary(_ entry: Entry) throws -> ModelSummary {
        var spec = try Presets.load(String(entry.key.split(separator: "@")[0]))
        spec.input = InputShape(batch: entry.input[0], channels: entry.input[1], height: entry.input[2], width: entry.input[3])
        return try ModelSummary(spec: spec)
    }

    func testEveryNewPresetHasAFixture() {
        let keys = Set(Self.entries.map { String($0.key.split(separator: "@")[0]) })
        XCTAssertEqual(keys, Set(Presets.paperSix + ["alexnet", "d2l-alexnet"]))
    }

    func testEveryRowMatchesTorchinfo() throws {
        for entry in Self.entries {
            let s = try summary(entry)
            XCTAssertEqual(s.layers.count, entry.rows.count, "\(entry.key): layer count")
            for (mine, ref) in zip(s.layers, entry.rows) {
                let at = "\(entry.key) \(mine.name)"
                XCTAssertEqual(mine.name, ref.name, at)
                XCTAssertEqual(mine.kindName, ref.kind, at)
                XCTAssertEqual(mine.outputShape.dims, ref.output, at)
                XCTAssertEqual(mine.params, ref.params, at)
                XCTAssertEqual(mine.macs, ref.macs, at)
            }
        }
    }

    func testTotalsMatchTorchinfo() throws {
        for entry in Self.entries {
            let s = try summary(entry)
            XCTAssertEqual(s.totals.params, entry.totals["total_params"], entry.key)
            XCTAssertEqual(s.totals.macs, entry.totals["total_mult_adds"], entry.key)
            XCTAssertEqual(s.totals.paramBytes, entry.totals["param_bytes"], entry.key)
            XCTAssertEqual(s.totals.forwardBackwardBytes, entry.totals["output_bytes"], entry.key)
        }
    }

    /// Table 2 of the paper, in millions, and torchvision's published AlexNet count.
    func testPublishedParameterCounts() throws {
        let millions = try Presets.paperSix.map { name -> Int in
            let p = try ModelSummary(spec: Presets.load(name)).totals.params
            return (p + 500_000) / 1_000_000
        }
        XCTAssertEqual(millions, [133, 133, 133, 134, 138, 144])
        XCTAssertEqual(try ModelSummary(spec: Presets.load("alexnet")).totals.params, 61_100_840)
        // d2l's AlexNet flattens 256 x 5 x 5 = 6400 features into its first Linear.
        let d2l = try ModelSummary(spec: Presets.load("d2l-alexnet"))
        XCTAssertEqual(d2l.layers.first { $0.kindName == "Linear" }?.layer.op, .linear(inFeatures: 6400, outFeatures: 4096))
    }

    /// A, B, D, E are torchvision's vgg11/13/16/19 under other names.
    func testPaperPresetsEqualTorchvisionTwins() throws {
        for (paper, tv) in zip(["vgg-a", "vgg-b", "vgg-d", "vgg-e"], Presets.paperFour) {
            var a = try Presets.load(paper)
            a.name = tv
            XCTAssertEqual(a, try Presets.load(tv))
        }
    }
}
