import Foundation
import VGGCore
import XCTest

/// Every counting rule against the tool it reproduces, to the unit, per layer and in total, on
/// nets measured by the tools themselves (scripts/counter_fixtures.py -> Fixtures/counters.json).
final class CounterFixtureTests: XCTestCase {
    func testFixturesCoverThePresetsRandomSpecsAndLayerLists() {
        let names = CounterFixtures.nets.map(\.name)
        for name in ["vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg16_bn", "vgg19_bn", "d2l-vgg11", "alexnet"] {
            XCTAssertTrue(names.contains(name), name)
        }
        XCTAssertGreaterThanOrEqual(names.count { $0.hasPrefix("random-") }, 20)
        let ops = CounterFixtures.nets.flatMap { $0.layerList ?? [] }
        XCTAssertTrue(ops.contains { if case .localResponseNorm = $0 { true } else { false } })
        XCTAssertTrue(ops.contains(.conv2d(inChannels: 3, outChannels: 64, kernel: 11, stride: 4, padding: 2)))
        XCTAssertTrue(ops.contains(.maxPool2d(kernel: 3, stride: 2)))
        XCTAssertTrue(ops.contains(.adaptiveAvgPool2d(height: 6, width: 6)))
        XCTAssertEqual(CounterFixtures.tools["ptflops"], "0.7.5")
    }

    func testVGGSpecsMatchEveryToolPerLayerAndInTotal() throws {
        var checked = 0
        for net in CounterFixtures.nets {
            guard let spec = net.spec else { continue }
            let s = try XCTUnwrap(ModelSummary.of(spec))
            XCTAssertEqual(s.layers.count, net.layers.count, net.name)
            for (mine, ref) in zip(s.layers, net.layers) {
                let at = "\(net.name) \(mine.name)"
                XCTAssertEqual(mine.kindName, ref.kind, at)
                XCTAssertEqual(mine.outputShape.dims, ref.output, at)
                for tool in CountingTool.allCases {
                    XCTAssertEqual(mine.counts[tool], ref.counts[tool], "\(at) \(tool)")
                }
                XCTAssertEqual(mine.macs, mine.counts.torchinfo, at)
            }
            for tool in CountingTool.allCases {
                XCTAssertEqual(s.total(tool), net.totals[tool], "\(net.name) total \(tool)")
            }
            XCTAssertEqual(s.totals.macs, s.total(.torchinfo), net.name)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 29)
    }

    /// Layer lists (LRN, 1x1, 11x11/4 and 5x5 convs, 3x3/2 pools, AdaptiveAvgPool2d to any size):
    /// the rules run over the LayerOps with the shapes torch produced.
    func testLayerListsMatchEveryTool() throws {
        var checked = 0
        for net in CounterFixtures.nets {
            guard let ops = net.layerList else { continue }
            XCTAssertEqual(ops.count, net.layers.count, net.name)
            var input = TensorShape(net.input)
            var totals = ToolCounts()
            for (i, (op, ref)) in zip(ops, net.layers).enumerated() {
                let output = TensorShape(ref.output)
                var op = op
                if case let .linear(_, out) = op { op = .linear(inFeatures: input.channels, outFeatures: out) }
                XCTAssertEqual(op.kindName, ref.kind, "\(net.name) layer \(i)")
                let counts = try ToolCounts(op, input: input, output: output)
                for tool in CountingTool.allCases {
                    XCTAssertEqual(counts[tool], ref.counts[tool], "\(net.name) layer \(i) \(op.kindName) \(tool)")
                }
                totals = try totals.adding(counts)
                input = output
            }
            XCTAssertEqual(totals, net.totals, net.name)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 5)
    }

    /// The issue's VGG-16 numbers, each measured with the tool itself.
    func testVGG16AtTheIssuesNumbers() throws {
        let s = try ModelSummary(spec: Presets.load("vgg16"))
        XCTAssertEqual(s.total(.torchinfo), 15_483_821_032)
        XCTAssertEqual(s.total(.ptflops), 15_523_225_576)
        XCTAssertEqual(s.total(.fvcore), 15_470_289_408)
        XCTAssertEqual(s.total(.thop), 15_470_314_496)
        XCTAssertEqual(s.total(.torch), 30_940_528_640)
    }

    /// ptflops builds its own batch of 1: the batch never changes its count; the others scale.
    func testBatchScalesEveryToolButPtflops() throws {
        var spec = try Presets.load("vgg11_bn")
        let one = try ModelSummary(spec: spec)
        spec.input.batch = 3
        let three = try ModelSummary(spec: spec)
        XCTAssertEqual(three.total(.ptflops), one.total(.ptflops))
        for tool in CountingTool.allCases where tool != .ptflops {
            XCTAssertEqual(three.total(tool), 3 * one.total(tool), "\(tool)")
        }
    }

    func testDifferencesAddUpToTheGapBetweenTotals() throws {
        let s = try ModelSummary(spec: Presets.load("vgg16_bn"))
        for tool in CountingTool.allCases {
            for base in CountingTool.allCases {
                let parts = s.difference(tool, from: base)
                XCTAssertEqual(parts.reduce(0) { $0 + $1.delta }, s.total(tool) - s.total(base), "\(tool) vs \(base)")
                XCTAssertEqual(parts.map { abs($0.delta) }, parts.map { abs($0.delta) }.sorted(by: >))
            }
        }
        let ptflops = s.difference(.ptflops)
        XCTAssertEqual(ptflops.first?.kind, "ReLU")
        XCTAssertEqual(ptflops.first?.layers.count, 15)
        let split = s.split(.thop)
        XCTAssertEqual(split.features + split.classifier, s.total(.thop))
    }

    func testEveryToolHasASentenceAndALabel() {
        for tool in CountingTool.allCases {
            XCTAssertFalse(tool.rule.isEmpty)
            XCTAssertTrue(tool.ruleLine.hasPrefix(tool.rawValue), tool.ruleLine)
            XCTAssertEqual(CountingTool(rawValue: tool.rawValue), tool)
        }
        XCTAssertEqual(CountingTool.torchinfo.columnTitle, "MACs")
        XCTAssertEqual(CountingTool.torch.columnTitle, "FLOPs (torch)")
        XCTAssertEqual(CountingTool.fvcore.columnTitle, "MACs (fvcore)")
        XCTAssertTrue(CountingRules.macs.contains(CountingTool.torchinfo.rule))
        XCTAssertTrue(CountingRules.all(counting: .thop).contains { $0.contains(CountingTool.thop.rule) })
    }
}

/// Fixtures/counters.json, written by scripts/counter_fixtures.py.
enum CounterFixtures {
    struct Layer: Sendable {
        var kind: String
        var output: [Int]
        var counts: ToolCounts
    }

    struct Net: Sendable {
        var name: String
        var input: [Int]
        var spec: VGGSpec?
        var layerList: [LayerOp]?
        var layers: [Layer]
        var totals: ToolCounts
    }

    static func counts(_ o: [String: Any]) -> ToolCounts {
        var c = ToolCounts()
        for tool in CountingTool.allCases { c[tool] = o[tool.rawValue] as! Int }
        return c
    }

    static func op(_ d: [String: Any]) -> LayerOp {
        func i(_ k: String) -> Int { d[k] as! Int }
        func r(_ k: String) -> Double { (d[k] as! NSNumber).doubleValue }
        switch d["op"] as! String {
        case "conv2d": return .conv2d(inChannels: i("in"), outChannels: i("out"), kernel: i("kernel"), stride: i("stride"), padding: i("padding"))
        case "batchnorm2d": return .batchNorm2d(channels: i("channels"))
        case "relu": return .relu
        case "maxpool2d": return .maxPool2d(kernel: i("kernel"), stride: i("stride"))
        case "adaptiveavgpool2d": return .adaptiveAvgPool2d(height: i("height"), width: i("width"))
        case "flatten": return .flatten
        case "linear": return .linear(inFeatures: 0, outFeatures: i("out"))
        case "dropout": return .dropout(p: r("p"))
        case "lrn": return .localResponseNorm(size: i("size"), alpha: r("alpha"), beta: r("beta"), k: r("k"))
        case let other: fatalError("unknown op \(other) in counters.json")
        }
    }

    static func root() -> [String: Any] {
        let url = Bundle.module.url(forResource: "counters", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    static let tools = root()["tools"] as! [String: String]

    static let nets: [Net] = (root()["nets"] as! [[String: Any]]).map { n in
        let name = n["name"] as! String
        let input = n["input"] as! [Int]
        var spec: VGGSpec?
        if var s = n["spec"] as? [String: Any] {
            s["input"] = input
            spec = try! VGGSpec(json: JSONSerialization.data(withJSONObject: s), source: "counters.json[\(name)]", defaultName: name)
        }
        let layers = (n["layers"] as! [[String: Any]]).map {
            Layer(kind: $0["kind"] as! String, output: $0["output"] as! [Int], counts: counts($0["counters"] as! [String: Any]))
        }
        return Net(name: name, input: input, spec: spec, layerList: (n["layers_in"] as? [[String: Any]])?.map(op),
                   layers: layers, totals: counts(n["totals"] as! [String: Any]))
    }
}
