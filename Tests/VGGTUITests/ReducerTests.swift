import VGGCore
import XCTest
@testable import VGGTUI

final class ReducerTests: XCTestCase {
    func testOpensOnVGG11WithFirstBlockSelected() {
        let s = vgg11State()
        XCTAssertEqual(s.summary.totals.params, 132_863_336)
        XCTAssertEqual(s.selectedBlock, 0)
        XCTAssertEqual(s.focus, .blocks)
        XCTAssertFalse(s.isModified)
        XCTAssertNil(s.specError)
    }

    func testPlusAddsAConvolutionAndUndoRedoWalkTheHistory() {
        var s = vgg11State()
        press(&s, .char("+"))
        XCTAssertEqual(s.spec.blocks[0].convs, 2)
        XCTAssertEqual(s.summary.totals.params, 132_900_264)
        XCTAssertTrue(s.isModified)
        press(&s, .char("u"))
        XCTAssertEqual(s.summary.totals.params, 132_863_336)
        XCTAssertFalse(s.isModified, "undoing every edit returns to the saved spec")
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.summary.totals.params, 132_900_264)
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.message?.text, "nothing to redo")
    }

    func testVGG11BecomesVGG13ByKeyboard() {
        var s = vgg11State()
        press(&s, .char("+"), .char("j"), .char("+"))
        XCTAssertEqual(s.spec.blocks, Presets.named("vgg13")!.blocks)
        XCTAssertEqual(s.summary.totals.params, 133_047_848)
    }

    func testEveryEditIsUndoable() {
        var s = vgg11State()
        let start = s.spec
        let edits: [Key] = [.char("+"), .char(">"), .char("<"), .char("-"), .char("a"), .char("j"), .char("d"),
                            .char("b"), .char("t"), .down, .char(">")]
        press(&s, edits)
        XCTAssertNotEqual(s.spec, start)
        press(&s, Array(repeating: .char("u"), count: s.undoStack.count))
        XCTAssertEqual(s.spec, start)
        XCTAssertFalse(s.isModified)
        XCTAssertTrue(s.message?.text.hasPrefix("undone (0 more) · params ") == true, s.message?.text ?? "")
    }

    func testRemovingTheOnlyConvIsAnErrorOnThatBlockAndKeepsTheLastValidFigures() {
        var s = vgg11State()
        press(&s, .char("-"))
        XCTAssertEqual(s.spec.blocks[0].convs, 0)
        XCTAssertEqual(s.errorBlock, 0)
        XCTAssertEqual(s.message?.isError, true)
        XCTAssertEqual(s.summary.totals.params, 132_863_336, "the last valid figures stay")
        press(&s, .char("u"))
        XCTAssertNil(s.specError)
    }

    func testHalvingChannelsToZeroIsAnError() {
        var s = vgg11State()
        press(&s, Array(repeating: .char("<"), count: 7))
        XCTAssertEqual(s.spec.blocks[0].channels, 0)
        XCTAssertEqual(s.errorBlock, 0)
        XCTAssertTrue(s.specError!.message.contains("channel"), s.specError!.message)
    }

    func testInputTooSmallForFiveBlocksPointsAtTheFailingBlock() {
        var s = vgg11State()
        press(&s, .char("i"))
        typeIntoPrompt(&s, "3x16x16")
        press(&s, .enter)
        XCTAssertNil(s.modal)
        XCTAssertEqual(s.spec.input.height, 16)
        XCTAssertEqual(s.errorBlock, 4)
        XCTAssertEqual(s.summary.totals.params, 132_863_336)
    }

    func testDoublingChannelsManyTimesNeverOverflows() {
        var s = vgg11State()
        press(&s, Array(repeating: .char(">"), count: 80))
        XCTAssertEqual(s.spec.blocks[0].channels, AppState.maxChannels)
        XCTAssertEqual(s.message?.isError, true)
    }

    func testEnterTypesAnExactBlock() {
        var s = vgg11State()
        press(&s, .down, .down, .enter)
        guard case .prompt(let prompt)? = s.modal else { return XCTFail("Enter opens a prompt") }
        XCTAssertEqual(prompt.field.string, "2x256")
        typeIntoPrompt(&s, "3x256")
        press(&s, .enter)
        XCTAssertNil(s.modal)
        XCTAssertEqual(s.spec.blocks[2], Block(convs: 3, channels: 256))
    }

    func testAMalformedBlockKeepsThePromptOpenWithTheError() {
        var s = vgg11State()
        press(&s, .enter)
        typeIntoPrompt(&s, "3y256")
        press(&s, .enter)
        guard case .prompt(let prompt)? = s.modal else { return XCTFail("prompt stays open") }
        XCTAssertTrue(prompt.error?.contains("3x256") == true, prompt.error ?? "")
        XCTAssertEqual(s.spec, .vgg11)
        press(&s, .escape)
        XCTAssertNil(s.modal)
        XCTAssertEqual(s.spec, .vgg11)
    }

    func testClassifierAndClassesPrompts() {
        var s = vgg11State()
        press(&s, .char("f"))
        typeIntoPrompt(&s, "none")
        press(&s, .enter)
        XCTAssertEqual(s.spec.classifier, [])
        press(&s, .char("n"))
        typeIntoPrompt(&s, "ten")
        press(&s, .enter)
        XCTAssertNotNil(s.modal, "not a number: the prompt stays")
        typeIntoPrompt(&s, "10")
        press(&s, .enter)
        XCTAssertEqual(s.spec.classes, 10)
        XCTAssertEqual(s.summary.layers.last?.outputShape.dims, [1, 10])
    }

    func testInsertAndDeleteBlocks() {
        var s = vgg11State()
        press(&s, .char("a"))
        XCTAssertEqual(s.spec.blocks.count, 6)
        XCTAssertEqual(s.selectedBlock, 1)
        XCTAssertEqual(s.spec.blocks[1], Block(convs: 1, channels: 64))
        press(&s, .char("d"))
        XCTAssertEqual(s.spec.blocks, VGGSpec.vgg11.blocks)
        press(&s, Array(repeating: .char("d"), count: 6))
        XCTAssertEqual(s.spec.blocks.count, 1, "the last block cannot be deleted")
        XCTAssertEqual(s.message?.isError, true)
    }

    func testTogglesBatchNormAndHead() {
        var s = vgg11State()
        press(&s, .char("b"))
        XCTAssertEqual(s.summary.totals.params, 132_868_840)  // vgg11_bn
        press(&s, .char("t"))
        XCTAssertEqual(s.spec.head, .flatten)
        press(&s, .char("t"), .char("b"))
        XCTAssertEqual(s.spec, .vgg11)
    }

    func testQuitAsksOnlyWhenThereAreUnsavedEdits() {
        var s = vgg11State()
        press(&s, .char("q"))
        XCTAssertTrue(s.shouldQuit)

        s = vgg11State()
        press(&s, .char("+"), .char("q"))
        XCTAssertEqual(s.modal, .confirmQuit)
        XCTAssertFalse(s.shouldQuit)
        press(&s, .char("x"))
        XCTAssertEqual(s.modal, .confirmQuit, "only y or n answer")
        press(&s, .char("n"))
        XCTAssertNil(s.modal)
        XCTAssertFalse(s.shouldQuit)
        press(&s, .char("q"), .char("y"))
        XCTAssertTrue(s.shouldQuit)
    }

    func testCtrlCQuitsAtOnceAndCancelsARun() {
        var s = vgg11State()
        press(&s, .char("+"), .char("r"))
        let effects = press(&s, .ctrl("c"))
        XCTAssertTrue(s.shouldQuit)
        XCTAssertEqual(effects, [.cancelRun(id: 1)])
    }

    func testTooSmallTerminalStillTakesQ() {
        var s = vgg11State()
        send(&s, .resize(width: 30, height: 8))
        XCTAssertTrue(s.isTooSmall)
        press(&s, .char("+"))
        XCTAssertEqual(s.spec, .vgg11, "no edits while nothing is visible")
        press(&s, .char("q"))
        XCTAssertTrue(s.shouldQuit)

        s = vgg11State()
        press(&s, .char("+"), .char("e"))
        send(&s, .resize(width: 30, height: 8))
        press(&s, .char("x"), .char("q"))
        XCTAssertEqual(s.modal, .confirmQuit, "q quits even with a hidden prompt open")
        press(&s, .char("y"))
        XCTAssertTrue(s.shouldQuit)
    }

    func testLayerCursorWalksLayersAndSkipsHeadings() {
        var s = vgg11State()
        press(&s, .down, .down, .tab)
        XCTAssertEqual(s.cursorLayerIndex.map { s.summary.layers[$0].name }, "features.6", "block 3's first layer")
        press(&s, .up)
        XCTAssertEqual(s.cursorLayerIndex.map { s.summary.layers[$0].name }, "features.5", "the heading is skipped")
        XCTAssertEqual(s.selectedBlock, 1, "the block selection follows the cursor")
        press(&s, .end)
        XCTAssertEqual(s.cursorLayerIndex.map { s.summary.layers[$0].name }, "classifier.6")
        let visible = MainLayout(width: 100, height: 30).visibleLayerRows
        XCTAssertTrue(s.layerCursor >= s.layerScroll && s.layerCursor < s.layerScroll + visible, "cursor in view")
        press(&s, .home)
        XCTAssertEqual(s.cursorLayerIndex, 0)
        XCTAssertEqual(s.layerScroll, 0)
        press(&s, .pageDown)
        XCTAssertTrue(s.layerCursor >= s.layerScroll && s.layerCursor < s.layerScroll + visible)
        press(&s, .char("-"), .char("d"))
        XCTAssertNotNil(s.cursorLayerIndex, "edits keep the cursor on a layer")
        let before = s.selectedBlock
        press(&s, .tab, .down)
        XCTAssertEqual(s.focus, .blocks)
        XCTAssertEqual(s.selectedBlock, min(before + 1, s.spec.blocks.count - 1), "arrows select blocks again")
    }

    func testScrollingStaysInRange() {
        var s = vgg11State()
        press(&s, .tab)
        XCTAssertEqual(s.focus, .layers)
        press(&s, .pageDown, .pageDown, .pageDown, .pageDown)
        let rows = LayerRow.rows(for: s.summary).count
        XCTAssertEqual(s.layerScroll, rows - MainLayout(width: 100, height: 30).visibleLayerRows)
        press(&s, .wheelUp)
        XCTAssertEqual(s.layerScroll, rows - MainLayout(width: 100, height: 30).visibleLayerRows - 3)
        press(&s, .home)
        XCTAssertEqual(s.layerScroll, 0)
        send(&s, .resize(width: 120, height: 80))
        press(&s, .end)
        XCTAssertEqual(s.layerScroll, max(0, rows - MainLayout(width: 120, height: 80).visibleLayerRows))
    }

    func testSelectingABlockRevealsItsLayers() {
        var s = vgg11State()
        press(&s, .down, .down, .down, .down)
        XCTAssertEqual(s.selectedBlock, 4)
        let rows = LayerRow.rows(for: s.summary)
        let visible = MainLayout(width: 100, height: 30).visibleLayerRows
        let blockRows = rows.indices.filter { rows[$0].block == 4 }
        XCTAssertTrue(blockRows.allSatisfy { $0 >= s.layerScroll && $0 < s.layerScroll + visible })
        press(&s, .down)
        XCTAssertEqual(s.selectedBlock, 4, "selection stops at the last block")
    }

    func testPresetChooserLoadsAndUndoReturns() {
        var s = vgg11State()
        press(&s, .char("+"), .char("p"))
        guard case .presetPicker(let selected)? = s.modal else { return XCTFail("p opens the chooser") }
        XCTAssertEqual(s.presetChoices[selected].label, "vgg11")
        let vgg19 = s.presetChoices.firstIndex { $0.label == "vgg19" }!
        press(&s, Array(repeating: .down, count: vgg19 - selected) + [.enter])
        XCTAssertEqual(s.summary.totals.params, 143_667_240)
        XCTAssertEqual(s.origin, .preset("vgg19"))
        XCTAssertFalse(s.isModified)
        press(&s, .char("u"))
        XCTAssertEqual(s.summary.totals.params, 132_900_264)
        XCTAssertTrue(s.isModified)
    }

    func testHelpAndCompareScreens() {
        var s = vgg11State()
        press(&s, .char("?"))
        XCTAssertEqual(s.screen, .help)
        press(&s, .char("+"))
        XCTAssertEqual(s.spec, .vgg11, "keys do not edit behind the help screen")
        press(&s, .escape, .char("c"))
        XCTAssertEqual(s.screen, .compare)
        press(&s, .char("d"))
        XCTAssertEqual(s.spec, .vgg11, "block edits need the editor")
        press(&s, .escape)
        XCTAssertEqual(s.screen, .main)
    }

    func testUnboundKeySaysSo() {
        var s = vgg11State()
        press(&s, .char("z"))
        XCTAssertEqual(s.message?.isError, true)
        XCTAssertTrue(s.message!.text.contains("?"))
    }
}
