import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import VGGCore
import XCTest

/// The SVG diagram: snapshots, and the structure a person relies on (valid XML, one box per
/// layer or block, every label inside its region by the font model, no two labels overlapping).
final class DiagramTests: XCTestCase {
    func summary(_ name: String) throws -> ModelSummary {
        try ModelSummary(spec: XCTUnwrap(Presets.named(name)))
    }

    func testSnapshots() throws {
        for name in ["vgg11", "d2l-vgg11"] {
            let s = try summary(name)
            assertTextSnapshot(SummaryReport.diagramSVG(s), named: "\(name)-diagram.svg")
            assertTextSnapshot(SummaryReport.diagramSVG(s, by: .block, theme: .dark), named: "\(name)-diagram-block-dark.svg")
            assertTextSnapshot(SummaryReport.mermaidMarkdown(s), named: "\(name)-mermaid.md")
        }
    }

    /// Drawn kinds: everything but ReLU, Dropout and a BatchNorm straight after a conv.
    static func expectedBoxes(_ layers: [LayerFacts], by grouping: DiagramGrouping) -> Int {
        var count = 1  // the input
        var seenBlocks = Set<Int>()
        var previous: LayerOp?
        for f in layers {
            defer { previous = f.layer.op }
            if grouping == .block, f.layer.section == .features, let b = f.block {
                if seenBlocks.insert(b).inserted { count += 1 }
                continue
            }
            switch f.layer.op {
            case .relu, .dropout: continue
            case .batchNorm2d: if case .conv2d = previous { continue }
            default: break
            }
            count += 1
        }
        return count
    }

    func testStructureOfEveryPresetBothGroupingsBothThemes() throws {
        for spec in Presets.all {
            let s = try ModelSummary(spec: spec)
            for grouping in DiagramGrouping.allCases {
                for theme in [DiagramTheme.light, .dark] {
                    let svg = SummaryReport.diagramSVG(s, by: grouping, theme: theme)
                    try checkStructure(svg, boxes: Self.expectedBoxes(s.layers, by: grouping), "\(spec.name) \(grouping)")
                }
            }
        }
    }

    func testShallowAndDeepAndOddNetworks() throws {
        let cases: [VGGSpec] = [
            VGGSpec(name: "two", blocks: [.init(convs: 1, channels: 64), .init(convs: 1, channels: 128)]),
            VGGSpec(name: "one", input: InputShape(channels: 1, height: 28, width: 28), blocks: [.init(convs: 1, channels: 8)],
                    head: .flatten, classifier: [], classes: 10),
            VGGSpec(name: "deep", blocks: (0..<5).map { _ in .init(convs: 8, channels: 512) }, batchNorm: true),
            VGGSpec(name: "wide", input: InputShape(batch: 8, channels: 3, height: 64, width: 320),
                    blocks: [.init(convs: 2, channels: 4096), .init(convs: 1, channels: 1 << 16)]),
            VGGSpec(name: "a \"quoted\" <name> & more", blocks: [.init(convs: 1, channels: 3)]),
        ]
        for spec in cases {
            let s = try ModelSummary(spec: spec)
            for grouping in DiagramGrouping.allCases {
                let svg = SummaryReport.diagramSVG(s, by: grouping)
                try checkStructure(svg, boxes: Self.expectedBoxes(s.layers, by: grouping), "\(spec.name) \(grouping)")
            }
        }
    }

    /// An AlexNet-like layer list (strided 11x11 conv, LRN, 3/2 pools, a stray BatchNorm): every LayerOp drawn.
    func testEveryLayerOp() throws {
        let layers = Self.layerList([
            (.conv2d(inChannels: 3, outChannels: 96, kernel: 11, stride: 4, padding: 2), .features, 0),
            (.relu, .features, 0),
            (.localResponseNorm(size: 5, alpha: 1e-4, beta: 0.75, k: 2), .features, 0),
            (.maxPool2d(kernel: 3, stride: 2), .features, 0),
            (.conv2d(inChannels: 96, outChannels: 256, kernel: 5, stride: 1, padding: 2), .features, 1),
            (.batchNorm2d(channels: 256), .features, 1),
            (.relu, .features, 1),
            (.maxPool2d(kernel: 3, stride: 2), .features, 1),
            (.batchNorm2d(channels: 256), .features, 2),
            (.localResponseNorm(size: 3, alpha: 1e-4, beta: 0.75, k: 1), .features, nil),
            (.adaptiveAvgPool2d(height: 6, width: 6), .head, nil),
            (.flatten, .head, nil),
            (.dropout(p: 0.5), .classifier, nil),
            (.linear(inFeatures: 9216, outFeatures: 4096), .classifier, nil),
            (.relu, .classifier, nil),
            (.linear(inFeatures: 4096, outFeatures: 10), .classifier, nil),
        ], input: TensorShape([1, 3, 224, 224]))
        let kinds = Set(DiagramElement.elements(input: TensorShape([1, 3, 224, 224]), layers: layers, by: .layer).map(\.kind))
        XCTAssertEqual(kinds, Set(DiagramElement.Kind.allCases))
        for grouping in DiagramGrouping.allCases {
            let layout = DiagramLayout(name: "alexnet-ish", elements: DiagramElement.elements(input: TensorShape([1, 3, 224, 224]),
                                                                                              layers: layers, by: grouping),
                                       subtitle: "a layer list", caption: ["totals"], grouping: grouping)
            let svg = DiagramSVG.render(layout)
            try checkStructure(svg, boxes: Self.expectedBoxes(layers, by: grouping), "layer list \(grouping)")
            XCTAssertTrue(svg.contains(">conv11-96/4<"), "strided conv named with its stride")
            if grouping == .layer { XCTAssertTrue(svg.contains(">LRN 5<") && svg.contains(">maxpool 3/2<")) }
            XCTAssertTrue(svg.contains(">features</text>") || svg.contains(">ft</text>"), "a layer outside the blocks is not called head")
        }
    }

    func testBoxesFollowResolutionAndChannels() throws {
        let layout = DiagramLayout(try summary("vgg16"))
        let convs = layout.boxes.filter { $0.element.kind == .conv }
        // Height falls with each pool, thickness grows with channels.
        for (a, b) in zip(convs, convs.dropFirst()) {
            XCTAssertGreaterThanOrEqual(a.front.height, b.front.height)
            if a.element.shape.channels < b.element.shape.channels { XCTAssertLessThan(a.front.width, b.front.width) }
        }
        XCTAssertTrue(layout.caption.joined().contains("138,357,544"))
        XCTAssertTrue(layout.caption.joined().contains("torchinfo mult-adds"))
        XCTAssertTrue(layout.caption.joined().contains("FLOPs = 2 x MACs"))
    }

    // MARK: helpers

    static func layerList(_ ops: [(LayerOp, Section, Int?)], input: TensorShape) -> [LayerFacts] {
        var shape = input
        var facts: [LayerFacts] = []
        for (i, (op, section, block)) in ops.enumerated() {
            let n = shape.dims[0]
            let before = shape
            switch op {
            case let .conv2d(_, cout, k, s, p):
                shape = TensorShape([n, cout, (shape.height + 2 * p - k) / s + 1, (shape.width + 2 * p - k) / s + 1])
            case let .maxPool2d(k, s):
                shape = TensorShape([n, shape.channels, (shape.height - k) / s + 1, (shape.width - k) / s + 1])
            case let .adaptiveAvgPool2d(h, w): shape = TensorShape([n, shape.channels, h, w])
            case .flatten: shape = TensorShape([n, shape.channels * shape.height * shape.width])
            case let .linear(_, out): shape = TensorShape([n, out])
            case .relu, .dropout, .batchNorm2d, .localResponseNorm: break
            }
            facts.append(LayerFacts(layer: PlannedLayer(name: "l\(i)", op: op, section: section, block: block),
                                    inputShape: before, outputShape: shape, params: 1, macs: 1, flops: 2,
                                    activationBytes: 4, receptiveField: 1, jump: 1))
        }
        return facts
    }

    struct Text {
        var string: String
        var extent: DiagramRect
        var region: DiagramRect
    }

    /// Parses the SVG and checks it as the person pasting it would see it.
    func checkStructure(_ svg: String, boxes expected: Int, _ what: String, file: StaticString = #filePath,
                        line: UInt = #line) throws {
        let doc = try XMLDocument(data: Data(svg.utf8), options: [])
        let root = try XCTUnwrap(doc.rootElement(), what)
        XCTAssertEqual(root.name, "svg", what)
        let width = try XCTUnwrap(Double(Self.attr(root, "width") ?? ""))
        let height = try XCTUnwrap(Double(Self.attr(root, "height") ?? ""))
        let canvas = DiagramRect(x: 0, y: 0, width: width, height: height)
        let boxes = try root.nodes(forXPath: "//*[local-name()='g'][@class='box']")
        XCTAssertEqual(boxes.count, expected, "\(what): one box per drawn layer", file: file, line: line)
        for case let box as XMLElement in boxes {
            let rect = try XCTUnwrap(box.elements(forName: "rect").first, what)
            let r = try Self.rect(rect, "x", "y", "width", "height")
            XCTAssertTrue(canvas.contains(r), "\(what): box \(r) outside the canvas", file: file, line: line)
        }
        let metrics = FontMetrics.standard
        var texts: [Text] = []
        for case let node as XMLElement in try root.nodes(forXPath: "//*[local-name()='text']") {
            let string = node.stringValue ?? ""
            let x = try XCTUnwrap(Double(Self.attr(node, "x") ?? ""))
            let y = try XCTUnwrap(Double(Self.attr(node, "y") ?? ""))
            let size = try XCTUnwrap(Double(Self.attr(node, "font-size") ?? ""))
            let anchor = DiagramText.Anchor(rawValue: Self.attr(node, "text-anchor") ?? "start") ?? .start
            let transform = Self.attr(node, "transform")
            if let transform { XCTAssertEqual(transform, "rotate(-90 \(DiagramSVG.n(x)) \(DiagramSVG.n(y)))", what) }
            let placed = DiagramText(text: string, x: x, y: y, size: size, anchor: anchor, rotated: transform != nil,
                                     bold: false, muted: false, role: .label, region: canvas)
            let fit = (Self.attr(node, "data-fit") ?? "").split(separator: " ").compactMap { Double($0) }
            XCTAssertEqual(fit.count, 4, "\(what): '\(string)' has no region", file: file, line: line)
            guard fit.count == 4 else { continue }
            XCTAssertGreaterThanOrEqual(size, 9, "\(what): '\(string)' shrunk below 9 px", file: file, line: line)
            texts.append(Text(string: string, extent: placed.extent(metrics),
                              region: DiagramRect(x: fit[0], y: fit[1], width: fit[2], height: fit[3])))
        }
        XCTAssertGreaterThan(texts.count, expected, what)
        for t in texts {
            XCTAssertTrue(t.region.contains(t.extent), "\(what): '\(t.string)' \(t.extent) leaves its box \(t.region)",
                          file: file, line: line)
            XCTAssertTrue(canvas.contains(t.extent), "\(what): '\(t.string)' leaves the canvas", file: file, line: line)
        }
        for (i, a) in texts.enumerated() {
            for b in texts[(i + 1)...] where a.extent.intersects(b.extent) {
                XCTFail("\(what): '\(a.string)' \(a.extent) overlaps '\(b.string)' \(b.extent)", file: file, line: line)
            }
        }
    }

    /// Attribute by name (`attribute(forName:)` misses them on Linux under a default namespace).
    static func attr(_ e: XMLElement, _ name: String) -> String? {
        e.attributes?.first { $0.name == name }?.stringValue
    }

    static func rect(_ e: XMLElement, _ keys: String...) throws -> DiagramRect {
        let v = try keys.map { try XCTUnwrap(Double(Self.attr(e, $0) ?? ""), $0) }
        return DiagramRect(x: v[0], y: v[1], width: v[2], height: v[3])
    }
}
