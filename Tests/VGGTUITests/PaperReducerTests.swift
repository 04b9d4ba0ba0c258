import VGGCore
import XCTest
@testable import VGGTUI

/// `w` (stack against one big kernel), layer-list presets, and AlexNet in the compare view.
final class PaperReducerTests: XCTestCase {
    func render(_ s: AppState) -> String { Renderer.render(s).buffer.text }

    func state(_ preset: String, width: Int = 100, height: Int = 30) -> AppState {
        try! AppState(spec: Presets.named(preset)!, origin: .preset(preset), width: width, height: height)
    }

    func testWTradesAStackForOneKernelAndBack() throws {
        var s = state("vgg16")
        press(&s, .down, .down)
        press(&s, .char("w"))
        XCTAssertEqual(Notation.blockText(s.spec.blocks[2]), "1x256k7")
        let expected = 138_357_544 - ((128 * 256 * 9 + 256) + 2 * (256 * 256 * 9 + 256)) + (128 * 256 * 49 + 256)
        XCTAssertEqual(s.summary.totals.params, expected, "every total moves with the block")
        XCTAssertTrue(s.message?.text.hasPrefix("block 3 → 1x256k7 (field 7): params 1.48 M→1.61 M") == true, s.message?.text ?? "")
        press(&s, .char("w"))
        XCTAssertEqual(s.spec, Presets.named("vgg16"))
        press(&s, .char("w"), .char("u"))
        XCTAssertEqual(s.spec, Presets.named("vgg16"), "undo restores the stack")
    }

    func testWRestoresAMixedBlockExactly() {
        var s = state("vgg-c")
        press(&s, .down, .down, .char("w"))
        XCTAssertEqual(Notation.blockText(s.spec.blocks[2]), "1x256k5")
        XCTAssertTrue(s.message?.text.contains("ReLUs 3→1") == true)
        press(&s, .char("w"))
        XCTAssertEqual(Notation.blockText(s.spec.blocks[2]), "2x256+1x256k1")
        XCTAssertFalse(s.isModified)
    }

    func testWOnASingleThreeByThreeSaysThereIsNothingToTrade() {
        var s = vgg11State()
        press(&s, .char("w"))
        XCTAssertEqual(s.spec, .vgg11)
        XCTAssertTrue(s.message?.text.contains("nothing to trade") == true)
    }

    func testLayerListRefusesBlockEditsAndSaysWhatCan() {
        var s = state("alexnet")
        let original = s.spec
        for key in [Key.char("+"), .char("-"), .char(">"), .char("<"), .enter, .char("a"), .char("d"), .char("w"),
                    .char("f"), .char("b"), .char("t")] {
            press(&s, key)
            XCTAssertNil(s.modal, "\(key)")
            XCTAssertEqual(s.spec, original, "\(key)")
            XCTAssertEqual(s.message?.text, "alexnet is a layer list: i edits its input, n its classes; blocks need a VGG (p)")
            XCTAssertEqual(s.message?.isError, true)
        }
        press(&s, .char("n"))
        typeIntoPrompt(&s, "10")
        press(&s, .enter)
        XCTAssertEqual(s.summary.outputShape.dims, [1, 10])
        press(&s, .char("i"))
        typeIntoPrompt(&s, "3x32x32")
        press(&s, .enter)
        XCTAssertEqual(s.specError?.message, "features.12 (maxpool k3 s2): input map 1x1 is smaller than the 3x3 window; "
                       + "use a larger input; the input must be at least 63x63")
        XCTAssertEqual(s.specError?.layerIndex, 12)
        press(&s, .char("u"))
        XCTAssertNil(s.specError)
    }

    func testCompareAddsAlexNet() {
        var s = vgg11State()
        press(&s, .char("c"))
        XCTAssertEqual(CompareView.models(s).map(\.name), ["vgg11", "vgg13", "vgg16", "vgg19", "yours"])
        press(&s, .char("a"))
        XCTAssertEqual(s.screen, .compare)
        XCTAssertEqual(CompareView.models(s).map(\.name), ["vgg11", "vgg13", "vgg16", "vgg19", "alexnet", "yours"])
        XCTAssertEqual(s.spec, .vgg11, "a in compare adds a column, not a block")
        let effects = press(&s, .char("R"))
        XCTAssertEqual(effects.count, 1)
        XCTAssertEqual(s.runQueue.map(\.spec.name), ["vgg13", "vgg16", "vgg19", "alexnet"])
        press(&s, .escape, .escape, .char("A"))
        XCTAssertFalse(s.compareAlexNet)
    }

    func testLayerListScreens() {
        var s = state("alexnet", width: 80, height: 24)
        let screen = render(s)
        XCTAssertTrue(screen.contains("Layer list"), screen)
        XCTAssertTrue(screen.contains("conv 64 k11 s4 p2 64x55x55"), screen)
        XCTAssertTrue(screen.contains("classes 1000  (n)"), screen)
        s = state("vgg-c", width: 120, height: 40)
        XCTAssertTrue(render(s).contains("2x256+1x256k1 → 256x28x28"), render(s))
    }
}

extension PaperReducerTests {
    func testASwapThatDoesNotFitCanBeSwappedBack() throws {
        var spec = Presets.named("vgg19")!
        spec.input = InputShape(channels: 3, height: 32, width: 32)
        var s = try AppState(spec: spec, origin: .preset("vgg19"))
        press(&s, .down, .down, .char("w"))
        XCTAssertEqual(s.specError?.message, "block 3 conv 1 (features.10): kernel 9x9 is larger than its 8x8 input map; "
                       + "use a smaller kernel (3x3 works at any size) or a larger input")
        XCTAssertEqual(s.errorBlock, 2)
        press(&s, .char("w"))
        XCTAssertNil(s.specError)
        XCTAssertEqual(s.spec, spec)
        XCTAssertEqual(s.message?.text, "block 3 → 4x256")
    }
}
