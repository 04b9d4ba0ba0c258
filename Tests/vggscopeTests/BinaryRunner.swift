import Foundation
import XCTest

/// Runs the built `vggscope` binary as a user would: arguments in, stdout/stderr/status out.
enum BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The products directory holds both the test bundle and the executable.
    static var binary: URL? {
        if let path = ProcessInfo.processInfo.environment["VGGSCOPE_BIN"] { return URL(fileURLWithPath: path) }
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

    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        guard let binary else {
            throw XCTSkip("vggscope binary not found next to the test bundle; set VGGSCOPE_BIN")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
