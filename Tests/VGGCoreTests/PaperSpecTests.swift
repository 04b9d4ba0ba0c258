import Foundation
import VGGCore
import VGGTestSupport
import XCTest

/// Mixed blocks, LRN, layer lists: their notation, JSON, validation and lowering.
final class PaperSpecTests: XCTestCase {
    func error(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            try body()
            XCTFail("expected an error", file: file, line: line)
        } catch let e as SpecError {
            return e.message
        } catch {
            XCTFail("expected a SpecError, got \(error)", file: file, line: line)
        }
        return nil
    }

    // MARK: Block

    func testConvsAndChannelsKeepTheirMeaning() {
        var b = try! Notation.block("1x64+lrn")
        XCTAssertEqual(b.convs, 1)
        b.convs += 1
        XCTAssertEqual(Notation.blockText(b), "1x64+lrn+1x64", "new 3x3 convs go at the end; the LRN stays")
        b.channels = 128
        XCTAssertEqual(Notation.blockText(b), "1x128+lrn+1x128")
        b.convs = 0
        XCTAssertEqual(b.convs, 0)
        b.convs = 2
        XCTAssertEqual(b.kernels, [3, 3])
        XCTAssertEqual(b.channels, 128, "the width survives a block emptied of convs")
        XCTAssertEqual(Block(convs: 3, channels: 256).layers, Array(repeating: .conv(kernel: 3, channels: 256), count: 3))
        XCTAssertTrue(Block(convs: 2, channels: 8).isPlain)
        XCTAssertFalse(try Notation.block("2x8+1x8k1").isPlain)
    }

    func testCountsNoListCanHoldAreNamedByValidation() {
        func message(_ block: Block) -> String? {
            error { _ = try ModelSummary(spec: VGGSpec(blocks: [block])) }
        }
        XCTAssertEqual(message(Block(convs: -1, channels: 64)), "block 1: needs at least 1 convolution, got -1")
        XCTAssertEqual(message(Block(convs: 1 << 40, channels: 64)), "block 1: at most 256 convolutions per block, got \(1 << 40)")
        XCTAssertEqual(message(try! Notation.block("0x64")), "block 1: needs at least 1 convolution, got 0")
        XCTAssertEqual(message(try! Notation.block("lrn")), "block 1: needs at least 1 convolution, got 0")
        var b = Block(convs: -1, channels: 64)
        b.convs += 2
        XCTAssertEqual(b, Block(convs: 1, channels: 64))
    }

    // MARK: notation

    func testBlockNotationRoundTripsOnRandomBlocks() throws {
        var rng = SplitMix64(seed: 13)
        for trial in 0..<300 {
            var layers: [BlockLayer] = []
            for _ in 0..<rng.int(1...6) {
                if rng.int(0...4) == 0 {
                    var l = LRN.paper
                    if rng.bool() { l.size = rng.int(1...9) }
                    if rng.bool() { (l.alpha, l.beta, l.k) = (0.001, 0.5, 1.0) }
                    layers.append(.lrn(l))
                } else {
                    layers.append(.conv(kernel: [1, 3, 5, 7][rng.int(0...3)], channels: [8, 64, 256][rng.int(0...2)]))
                }
            }
            let block = Block(layers: layers)
            let text = Notation.blockText(block)
            XCTAssertEqual(try Notation.block(text).layers, block.layers, "seed 13 trial \(trial): \(text)")
        }
        XCTAssertEqual(try Notation.blocks("2x64,2x128,2x256+1x256k1").map(Notation.blockText), ["2x64", "2x128", "2x256+1x256k1"])
        XCTAssertEqual(try Notation.block(" 1X64 + LRN ").layers, [.conv(kernel: 3, channels: 64), .lrn(.paper)])
        XCTAssertEqual(try Notation.block("1x64+lrn3").layers.last, .lrn(LRN(size: 3)))
    }

    func testNotationErrorsNameTheBlockAndTheForm() {
        XCTAssertEqual(error { _ = try Notation.blocks("1x64,2x128+1x128q1") },
                       "malformed blocks '1x64,2x128+1x128q1': block 2 '2x128+1x128q1': malformed block '2x128+1x128q1': "
                       + "group '1x128q1': expected \(Notation.blockForms), e.g. 3x256 or 2x256+1x256k1; expected "
                       + "comma-separated blocks like 1x64,1x128,2x256,2x512,2x512 or 2x256+1x256k1")
        XCTAssertTrue(error { _ = try Notation.block("1x64+lrnx") }?.contains("malformed LRN 'lrnx'") == true)
        XCTAssertTrue(error { _ = try Notation.block("2x64+") }?.contains("group ''") == true)
        XCTAssertTrue(error { _ = try Notation.block("200x64+200x64") }?.contains("at most 256 convolutions") == true)
        XCTAssertEqual(error { _ = try ModelSummary(spec: VGGSpec(blocks: [try Notation.block("1x64k4")])) },
                       "block 1 conv 1: kernel 4 must be odd and positive (1, 3, 5, 7, ...), so that padding k/2 keeps "
                       + "the map size; write e.g. 1x64k5")
    }

    func testLayerNotationRoundTrips() throws {
        let layers: [SpecLayer] = [
            .conv(channels: 96, kernel: 11, stride: 4, padding: 1), .conv(channels: 8, kernel: 3, stride: 1, padding: 0),
            .batchNorm, .relu, .maxPool(kernel: 3, stride: 2), .maxPool(kernel: 2, stride: 2), .lrn(.paper),
            .lrn(LRN(size: 3, alpha: 0.001, beta: 0.5, k: 1)), .adaptiveAvgPool(height: 6, width: 5), .flatten,
            .dropout(0.25), .linear(4096),
        ]
        for layer in layers {
            XCTAssertEqual(try Notation.layer(Notation.layerText(layer)), layer, Notation.layerText(layer))
        }
        XCTAssertEqual(try Notation.layer("maxpool k2"), .maxPool(kernel: 2, stride: 2), "stride defaults to the kernel")
        XCTAssertEqual(try Notation.layer("avgpool 6"), .adaptiveAvgPool(height: 6, width: 6))
        XCTAssertEqual(try Notation.layer("lrn 5"), .lrn(.paper))
        XCTAssertEqual(error { _ = try Notation.layer("conv 64 s2") },
                       "malformed layer 'conv 64 s2': expected conv C kK [sS] [pP], like conv 64 k3 p1")
        XCTAssertEqual(error { _ = try Notation.layers("relu, softmax") },
                       "layer 2: unknown layer 'softmax'; expected one of: \(Notation.layerForms)")
    }

    // MARK: layer lists

    func testLayerListErrorsNameTheLayer() {
        func message(_ text: String, input: String = "3x224x224") -> String? {
            error { _ = try ModelSummary(spec: VGGSpec(name: "t", input: try Notation.input(input), layers: try Notation.layers(text))) }
        }
        XCTAssertEqual(message("conv 8 k3 s0, flatten, linear 2"), "features.0 (conv 8 k3 s0): stride must be at least 1, got 0")
        XCTAssertEqual(message("conv 8 k4, flatten, linear 2"),
                       "features.0 (conv 8 k4): kernel 4 must be odd and positive (1, 3, 5, 7, 11, ...)")
        XCTAssertEqual(message("lrn 0, flatten, linear 2"), "features.0 (lrn 0): size must be at least 1, got 0")
        XCTAssertEqual(message("maxpool k3 s0, flatten, linear 2"), "features.0 (maxpool k3 s0): stride must be at least 1, got 0")
        XCTAssertEqual(message("conv 8 k3, relu"),
                       "a layer list needs a linear layer (its last one gives the classes); add e.g. \"linear 1000\"")
        XCTAssertEqual(message("conv 8 k3, linear 2"), "features.1 (linear 2): gets a 8x222x222 map; put a flatten before it")
        XCTAssertEqual(message("flatten, conv 8 k3, linear 2"),
                       "classifier.0 (conv 8 k3): needs a feature map but gets a flat vector of 150528; move it before the flatten")
        XCTAssertEqual(message("conv 8 k11 s4, flatten, linear 2", input: "3x8x8"),
                       "features.0 (conv 8 k11 s4): kernel 11x11 is larger than its 8x8 input map; use a smaller kernel "
                       + "or a larger input; the input must be at least 11x11")
        var alex = Presets.named("alexnet")!
        alex.input = InputShape(channels: 3, height: 62, width: 62)
        XCTAssertEqual(error { _ = try ModelSummary(spec: alex) },
                       "features.12 (maxpool k3 s2): input map 2x2 is smaller than the 3x3 window; use a larger input; "
                       + "the input must be at least 63x63", "torchvision documents AlexNet's min_size as 63x63")
        alex.input = InputShape(channels: 3, height: 63, width: 63)
        XCTAssertNotNil(try? ModelSummary(spec: alex))
    }

    func testLayerListNamesDepthAndClasses() throws {
        let alex = try ModelSummary(spec: Presets.load("alexnet"))
        XCTAssertEqual(alex.layers.map(\.name).suffix(10), ["features.12", "avgpool", "flatten", "classifier.0", "classifier.1",
                                                             "classifier.2", "classifier.3", "classifier.4", "classifier.5",
                                                             "classifier.6"])
        XCTAssertEqual(alex.depth, 8)
        XCTAssertEqual(alex.receptiveFieldAtLastPool, 195)
        XCTAssertEqual(alex.layers.compactMap(\.block).max(), 2, "three stages, each ending at a max pool")
        let d2l = try ModelSummary(spec: Presets.load("d2l-alexnet"))
        XCTAssertEqual(d2l.layers.map(\.name), (0..<21).map { "net.\($0)" })
        var ten = try Presets.load("alexnet")
        ten.classes = 10
        XCTAssertEqual(try ModelSummary(spec: ten).outputShape.dims, [1, 10])
        XCTAssertEqual(try ModelSummary(spec: ten).totals.params, 61_100_840 - 4_097_000 + 40_970)
    }

    func testLayerListJSON() throws {
        var spec = try Presets.load("d2l-alexnet")
        spec.classes = 7
        let back = try VGGSpec(json: Data(spec.jsonText.utf8), source: "x.json", defaultName: "x")
        XCTAssertEqual(back, spec)
        func load(_ text: String) -> String? {
            error { _ = try VGGSpec(json: Data(text.utf8), source: "my.json", defaultName: "my") }
        }
        XCTAssertEqual(load(#"{"layers": ["flatten", "linear 2"], "blocks": [[1, 8]]}"#),
                       "my.json: field 'blocks': a preset has either blocks (with batch_norm, head, classifier, dropout) or layers, not both")
        XCTAssertEqual(load(#"{"layers": ["flatten", "linear 2"], "names": "keras"}"#),
                       "my.json: field 'names': expected \"torchvision\" or \"net\", got \"keras\"")
        XCTAssertEqual(load(#"{"layers": ["flatten", 3]}"#),
                       "my.json: field 'layers[1]': expected a layer string like \"conv 64 k3 p1\", got 3")
        XCTAssertEqual(load(#"{"layers": ["flatten", "linear 2", "conv 3"]}"#),
                       "my.json: field 'layers[2]': malformed layer 'conv 3': expected conv C kK [sS] [pP], like conv 64 k3 p1")
        let mixed = try VGGSpec(json: Data(#"{"blocks": ["1x64+lrn", [1, 128], "2x256+1x256k1"]}"#.utf8), source: "m", defaultName: "m")
        XCTAssertEqual(mixed.blocks.map(Notation.blockText), ["1x64+lrn", "1x128", "2x256+1x256k1"])
        XCTAssertTrue(mixed.jsonText.contains(#""1x64+lrn""#) && mixed.jsonText.contains("[1, 128]"))
    }

    func testLRNAndOneByOneLowering() throws {
        let s = try ModelSummary(spec: Presets.load("vgg-a-lrn"))
        XCTAssertEqual(s.layers[2].layer.op, .localResponseNorm(size: 5, alpha: 1e-4, beta: 0.75, k: 2))
        XCTAssertEqual(s.layers.prefix(4).map(\.kindName), ["Conv2d", "ReLU", "LocalResponseNorm", "MaxPool2d"])
        let c = try ModelSummary(spec: Presets.load("vgg-c"))
        XCTAssertEqual(c.layers.first { $0.name == "features.14" }?.layer.op,
                       .conv2d(inChannels: 256, outChannels: 256, kernel: 1, stride: 1, padding: 0))
        XCTAssertEqual(c.depth, 16)
        XCTAssertEqual(c.receptiveFieldAtLastPool, try ModelSummary(spec: Presets.load("vgg-b")).receptiveFieldAtLastPool,
                       "1x1 convs add depth and non-linearity, not field")
        var bn = try Presets.load("vgg-c")
        bn.batchNorm = true
        XCTAssertEqual(try ModelSummary(spec: bn).totals.params - c.totals.params, 2 * (2 * 64 + 2 * 128 + 3 * 256 + 6 * 512))
    }

    // MARK: what-if

    func testWhatIfIsTheParagraph23Arithmetic() throws {
        let vgg16 = try ModelSummary(spec: Presets.load("vgg16"))
        let w = KernelWhatIf(vgg16)
        let r = w.rows[2]  // 3 x 3x3 convs of 256, fed by 128 channels
        XCTAssertEqual(r.stack.field, 7)
        XCTAssertEqual(Notation.blockText(r.single.block), "1x256k7")
        XCTAssertEqual(r.stack.params, (128 * 256 * 9 + 256) + 2 * (256 * 256 * 9 + 256))
        XCTAssertEqual(r.single.params, 128 * 256 * 49 + 256)
        XCTAssertEqual(r.stack.relus, 3)
        XCTAssertEqual(r.single.relus, 1)
        XCTAssertEqual(r.single.macs, r.single.params.map { $0 * 56 * 56 })
        // Block 4, C = 512 in and out for two of three: the paper's 27C² against 49C².
        let r5 = w.rows[4]
        XCTAssertEqual(r5.stack.params, 3 * (512 * 512 * 9 + 512))
        XCTAssertEqual(r5.single.params, 512 * 512 * 49 + 512)
        XCTAssertTrue(r5.paramsSaved! > 0)
        // Totals: replacing every block moves the network's total by the sum of the rows.
        let moved = w.rows.reduce(0) { $0 + $1.paramsSaved! }
        XCTAssertEqual(w.allSingle?.params, vgg16.totals.params + moved)
        XCTAssertFalse(w.rows[0].stack.kernels.count == 1)
    }

    func testWhatIfOnMixedBlocksAndSmallInputs() throws {
        let c = KernelWhatIf(try ModelSummary(spec: Presets.load("vgg-c")))
        XCTAssertEqual(c.rows[2].stack.kernels, [3, 3, 1])
        XCTAssertEqual(c.rows[2].stack.field, 5)
        XCTAssertEqual(Notation.blockText(c.rows[2].single.block), "1x256k5")
        XCTAssertEqual(c.rows[2].stack.relus, 3)
        var small = try Presets.load("vgg19")
        small.input = InputShape(channels: 3, height: 32, width: 32)
        let w = KernelWhatIf(try ModelSummary(spec: small))
        XCTAssertNil(w.rows[2].single.params)
        XCTAssertEqual(w.rows[2].problem, "block 3 conv 1 (features.10): kernel 9x9 is larger than its 8x8 input map; "
                       + "use a smaller kernel (3x3 works at any size) or a larger input")
        XCTAssertNil(w.allSingle)
        XCTAssertTrue(w.text().contains("1x256k9 does not fit"))
        // Back and forth: one big kernel and its 3x3 stack; LRN stays after the first conv.
        let lrn = try Notation.block("1x64+lrn+2x64")
        XCTAssertEqual(Notation.blockText(lrn.singleKernel), "1x64k7+lrn")
        XCTAssertEqual(lrn.singleKernel.threeByThreeStack, lrn)
        XCTAssertNil(Block(convs: 1, channels: 64).threeByThreeStack)
    }

    // MARK: Table 1

    func testPaperTableDrawsTable1() throws {
        let summaries = try Presets.paperSix.map { try ModelSummary(spec: Presets.load($0)) }
        let t = try PaperTable(summaries)
        XCTAssertEqual(t.titles, ["A", "A-LRN", "B", "C", "D", "E"])
        XCTAssertTrue(t.rows.contains(.cells(["", "LRN", "conv3-64", "conv3-64", "conv3-64", "conv3-64"])))
        XCTAssertTrue(t.rows.contains(.cells(["", "", "", "conv1-256", "conv3-256", "conv3-256"])))
        XCTAssertEqual(t.rows.filter { $0 == .span("maxpool") }.count, 5)
        XCTAssertEqual(t.rows.suffix(4), [.span("FC-4096"), .span("FC-4096"), .span("FC-1000"), .span("soft-max")])
        XCTAssertEqual(t.rows.first, .cells(["11 weight", "11 weight", "13 weight", "16 weight", "16 weight", "19 weight"]))
        XCTAssertEqual(t.table2.rows[0].cells, ["in millions", "133", "133", "133", "134", "138", "144"])
        XCTAssertTrue(t.text(style: .ascii).allSatisfy(\.isASCII))
        XCTAssertEqual(error { _ = try PaperTable([try ModelSummary(spec: Presets.load("alexnet"))]) },
                       "alexnet is a layer list; the paper's tables line up VGG blocks, so compare it with the others "
                       + "without --paper (vggscope compare vgg-a alexnet)")
    }
}
