import Foundation
import VGGCore
import VGGTestSupport
import XCTest

/// SummaryDelta, BlockSummary, TrainingCost and OutputPaths: the core behind the explorer's lessons.
final class LearnerCoreTests: XCTestCase {
    /// d2l's exercise: VGG-11 with channels / 4, resized 224 -> 96. Only the classifier's first Linear
    /// changes params: 128*7*7 = 6272 inputs become 128*3*3 = 1152.
    func testDeltaOfAResizeNamesTheClassifier() throws {
        var spec = Presets.named("d2l-vgg11")!
        spec.blocks = spec.blocks.map { Block(convs: $0.convs, channels: $0.channels / 4) }
        let before = try ModelSummary(spec: spec)
        spec.input = InputShape(batch: 1, channels: 1, height: 96, width: 96)
        let after = try ModelSummary(spec: spec)
        let delta = SummaryDelta(from: before, to: after)
        let fcBefore = 6272 * 4096 + 4096, fcAfter = 1152 * 4096 + 4096
        XCTAssertEqual(delta.paramsDelta, fcAfter - fcBefore)
        XCTAssertEqual(delta.paramsBefore, 43_093_322)
        XCTAssertEqual(delta.largest(.params)?.change.name, "classifier.0")
        XCTAssertEqual(delta.largest(.params)?.share, 1.0)
        XCTAssertEqual(delta.text(.params), "params 43.09 M → 22.12 M (−20.97 M, 100% in classifier.0)")
        XCTAssertTrue(delta.text(.macs).hasPrefix("MACs 514.0 M → 108.1 M (−405.9 M, "), delta.text(.macs))
        // Every conv's output shrank, so every feature layer and the flatten changed.
        XCTAssertTrue(delta.changedNames.contains("features.0"))
        XCTAssertTrue(delta.changedNames.contains("flatten"))
        // The later Linear keeps its params and MACs; only what it sees (RF after Flatten) moved.
        XCTAssertEqual(delta.changes.first { $0.name == "classifier.3" }?.paramsDelta, 0)
        // Reversed, the sign flips.
        XCTAssertEqual(SummaryDelta(from: after, to: before).text(.params), "params 22.12 M → 43.09 M (+20.97 M, 100% in classifier.0)")
    }

    /// A change too small for human units (132.9 M both sides) is shown in exact counts.
    func testSmallChangeUsesExactCounts() throws {
        var spec = VGGSpec.vgg11
        let a = try ModelSummary(spec: spec)
        spec.blocks[0].convs = 2
        let d = SummaryDelta(from: a, to: try ModelSummary(spec: spec))
        XCTAssertEqual(d.text(.params), "params 132,863,336 → 132,900,264 (+36,928, 100% in features.2, added)")
        // The new conv and its ReLU are added; the later layers only see further (features.N renumber, matched by place).
        XCTAssertEqual(d.changes.filter { $0.kind == .added }.map(\.name), ["features.2", "features.3"])
        XCTAssertTrue(d.changes.allSatisfy { $0.kind == .added || $0.paramsDelta == 0 && $0.macsDelta == 0 })
    }

    func testNoChangeSaysUnchanged() throws {
        let s = try ModelSummary(spec: .vgg11)
        let d = SummaryDelta(from: s, to: s)
        XCTAssertTrue(d.isEmpty)
        XCTAssertEqual(d.text(.params), "params 132.9 M (unchanged)")
    }

    /// Per-layer changes (added and removed layers included) add up to the change of the totals,
    /// for random pairs of networks.
    func testLayerChangesSumToTheTotalChange() throws {
        var rng = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        var g = SplitMix64(seed: seed)
        func random() -> VGGSpec {
            let blocks = (0..<Int(g.next() % 5 + 1)).map { _ in Block(convs: Int(g.next() % 3 + 1), channels: Int(g.next() % 64 + 1)) }
            return VGGSpec(name: "r", input: InputShape(channels: 3, height: 64, width: 64), blocks: blocks,
                           batchNorm: g.next() % 2 == 0, head: g.next() % 2 == 0 ? .avgpool7 : .flatten,
                           classifier: g.next() % 2 == 0 ? [32] : [], classes: 10)
        }
        for _ in 0..<50 {
            let a = try ModelSummary(spec: random()), b = try ModelSummary(spec: random())
            let d = SummaryDelta(from: a, to: b)
            XCTAssertEqual(d.changes.reduce(0) { $0 + $1.paramsDelta }, d.paramsDelta, "seed \(seed)")
            XCTAssertEqual(d.changes.reduce(0) { $0 + $1.macsDelta }, d.macsDelta, "seed \(seed)")
            let added = d.changes.count { $0.kind == .added }, removed = d.changes.count { $0.kind == .removed }
            XCTAssertEqual(added - removed, b.layers.count - a.layers.count, "added/removed layers count, seed \(seed)")
        }
    }

    func testDeletingABlockReportsRemovedLayers() throws {
        var spec = VGGSpec.vgg11
        let a = try ModelSummary(spec: spec)
        spec.blocks.removeLast()
        let d = SummaryDelta(from: a, to: try ModelSummary(spec: spec))
        let removed = d.changes.filter { $0.kind == .removed }.map(\.name)
        XCTAssertEqual(removed, ["features.16", "features.17", "features.18", "features.19", "features.20"])
    }

    /// d2l's `layer_summary` for its VGG-11 on a 1x1x224x224 input prints these shapes.
    func testBlockSummaryMatchesD2L() throws {
        let s = try ModelSummary(spec: Presets.named("d2l-vgg11")!)
        let rows = BlockSummary(s).rows
        let expected: [(String, [Int])] = [
            ("Sequential", [1, 64, 112, 112]), ("Sequential", [1, 128, 56, 56]), ("Sequential", [1, 256, 28, 28]),
            ("Sequential", [1, 512, 14, 14]), ("Sequential", [1, 512, 7, 7]), ("Flatten", [1, 25088]),
            ("Linear", [1, 4096]), ("ReLU", [1, 4096]), ("Dropout", [1, 4096]), ("Linear", [1, 4096]),
            ("ReLU", [1, 4096]), ("Dropout", [1, 4096]), ("Linear", [1, 10]),
        ]
        XCTAssertEqual(rows.map(\.kind), expected.map(\.0))
        XCTAssertEqual(rows.map(\.outputShape.dims), expected.map(\.1))
        XCTAssertEqual(rows.prefix(5).map(\.convs), [1, 1, 2, 2, 2])
        XCTAssertEqual(rows.prefix(5).map(\.receptiveField), [4, 10, 30, 70, 150])
        // Block 3: two 3x3 convs, 128->256 and 256->256.
        XCTAssertEqual(rows[2].params, (128 * 9 * 256 + 256) + (256 * 9 * 256 + 256))
        for name in Presets.names {
            let p = try ModelSummary(spec: Presets.load(name))
            let b = BlockSummary(p).rows
            XCTAssertEqual(b.reduce(0) { $0 + $1.params }, p.totals.params, name)
            XCTAssertEqual(b.reduce(0) { $0 + $1.macs }, p.totals.macs, name)
            XCTAssertEqual(b.flatMap(\.layers), p.layers.map(\.name), name)
            for tool in CountingTool.allCases {
                XCTAssertEqual(b.reduce(0) { $0 + $1.counts[tool] }, p.total(tool), "\(name) \(tool)")
            }
        }
        let md = SummaryReport.markdown(s)
        let blocks = try XCTUnwrap(md.range(of: "## Blocks")), layers = try XCTUnwrap(md.range(of: "## Layers"))
        XCTAssertLessThan(blocks.lowerBound, layers.lowerBound, "the export opens with the block view")
        XCTAssertTrue(md.contains("| block 1 | Sequential | 1 | 1x64x112x112 | 640 |"), md)
    }

    /// A tiny net worked by hand: input 2x1x4x4, one block of one 3x3 conv to 2 channels, flatten,
    /// one Linear 8 -> 3.
    func testTrainingCostOfATinyNetByHand() throws {
        let spec = VGGSpec(name: "tiny", input: InputShape(batch: 2, channels: 1, height: 4, width: 4),
                           blocks: [Block(convs: 1, channels: 2)], head: .flatten, classifier: [], classes: 3)
        let s = try ModelSummary(spec: spec)
        // conv: (2*1*9 + 2) = 20 params, x 2 batch x 16 positions = 640 MACs; linear 8*3+3 = 27, x 2 = 54.
        let convMACs = 20 * 2 * 16, linearMACs = 27 * 2
        let paramBytes = (20 + 27) * 4
        // Kept for backward: conv input 2*1*4*4, ReLU input 2*2*4*4, MaxPool input 2*2*4*4, Linear input 2*8.
        let saved = (32 + 64 + 64 + 16) * 4
        for (optimizer, state) in [(TrainingCost.Optimizer.sgd, 0), (.momentum, 1), (.adam, 2)] {
            let c = try TrainingCost(s, optimizer: optimizer)
            XCTAssertEqual(c.forwardMACs, convMACs + linearMACs)
            XCTAssertEqual(c.backwardMACs, 2 * (convMACs + linearMACs))
            XCTAssertEqual(c.stepMACs, 3 * (convMACs + linearMACs))
            XCTAssertEqual(c.weightBytes, paramBytes)
            XCTAssertEqual(c.gradientBytes, paramBytes)
            XCTAssertEqual(c.optimizerBytes, state * paramBytes)
            XCTAssertEqual(c.savedActivationBytes, saved)
            XCTAssertEqual(c.stepBytes, (2 + state) * paramBytes + saved, optimizer.rawValue)
        }
        XCTAssertEqual(TrainingCost.defaultOptimizer, .adam)
        let json = SummaryReport.json(s, optimizer: .momentum)
        XCTAssertEqual(json["training"]?["optimizer_bytes"], .int(paramBytes))
    }

    /// BatchNorm and avgpool7 change what is kept: BN keeps its input, the adaptive pool keeps nothing.
    func testTrainingCostCountsBatchNormAndSkipsTheAdaptivePool() throws {
        let spec = VGGSpec(name: "bn", input: InputShape(batch: 1, channels: 3, height: 14, width: 14),
                           blocks: [Block(convs: 1, channels: 4)], batchNorm: true, head: .avgpool7, classifier: [], classes: 2)
        let s = try ModelSummary(spec: spec)
        var expected = 0
        for f in s.layers {
            switch f.layer.op {
            case .conv2d, .batchNorm2d, .relu, .maxPool2d, .linear: expected += f.inputShape.elements * 4
            default: break
            }
        }
        // conv 3x14x14, bn 4x14x14, relu 4x14x14, pool 4x14x14, linear 4*7*7.
        XCTAssertEqual(expected, (588 + 784 * 3 + 196) * 4)
        XCTAssertEqual(try TrainingCost(s).savedActivationBytes, expected)
    }

    /// Properties only (the `harden` branch owns the exact mapping): a stem is one visible, non-hidden path component.
    func testFileStemStripsSeparatorsControlsAndLeadingDots() {
        XCTAssertEqual(OutputPaths.fileStem("vgg11-custom"), "vgg11-custom")
        for name in ["../etc/passwd", "a\u{1b}[31mb", "...", "", "/", "x/y\\z", ".hidden", "tab\tname\n"] {
            let stem = OutputPaths.fileStem(name)
            XCTAssertFalse(stem.isEmpty, name)
            XCTAssertFalse(stem.contains("/"), name)
            XCTAssertFalse(stem.hasPrefix("."), name)
            XCTAssertFalse(stem.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, name)
        }
    }
}
