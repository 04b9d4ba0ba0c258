import Foundation
import VGGCore
import XCTest

/// The paper's presets and both AlexNets against torchinfo 1.8, row by row (module path, kind, output
/// shape, params, MACs) and in both totals. Fixture: scripts/torchinfo_paper_fixtures.py.
/// Keys are preset names, or `name@NxCxHxW` for the same preset at another input.
final class PaperTorchinfoTests: XCTestCase {
    struct Entry: Sendable {
        var key: String
        var input: [Int]
        var totals: TorchinfoTotals
        var rows: [TorchinfoRow]
    }

    static let entries: [Entry] = {
        let url = Bundle.module.url(forResource: "torchinfo_paper", withExtension: "json", subdirectory: "Fixtures")!
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String: Any]]
        return root.keys.sorted().map { key in
            let e = root[key]!
            return Entry(key: key, input: e["input"] as! [Int], totals: TorchinfoTotals(json: e),
                         rows: (e["layers"] as! [[String: Any]]).map(TorchinfoRow.init(json:)))
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
            assertRowsMatchTorchinfo(try summary(entry), entry.rows, entry.key)
        }
    }

    func testTotalsMatchTorchinfo() throws {
        for entry in Self.entries {
            assertTotalsMatchTorchinfo(try summary(entry), entry.totals, entry.key)
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
