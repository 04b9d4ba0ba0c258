import VGGCore
import VGGTestSupport
import XCTest

/// Invariants over random valid specs (seeded; the seed is in every failure message).
final class PropertyTests: XCTestCase {
    static func randomSpec(_ rng: inout SplitMix64) -> VGGSpec {
        let blockCount = rng.int(1...5)
        let blocks = (0..<blockCount).map { _ in Block(convs: rng.int(1...4), channels: rng.int(1...96)) }
        let minimum = 1 << blockCount
        return VGGSpec(
            name: "random",
            input: InputShape(batch: rng.int(1...3), channels: rng.int(1...4),
                              height: rng.int(minimum...minimum * 5 + 3), width: rng.int(minimum...minimum * 5 + 3)),
            blocks: blocks, batchNorm: rng.bool(), head: rng.bool() ? .avgpool7 : .flatten,
            classifier: (0..<rng.int(0...3)).map { _ in rng.int(1...300) }, dropout: 0.5, classes: rng.int(1...50))
    }

    func testTotalsAreTheSumOfRows() throws {
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(seed: seed)
            let spec = Self.randomSpec(&rng)
            let s = try XCTUnwrap(ModelSummary.of(spec), "seed \(seed)")
            XCTAssertEqual(s.totals.params, s.layers.reduce(0) { $0 + $1.params }, "seed \(seed)")
            XCTAssertEqual(s.totals.macs, s.layers.reduce(0) { $0 + $1.macs }, "seed \(seed)")
            XCTAssertEqual(s.totals.flops, s.layers.reduce(0) { $0 + $1.flops }, "seed \(seed)")
            XCTAssertEqual(s.totals.activationBytes, s.layers.reduce(0) { $0 + $1.activationBytes }, "seed \(seed)")
            XCTAssertEqual(s.split.convParams + s.split.classifierParams, s.totals.params, "seed \(seed)")
            XCTAssertEqual(s.split.convMACs + s.split.classifierMACs, s.totals.macs, "seed \(seed)")
            XCTAssertEqual(s.totals.paramBytes, 4 * s.totals.params, "seed \(seed)")
        }
    }

    func testShapesFollowTheFloorRule() throws {
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(seed: seed)
            let spec = Self.randomSpec(&rng)
            let s = try XCTUnwrap(ModelSummary.of(spec), "seed \(seed)")
            var h = spec.input.height, w = spec.input.width
            for (b, block) in spec.blocks.enumerated() {
                h /= 2
                w /= 2
                XCTAssertEqual(s.blockOutput(b)?.dims, [spec.input.batch, block.channels, h, w], "seed \(seed) block \(b + 1)")
            }
            let last = spec.blocks.last!.channels
            let features = spec.head == .avgpool7 ? last * 49 : last * h * w
            let flatten = try XCTUnwrap(s.layers.first { $0.kindName == "Flatten" })
            XCTAssertEqual(flatten.outputShape.dims, [spec.input.batch, features], "seed \(seed)")
            XCTAssertEqual(s.outputShape.dims, [spec.input.batch, spec.classes], "seed \(seed)")
            // Every layer consumes what the previous one produced.
            for (a, b) in zip(s.layers, s.layers.dropFirst()) {
                XCTAssertEqual(a.outputShape, b.inputShape, "seed \(seed) \(b.name)")
            }
        }
    }

    func testParamsDoNotDependOnInputSizeUnderAvgpool7() throws {
        for seed in UInt64(1)...100 {
            var rng = SplitMix64(seed: seed)
            var spec = Self.randomSpec(&rng)
            spec.head = .avgpool7
            let a = try XCTUnwrap(ModelSummary.of(spec), "seed \(seed)")
            spec.input.height += rng.int(1...40)
            spec.input.width += rng.int(0...40)
            spec.input.batch += 1
            let b = try XCTUnwrap(ModelSummary.of(spec), "seed \(seed)")
            XCTAssertEqual(a.totals.params, b.totals.params, "seed \(seed)")
            XCTAssertEqual(a.layers.map(\.params), b.layers.map(\.params), "seed \(seed)")
        }
    }

    func testMACsScaleWithBatch() throws {
        for seed in UInt64(1)...50 {
            var rng = SplitMix64(seed: seed)
            var spec = Self.randomSpec(&rng)
            spec.input.batch = 1
            let one = try XCTUnwrap(ModelSummary.of(spec))
            spec.input.batch = 3
            let three = try XCTUnwrap(ModelSummary.of(spec))
            XCTAssertEqual(three.totals.macs, 3 * one.totals.macs, "seed \(seed)")
            XCTAssertEqual(three.totals.params, one.totals.params, "seed \(seed)")
        }
    }

    func testNamesFollowTorchvisionIndexing() throws {
        for seed in UInt64(1)...50 {
            var rng = SplitMix64(seed: seed)
            let spec = Self.randomSpec(&rng)
            let s = try XCTUnwrap(ModelSummary.of(spec))
            let features = s.layers.filter { $0.layer.section == .features }
            XCTAssertEqual(features.map(\.name), features.indices.map { "features.\($0)" }, "seed \(seed)")
            let classifier = s.layers.filter { $0.layer.section == .classifier }
            XCTAssertEqual(classifier.map(\.name), classifier.indices.map { "classifier.\($0)" }, "seed \(seed)")
            XCTAssertEqual(classifier.count, 3 * spec.classifier.count + 1, "seed \(seed)")
            let perConv = spec.batchNorm ? 3 : 2
            XCTAssertEqual(features.count, spec.blocks.reduce(0) { $0 + $1.convs * perConv + 1 }, "seed \(seed)")
        }
    }

    func testPresetJSONRoundTrips() throws {
        for seed in UInt64(1)...50 {
            var rng = SplitMix64(seed: seed)
            var spec = Self.randomSpec(&rng)
            spec.name = "round-trip \(seed)"
            let back = try VGGSpec(json: Data(spec.jsonText.utf8), source: "mem", defaultName: "x")
            XCTAssertEqual(back, spec, "seed \(seed)")
        }
    }

    func testOddAndNonSquareInputs() throws {
        // 225x301 through five pools: 112x150, 56x75, 28x37, 14x18, 7x9.
        var spec = try Presets.load("vgg11")
        spec.input = InputShape(channels: 3, height: 225, width: 301)
        spec.head = .flatten
        let s = try ModelSummary(spec: spec)
        XCTAssertEqual(s.blockOutput(4)?.dims, [1, 512, 7, 9])
        XCTAssertEqual(s.layers.first { $0.kindName == "Linear" }?.params, 512 * 7 * 9 * 4096 + 4096)
    }

    func testAdaptivePoolOnSmallerMapsUpsamples() throws {
        // 32x32 through 5 blocks leaves 1x1; AdaptiveAvgPool2d((7,7)) still yields 7x7 (PyTorch's bins).
        var spec = try Presets.load("vgg11")
        spec.input = InputShape(channels: 3, height: 32, width: 32)
        let s = try ModelSummary(spec: spec)
        XCTAssertEqual(s.layers.first { $0.name == "avgpool" }?.outputShape.dims, [1, 512, 7, 7])
        XCTAssertEqual(s.totals.params, 132_863_336)
    }
}

import Foundation
