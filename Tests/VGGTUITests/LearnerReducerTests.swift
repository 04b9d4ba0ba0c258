import Foundation
import VGGCore
import XCTest
@testable import VGGTUI

/// Issue #16's actions: deltas, prompts that replace, whole-network scaling, column sets, the block
/// fold, saving into presets/, the rescanned chooser, compare at your input, the explanations page.
final class LearnerReducerTests: XCTestCase {
    /// d2l's VGG-11 with channels / 4 (two presses of `/`), as the issue's learner had it.
    func quarterD2L(width: Int = 100, height: Int = 30) -> AppState {
        var s = try! AppState(spec: Presets.named("d2l-vgg11")!, origin: .preset("d2l-vgg11"), width: width, height: height)
        press(&s, .char("/"), .char("/"))
        return s
    }

    func testResizeShowsTheSignedDeltaAndTheLayerThatMovedMost() {
        var s = quarterD2L()
        XCTAssertEqual(s.spec.blocks.map(\.channels), [16, 32, 64, 128, 128])
        XCTAssertEqual(s.undoStack.count, 2, "each scaling is one undo step")
        press(&s, .char("i"))
        press(&s, Key.typed("1x96x96\n"))
        XCTAssertEqual(s.spec.input, InputShape(batch: 1, channels: 1, height: 96, width: 96))
        let text = s.message?.text ?? ""
        XCTAssertTrue(text.hasPrefix("input 1x96x96 · params 43.09 M → 22.12 M (−20.97 M, 100% in classifier.0) · MACs "), text)
        XCTAssertEqual(s.lastDelta?.paramsDelta, -20_971_520)
        XCTAssertTrue(s.lastDelta?.changedNames.contains("classifier.0") == true)
        press(&s, .char("u"))
        XCTAssertTrue(s.message?.text.contains("undone (2 more) · params 22.12 M → 43.09 M (+20.97 M, 100% in classifier.0)") == true,
                      s.message?.text ?? "")
        press(&s, .ctrl("r"))
        XCTAssertTrue(s.message?.text.contains("redone (0 more) · params 43.09 M → 22.12 M (−20.97 M") == true, s.message?.text ?? "")
    }

    func testInvalidEditClearsTheMarks() {
        var s = vgg11State()
        press(&s, .char("+"))
        XCTAssertNotNil(s.lastDelta)
        press(&s, .char("-"), .char("-"))
        XCTAssertNil(s.lastDelta)
    }

    func testPromptStartsSelectedTypingReplacesArrowsEdit() {
        var s = vgg11State()
        press(&s, .char("i"))
        guard case .prompt(let p)? = s.modal else { return XCTFail("prompt") }
        XCTAssertTrue(p.field.isSelected)
        XCTAssertEqual(p.field.string, "3x224x224")
        press(&s, Key.typed("1x96x96"))
        guard case .prompt(let typed)? = s.modal else { return XCTFail("prompt") }
        XCTAssertEqual(typed.field.string, "1x96x96", "typing replaces the selected value")
        press(&s, .escape, .char("i"), .backspace, .backspace, .backspace, .char("9"), .char("6"))
        guard case .prompt(let edited)? = s.modal else { return XCTFail("prompt") }
        XCTAssertEqual(edited.field.string, "3x224x96", "Backspace edits the value in place")
        press(&s, .escape, .char("i"), .home, .delete, .char("1"))
        guard case .prompt(let home)? = s.modal else { return XCTFail("prompt") }
        XCTAssertEqual(home.field.string, "1x224x224")
    }

    func testScalingEveryBlockIsOneStepAndRefusesTheLimits() {
        var s = vgg11State()
        press(&s, .char("*"))
        XCTAssertEqual(s.spec.blocks.map(\.channels), [128, 256, 512, 1024, 1024])
        XCTAssertEqual(s.undoStack.count, 1)
        press(&s, .char("u"))
        XCTAssertEqual(s.spec, .vgg11)
        var one = vgg11State()
        press(&one, .enter)
        typeIntoPrompt(&one, "1x1")
        press(&one, .enter)
        let before = one.spec
        press(&one, .char("/"))
        XCTAssertEqual(one.spec, before, "halving a 1-channel block is refused")
        XCTAssertEqual(one.message?.isError, true)
        XCTAssertTrue(one.message?.text.contains("block 1 has a 1-channel conv") == true, one.message?.text ?? "")
        var big = vgg11State()
        press(&big, .enter)
        typeIntoPrompt(&big, "1x\(AppState.maxChannels)")
        press(&big, .enter)
        let bigSpec = big.spec
        press(&big, .char("*"))
        XCTAssertEqual(big.spec, bigSpec)
        XCTAssertTrue(big.message?.text.contains("would pass the limit") == true)
    }

    func testColumnSetsCycleAndTheFoldGivesOneRowPerBlock() {
        var s = vgg11State()
        XCTAssertEqual(s.columnSet, .all)
        press(&s, .char("v"))
        XCTAssertEqual(s.columnSet, .structure)
        press(&s, .char("v"), .char("v"), .char("v"))
        XCTAssertEqual(s.columnSet, .all)
        press(&s, .char("B"))
        XCTAssertTrue(s.foldBlocks)
        let folded = s.layerRows.filter { if case .folded = $0 { true } else { false } }
        XCTAssertEqual(folded.count, 5)
        // The cursor walks folded blocks and the selection follows it.
        press(&s, .tab, .down, .down)
        XCTAssertEqual(s.selectedBlock, 2)
        XCTAssertNil(s.cursorLayerIndex, "a folded block is not one layer")
        press(&s, .char("B"))
        XCTAssertFalse(s.foldBlocks)
    }

    func testDefaultSaveGoesToPresetsAndTheChooserFindsIt() {
        var s = try! AppState(spec: .vgg11, origin: .preset("vgg11"), presetDirectory: "my-presets")
        press(&s, .char("+"), .char("s"))
        guard case .prompt(let p)? = s.modal else { return XCTFail("prompt") }
        XCTAssertEqual(p.field.string, "my-presets/vgg11-custom.json")
        guard case .write(let write)? = press(&s, .enter).first, case .preset(let saved) = write.kind else {
            return XCTFail("the suggested path saves without a question")
        }
        XCTAssertEqual(saved.name, "vgg11-custom", "the name follows the file")
        XCTAssertTrue(write.createsDirectory)
        var done = write
        done.fullPath = "/home/me/my-presets/vgg11-custom.json"
        XCTAssertEqual(send(&s, .fileWritten(done)), [.scanPresets(directory: "my-presets")])
        XCTAssertEqual(s.message?.text, "saved /home/me/my-presets/vgg11-custom.json as 'vgg11-custom'; p lists it")
        let file = PresetChoice(label: "my-presets/vgg11-custom.json", source: .file("my-presets/vgg11-custom.json"),
                                detail: PresetChoice.detail(saved))
        send(&s, .presetsScanned(AppState.builtInChoices + [file]))
        XCTAssertEqual(press(&s, .char("p")), [.scanPresets(directory: "my-presets")], "opening the chooser rescans")
        XCTAssertEqual(s.modal, .presetPicker(selected: AppState.builtInChoices.count), "the saved file is the current one")
        // Loading a file is an effect; the spec comes back as an action.
        press(&s, .home)
        press(&s, .end)
        XCTAssertEqual(press(&s, .enter), [.loadPreset(path: "my-presets/vgg11-custom.json")])
        var other = saved
        other.blocks[0].channels = 32
        send(&s, .presetLoaded(path: "my-presets/vgg11-custom.json", other))
        XCTAssertEqual(s.spec, other)
        XCTAssertFalse(s.isModified)
        XCTAssertTrue(s.message?.text.contains("loaded my-presets/vgg11-custom.json · params") == true, s.message?.text ?? "")
        send(&s, .presetLoadFailed(path: "x.json", message: "x.json: not valid JSON"))
        XCTAssertEqual(s.message, AppState.Message("x.json: not valid JSON", isError: true))
    }

    func testNameQuestionKeepsOrRenames() {
        var s = vgg11State()
        press(&s, .char("+"), .char("s"))
        typeIntoPrompt(&s, "presets/mine.json")
        press(&s, .enter)
        XCTAssertEqual(s.modal, .confirmName(path: "presets/mine.json", stem: "mine"))
        guard case .write(let write)? = press(&s, .char("n")).first, case .preset(let saved) = write.kind else {
            return XCTFail("n saves")
        }
        XCTAssertEqual(saved.name, "vgg11", "n keeps the network's name")
        press(&s, .char("s"))
        typeIntoPrompt(&s, "presets/other.json")
        press(&s, .enter, .escape)
        XCTAssertNil(s.modal)
        XCTAssertEqual(s.message?.text, "not saved")
    }

    func testCompareAtYourInput() {
        var s = vgg11State()
        press(&s, .char("i"))
        press(&s, Key.typed("3x96x96\n"))
        press(&s, .char("c"))
        XCTAssertEqual(s.comparedSummaries.compactMap { $0?.spec.input.height }, [224, 224, 224, 224])
        press(&s, .char("i"))
        XCTAssertTrue(s.compareAtYourInput)
        XCTAssertEqual(s.comparedSummaries.compactMap { $0?.spec.input.height }, [96, 96, 96, 96])
        XCTAssertEqual(s.comparedSummaries.first??.totals.params, 132_863_336, "avgpool7 keeps the classifier")
        guard case .startRun(let request)? = press(&s, .char("R")).first else { return XCTFail("R") }
        XCTAssertEqual(request.spec.input.height, 96, "R times the presets at your input too")
        press(&s, .escape)
        // An input too small for five pools leaves those presets out, and the title says so.
        let spec = VGGSpec(name: "tiny", input: InputShape(channels: 3, height: 16, width: 16), blocks: [Block(convs: 1, channels: 8)])
        var tiny = try! AppState(spec: spec, origin: .preset("tiny"))
        press(&tiny, .char("c"), .char("i"))
        XCTAssertEqual(tiny.comparedSummaries.compactMap { $0 }.count, 0)
        XCTAssertTrue(Renderer.render(tiny).buffer.text.contains("vgg11,vgg13,vgg16,vgg19 cannot take it"))
    }

    func testHelpThenExplanationsThenBackAndTheyScroll() {
        var s = vgg11State(width: 80, height: 24)
        press(&s, .char("?"))
        XCTAssertEqual(s.screen, .help)
        press(&s, .char("?"))
        XCTAssertEqual(s.screen, .explain)
        press(&s, .pageDown)
        XCTAssertGreaterThan(s.explainScroll, 0)
        press(&s, .end)
        let end = s.explainScroll
        press(&s, .down)
        XCTAssertEqual(s.explainScroll, end, "scrolling stops at the last line")
        press(&s, .char("?"))
        XCTAssertEqual(s.screen, .main)
    }
}

extension LearnerReducerTests {
    func testSaveAddsTheExtensionAndSaysWhenTheChooserWillNotListIt() {
        var s = vgg11State()
        press(&s, .char("+"), .char("s"))
        typeIntoPrompt(&s, "./presets/vgg11-custom")
        guard case .write(let write)? = press(&s, .enter).first else { return XCTFail("saves") }
        XCTAssertEqual(write.path, "./presets/vgg11-custom.json")
        send(&s, .fileWritten(write))
        XCTAssertTrue(s.message?.text.hasSuffix("p lists it") == true, s.message?.text ?? "")
        press(&s, .char("+"), .char("s"))
        typeIntoPrompt(&s, "/tmp/vgg11-custom.json")
        guard case .write(let elsewhere)? = press(&s, .enter).first else { return XCTFail("saves: \(String(describing: s.modal)) \(s.spec.name)") }
        send(&s, .fileWritten(elsewhere))
        XCTAssertTrue(s.message?.text.hasSuffix("p lists only presets/") == true, s.message?.text ?? "")
    }
}

extension LearnerReducerTests {
    /// Mixed blocks (the paper's C: 2x256+1x256k1) keep every conv's kernel and place; only widths scale.
    func testScalingKeepsMixedKernels() throws {
        let c = try Presets.load("vgg-c")
        var s = try AppState(spec: c, origin: .preset(c.name))
        press(&s, .char("*"))
        XCTAssertEqual(s.spec.blocks.map(\.kernels), c.blocks.map(\.kernels))
        XCTAssertEqual(s.spec.blocks.map(\.channels), c.blocks.map { $0.channels * 2 })
        press(&s, .char("/"), .char("/"))
        XCTAssertEqual(s.spec.blocks.map(\.channels), c.blocks.map { $0.channels / 2 })
        XCTAssertEqual(s.undoStack.count, 3)
    }
}
