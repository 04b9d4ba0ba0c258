import Foundation
import XCTest

/// Issue #16 in the real binary under tmux (its own server), as a person would try it at 100x30: an edit
/// shows its signed delta, `i` takes a new input typed over the old one, the default save lands in
/// presets/ and `p` finds it there at once.
final class LearnerEndToEndTests: XCTestCase {
    func testDeltaPromptSaveAndChooser() throws {
        guard let tmuxPath = TUIEndToEndTests.which("tmux") else {
            throw XCTSkip("tmux is not installed; install it (apt-get install tmux) to run the TUI end-to-end test")
        }
        guard let binary = BinaryRunner.binary else {
            return XCTFail("vggscope binary not found next to the test bundle; build it or set VGGSCOPE_BIN")
        }
        let tmux = Tmux(path: tmuxPath, socket: "vggscope-learner-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { tmux.killServer() }
        let workdir = FileManager.default.temporaryDirectory.appendingPathComponent("vggscope-learner-\(getpid())")
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workdir) }

        let command = "cd '\(workdir.path)' && TERM=xterm-256color '\(binary.path)'; echo EXITED:$?; sleep 30"
        try tmux.run(["new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", command])
        try tmux.waitFor("132,863,336", "VGG-11's total on the first screen")
        try tmux.run(["send-keys", "-t", "e2e", "+"])
        try tmux.waitFor("(+36,928,", "the signed params delta of adding a convolution")
        try tmux.run(["send-keys", "-t", "e2e", "i"])
        try tmux.waitFor("Input: CxHxW", "the input prompt")
        try tmux.run(["send-keys", "-t", "e2e", "3x96x96", "Enter"])
        try tmux.waitFor("input 3x96x96 · params", "the new input, typed over the selected old one, and its delta")
        try tmux.run(["send-keys", "-t", "e2e", "s"])
        try tmux.waitFor("presets/vgg11-custom.json", "the default save path")
        try tmux.run(["send-keys", "-t", "e2e", "Enter"])
        try tmux.waitFor("p lists it", "the saved message with the full path")
        XCTAssertTrue(FileManager.default.fileExists(atPath: workdir.appendingPathComponent("presets/vgg11-custom.json").path),
                      "presets/ was created and the file written")
        try tmux.run(["send-keys", "-t", "e2e", "p"])
        try tmux.waitFor("presets/vgg11-custom.json  2x64,1x128,2x256,2x512,2x512 · 3x96x96 avgpool7",
                         "the saved network in the chooser, with its blocks")
        try tmux.run(["send-keys", "-t", "e2e", "Escape"])
        try tmux.run(["send-keys", "-t", "e2e", "q"])
        try tmux.waitFor("EXITED:0", "a clean exit (nothing unsaved)")
    }
}
