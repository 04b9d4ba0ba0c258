import Foundation
import XCTest

/// A private tmux server (own socket, no user config) driven from the test.
///
/// Commands go through posix_spawn rather than Foundation's Process: `new-session` leaves a
/// daemon behind, and Process's wait (and any pipe the daemon inherits) would block on it.
struct Tmux {
    var path: String
    var socket: String

    /// The end-to-end tests' one start-up: `ENVIRONMENT vggscope ARGUMENTS` (in `directory` when given) in session
    /// `e2e` of a new private server at width x height; once it exits the pane shows `EXITED:status`. Skips the test
    /// without tmux, fails it without the binary. The caller kills the server (`defer { tmux.killServer() }`).
    static func startVggscope(_ tag: String, width: Int, height: Int, arguments: String = "",
                              environment: String = "TERM=xterm-256color", in directory: URL? = nil,
                              file: StaticString = #filePath, line: UInt = #line) throws -> Tmux {
        guard let tmuxPath = which("tmux") else {
            throw XCTSkip("tmux is not installed; install it (apt-get install tmux) to run the TUI end-to-end test")
        }
        let binary = try BinaryRunner.requireBinary(file: file, line: line)
        let tmux = Tmux(path: tmuxPath, socket: "vggscope-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let cd = directory.map { "cd '\($0.path)' && " } ?? ""
        let args = arguments.isEmpty ? "" : " " + arguments
        let command = "\(cd)\(environment) '\(binary.path)'\(args); echo EXITED:$?; sleep 30"
        do {
            try tmux.run(["new-session", "-d", "-s", "e2e", "-x", String(width), "-y", String(height), command])
        } catch {
            tmux.killServer()
            throw error
        }
        return tmux
    }

    /// A fresh working directory for a session's files; the caller removes it.
    static func scratchDirectory(_ tag: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vggscope-\(tag)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Thrown to stop the scenario after a step failed (the failure itself is already recorded).
    struct StepFailed: Error {
        var step: String
    }

    func run(_ arguments: [String]) throws {
        guard spawn(arguments, capture: false) != nil else {
            throw StepFailed(step: "starting \(path) \(arguments.first ?? "")")
        }
    }

    /// Types into the session (`send-keys`: key names such as Enter and Escape, or literal text).
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", "e2e"] + keys)
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
