import Foundation
import XCTest

/// Issue #16 in the real binary under tmux (its own server), as a person would try it at 100x30: an edit
/// shows its signed delta, `i` takes a new input typed over the old one, the default save lands in
/// presets/ and `p` finds it there at once.
final class LearnerEndToEndTests: XCTestCase {
    func testDeltaPromptSaveAndChooser() throws {
        let workdir = try Tmux.scratchDirectory("learner")
        defer { try? FileManager.default.removeItem(at: workdir) }
        let tmux = try Tmux.startVggscope("learner", width: 100, height: 30, in: workdir)
        defer { tmux.killServer() }
        try tmux.waitFor("132,863,336", "VGG-11's total on the first screen")
        try tmux.send("+")
        try tmux.waitFor("(+36,928,", "the signed params delta of adding a convolution")
        try tmux.send("i")
        try tmux.waitFor("Input: CxHxW", "the input prompt")
        try tmux.send("3x96x96", "Enter")
        try tmux.waitFor("input 3x96x96 · params", "the new input, typed over the selected old one, and its delta")
        try tmux.send("s")
        try tmux.waitFor("presets/vgg11-custom.json", "the default save path")
        try tmux.send("Enter")
        try tmux.waitFor("p lists it", "the saved message with the full path")
        XCTAssertTrue(FileManager.default.fileExists(atPath: workdir.appendingPathComponent("presets/vgg11-custom.json").path),
                      "presets/ was created and the file written")
        try tmux.send("p")
        try tmux.waitFor("presets/vgg11-custom.json  2x64,1x128,2x256,2x512,2x512 · 3x96x96 avgpool7",
                         "the saved network in the chooser, with its blocks")
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.waitFor("EXITED:0", "a clean exit (nothing unsaved)")
    }
}
