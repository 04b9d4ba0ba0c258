import Foundation
import XCTest

/// Runs the built `vggscope` binary as a user would: arguments in, stdout/stderr/status out.
/// A missing binary fails the test (never skips it): `swift test` builds it, since this target depends on it.
enum BinaryRunner {
    struct Result {
        var status: Int32
        /// Killed by a signal (a trap, an abort) rather than exiting.
        var signaled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "vggscope binary not found next to the test bundle; run swift build --product vggscope or set VGGSCOPE_BIN" }
    }

    /// The products directory holds both the test bundle and the executable.
    static var binary: URL? {
        if let path = ProcessInfo.processInfo.environment["VGGSCOPE_BIN"] {
            return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        var candidates: [URL] = []
        for bundle in Bundle.allBundles {
            var dir = bundle.bundleURL
            for _ in 0..<3 {
                candidates.append(dir.appendingPathComponent("vggscope"))
                dir = dir.deletingLastPathComponent()
            }
        }
        if let arg0 = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent("vggscope"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }
    }

    static func requireBinary(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        guard let binary else {
            XCTFail(MissingBinary().description, file: file, line: line)
            throw MissingBinary()
        }
        return binary
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                    timeout: Double = 120, file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let binary = try requireBinary(file: file, line: line)
        return try launch(binary, arguments, environment: environment, directory: directory, timeout: timeout)
    }

    /// Runs `script` with bash, `$VGGSCOPE` naming the binary: for redirections (`> /dev/full`, `>&-`) and
    /// limits (`ulimit -v`). Use `exec "$VGGSCOPE" …` so a signal that kills vggscope is seen here.
    static func shell(_ script: String, directory: String? = nil, timeout: Double = 60,
                      file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let binary = try requireBinary(file: file, line: line)
        return try launch(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: ["VGGSCOPE": binary.path],
                          directory: directory, timeout: timeout)
    }

    /// Output goes to files, not pipes, so a child that never exits cannot block the reader; past `timeout` the
    /// child is killed and the result says so.
    private static func launch(_ executable: URL, _ arguments: [String], environment: [String: String],
                               directory: String?, timeout: Double) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("vggscope-test-out-\(tag)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("vggscope-test-err-\(tag)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                      timedOut: timedOut,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
