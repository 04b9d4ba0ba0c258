import Foundation
import XCTest

/// The counters view and the rule key in the real binary under tmux, at 80x24.
final class CountersEndToEndTests: XCTestCase {
    func testCountersViewAndRuleKeyUnderTmux() throws {
        let tmux = try Tmux.startVggscope("counters", width: 80, height: 24, arguments: "vgg16",
                                          environment: "TERM=xterm-256color LANG=C.UTF-8")
        defer { tmux.killServer() }

        try tmux.waitFor("15,483,821,032", "VGG-16's torchinfo MACs on the first screen")
        try tmux.send("T")
        try tmux.waitFor("30,940,528,640", "torch's FLOPs in the counters view")
        try tmux.waitFor("15,523,225,576", "ptflops' MACs in the counters view")
        try tmux.send("C")
        try tmux.waitFor("count: ptflops", "the status bar names the rule")
        try tmux.send("T")
        try tmux.waitFor("by ptflops", "the totals pane follows the rule")
        try tmux.send("q")
        try tmux.waitFor("EXITED:0", "a clean exit with status 0")
    }
}
