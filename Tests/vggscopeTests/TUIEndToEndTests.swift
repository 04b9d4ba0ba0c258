import Foundation
import XCTest

/// The real binary in a real terminal (tmux): it opens on VGG-11, edits, compares, survives a
/// tiny resize and quits cleanly.
final class TUIEndToEndTests: XCTestCase {
    func testExplorerUnderTmux() throws {
        guard let tmuxPath = Self.which("tmux") else {
            throw XCTSkip("tmux is not installed; install it (apt-get install tmux) to run the TUI end-to-end test")
        }
        guard let binary = BinaryRunner.binary else {
            return XCTFail("vggscope binary not found next to the test bundle; build it or set VGGSCOPE_BIN")
        }
        let tmux = Tmux(path: tmuxPath, socket: "vggscope-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { tmux.killServer() }
        let workdir = FileManager.default.temporaryDirectory.appendingPathComponent("vggscope-e2e-\(getpid())")
        try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workdir) }

        let command = "cd '\(workdir.path)' && TERM=xterm-256color '\(binary.path)'; echo EXITED:$?; sleep 30"
        try tmux.run(["new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command])

        try tmux.waitFor("132,863,336", "VGG-11's total on the first screen")
        try tmux.run(["send-keys", "-t", "e2e", "+"])
        try tmux.waitFor("132,900,264", "the total after adding a convolution to block 1")
        try tmux.run(["send-keys", "-t", "e2e", "c"])
        try tmux.waitFor("143,667,240", "VGG-19 in the compare view")

        try tmux.run(["resize-window", "-t", "e2e", "-x", "30", "-y", "8"])
        try tmux.waitFor("too small", "the too-small notice at 30x8")
        try tmux.run(["resize-window", "-t", "e2e", "-x", "120", "-y", "40"])
        try tmux.waitFor("143,667,240", "the compare view again after resizing back")

        try tmux.run(["send-keys", "-t", "e2e", "q"])
        try tmux.waitFor("Discard unsaved changes? (y/n)", "the quit confirmation")
        try tmux.run(["send-keys", "-t", "e2e", "y"])
        try tmux.waitFor("EXITED:0", "a clean exit with status 0")
    }

    func testWithoutATerminalItPrintsAHintAndFails() throws {
        let result = try BinaryRunner.run([])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "", "the terminal is left alone")
        XCTAssertTrue(result.stderr.contains("vggscope summary"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line")
    }

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A private tmux server (own socket, no user config) driven from the test.
///
/// Commands go through posix_spawn rather than Foundation's Process: `new-session` leaves a
/// daemon behind, and Process's wait (and any pipe the daemon inherits) would block on it.
struct Tmux {
    var path: String
    var socket: String

    /// Thrown to stop the scenario after a step failed (the failure itself is already recorded).
    struct StepFailed: Error {
        var step: String
    }

    func run(_ arguments: [String]) throws {
        guard spawn(arguments, capture: false) != nil else {
            throw StepFailed(step: "starting \(path) \(arguments.first ?? "")")
        }
    }

    func capture() -> String {
        spawn(["capture-pane", "-p", "-t", "e2e"], capture: true) ?? ""
    }

    /// Polls the screen (every 100 ms, up to 15 s: a debug build under load starts slowly).
    func waitFor(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var screen = ""
        for _ in 0..<150 {
            screen = capture()
            if screen.contains(text) { return }
            usleep(100_000)
        }
        XCTFail("expected \(what) ('\(text)') on screen; it shows:\n\(screen)", file: file, line: line)
        throw StepFailed(step: what)
    }

    func killServer() {
        _ = spawn(["kill-server"], capture: false)
    }

    /// Runs tmux with stdin/stderr on /dev/null and no other inherited descriptors; returns its
    /// stdout when `capture` (else ""), or nil when it could not be started.
    private func spawn(_ arguments: [String], capture: Bool) -> String? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if capture, pipe(&fds) != 0 { return nil }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        for fd in Int32(3)..<Int32(1024) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        let args = [path, "-L", socket, "-f", "/dev/null"] + arguments
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, path, &actions, nil, argv, environ) == 0
        var output: [UInt8] = []
        if capture {
            close(fds[1])
            if started {
                var buffer = [UInt8](repeating: 0, count: 8192)
                while true {
                    let n = read(fds[0], &buffer, buffer.count)
                    if n > 0 { output += buffer[0..<n] } else if n < 0, errno == EINTR { continue } else { break }
                }
            }
            close(fds[0])
        }
        guard started else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
