import Foundation
import XCTest

/// The counters view and the rule key in the real binary under tmux, at 80x24.
final class CountersEndToEndTests: XCTestCase {
    func testCountersViewAndRuleKeyUnderTmux() throws {
        guard let tmuxPath = TUIEndToEndTests.which("tmux") else {
            throw XCTSkip("tmux is not installed; install it (apt-get install tmux) to run the TUI end-to-end test")
        }
        guard let binary = BinaryRunner.binary else {
            return XCTFail("vggscope binary not found next to the test bundle; build it or set VGGSCOPE_BIN")
        }
        let tmux = Tmux(path: tmuxPath, socket: "vggscope-counters-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { tmux.killServer() }
        let command = "TERM=xterm-256color LANG=C.UTF-8 '\(binary.path)' vgg16; echo EXITED:$?; sleep 30"
        try tmux.run(["new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", command])

        try tmux.waitFor("15,483,821,032", "VGG-16's torchinfo MACs on the first screen")
        try tmux.run(["send-keys", "-t", "e2e", "T"])
        try tmux.waitFor("30,940,528,640", "torch's FLOPs in the counters view")
        try tmux.waitFor("15,523,225,576", "ptflops' MACs in the counters view")
        try tmux.run(["send-keys", "-t", "e2e", "C"])
        try tmux.waitFor("count: ptflops", "the status bar names the rule")
        try tmux.run(["send-keys", "-t", "e2e", "T"])
        try tmux.waitFor("by ptflops", "the totals pane follows the rule")
        try tmux.run(["send-keys", "-t", "e2e", "q"])
        try tmux.waitFor("EXITED:0", "a clean exit with status 0")
    }
}
