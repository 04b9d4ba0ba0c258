import Foundation
import XCTest

/// The real binary in a real terminal (tmux): it opens on VGG-11, edits, compares, survives a
/// tiny resize and quits cleanly.
final class TUIEndToEndTests: XCTestCase {
    func testExplorerUnderTmux() throws {
        let workdir = try Tmux.scratchDirectory("e2e")
        defer { try? FileManager.default.removeItem(at: workdir) }
        let tmux = try Tmux.startVggscope("e2e", width: 120, height: 40, in: workdir)
        defer { tmux.killServer() }

        try tmux.waitFor("132,863,336", "VGG-11's total on the first screen")
        try tmux.send("+")
        try tmux.waitFor("132,900,264", "the total after adding a convolution to block 1")
        try tmux.send("c")
        try tmux.waitFor("143,667,240", "VGG-19 in the compare view")

        try tmux.run(["resize-window", "-t", "e2e", "-x", "30", "-y", "8"])
        try tmux.waitFor("too small", "the too-small notice at 30x8")
        try tmux.run(["resize-window", "-t", "e2e", "-x", "120", "-y", "40"])
        try tmux.waitFor("143,667,240", "the compare view again after resizing back")

        try tmux.send("q")
        try tmux.waitFor("Discard unsaved changes? (y/n)", "the quit confirmation")
        try tmux.send("y")
        try tmux.waitFor("EXITED:0", "a clean exit with status 0")
    }

    func testWithoutATerminalItPrintsAHintAndFails() throws {
        let result = try BinaryRunner.run([])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "", "the terminal is left alone")
        XCTAssertTrue(result.stderr.contains("vggscope summary"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line")
    }
}
