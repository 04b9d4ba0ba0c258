import Foundation
import VGGCore
import XCTest

/// The paper presets (batch 1-4, odd sizes) and random mixed-block and layer-list specs, built the way `summary`
/// builds them (Presets.load, Notation.blocks, Notation.layers), against the five tools' own counts
/// (scripts/counter_fixtures.py --paper-out -> Fixtures/counters_paper.json), per layer and in total.
final class PaperCounterFixtureTests: XCTestCase {
    struct Net {
        var name: String
        var spec: VGGSpec
        var layers: [(kind: String, output: [Int], counts: ToolCounts)]
        var totals: ToolCounts
    }

    static func spec(_ c: [String: Any], input dims: [Int]) throws -> VGGSpec {
        let input = InputShape(batch: dims[0], channels: dims[1], height: dims[2], width: dims[3])
        switch c["kind"] as! String {
        case "preset":
            var spec = try Presets.load(c["preset"] as! String)
            spec.input = input
            return spec
        case "blocks":
            return VGGSpec(input: input, blocks: try Notation.blocks((c["blocks"] as! [String]).joined(separator: ",")),
                           batchNorm: c["bn"] as! Bool, head: Head(rawValue: c["head"] as! String)!,
                           classifier: c["fc"] as! [Int], classes: c["classes"] as! Int)
        default:
            return VGGSpec(name: "layers", input: input,
                           layers: try Notation.layers((c["layers"] as! [String]).joined(separator: ", ")))
        }
    }

    static func nets() throws -> [Net] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "counters_paper", withExtension: "json", subdirectory: "Fixtures"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try (root["nets"] as! [[String: Any]]).map { n in
            Net(name: n["name"] as! String, spec: try spec(n["case"] as! [String: Any], input: n["input"] as! [Int]),
                layers: (n["layers"] as! [[String: Any]]).map {
                    ($0["kind"] as! String, $0["output"] as! [Int], CounterFixtures.counts($0["counters"] as! [String: Any]))
                },
                totals: CounterFixtures.counts(n["totals"] as! [String: Any]))
        }
    }

    func testPaperPresetsAndRandomSpecsMatchEveryTool() throws {
        let nets = try Self.nets()
        for preset in ["alexnet", "d2l-alexnet", "vgg-a", "vgg-a-lrn", "vgg-c", "vgg-e"] {
            XCTAssertGreaterThanOrEqual(nets.count { $0.name == preset }, 3, "\(preset) at three inputs")
        }
        XCTAssertTrue(nets.contains { $0.spec.input.batch > 1 && $0.spec.layers != nil })
        XCTAssertGreaterThanOrEqual(nets.count { $0.name.hasPrefix("blocks-") }, 6)
        XCTAssertGreaterThanOrEqual(nets.count { $0.name.hasPrefix("layers-") }, 5)
        for net in nets {
            let s = try ModelSummary(spec: net.spec)
            let at = "\(net.name) \(net.spec.input.dims)"
            XCTAssertEqual(s.layers.count, net.layers.count, at)
            for (mine, ref) in zip(s.layers, net.layers) {
                XCTAssertEqual(mine.kindName, ref.kind, "\(at) \(mine.name)")
                XCTAssertEqual(mine.outputShape.dims, ref.output, "\(at) \(mine.name)")
                for tool in CountingTool.allCases {
                    XCTAssertEqual(mine.counts[tool], ref.counts[tool], "\(at) \(mine.name) \(tool)")
                }
            }
            for tool in CountingTool.allCases {
                XCTAssertEqual(s.total(tool), net.totals[tool], "\(at) total \(tool)")
            }
        }
    }
}
