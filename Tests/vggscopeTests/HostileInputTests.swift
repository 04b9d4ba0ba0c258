import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The issue #10 probes, through the built binary: each ends promptly with a one-line error and exit 1, no signal,
/// and nothing outside the requested path is written or replaced.
final class HostileInputTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "vggscope-hostile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Refused: exit 1, no signal, within `seconds`, one `vggscope: error:` line holding `fragment`, no raw controls.
    @discardableResult
    func expectRefusal(_ r: BinaryRunner.Result, _ fragment: String, seconds: Double = 10, started: Date,
                       file: StaticString = #filePath, line: UInt = #line) -> BinaryRunner.Result {
        r.assertOneLineError(status: 1, [fragment], file: file, line: line)
        XCTAssertLessThan(Date().timeIntervalSince(started), seconds, "too slow", file: file, line: line)
        XCTAssertFalse(r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "raw control characters", file: file, line: line)
        return r
    }

    func refuse(_ args: [String], _ fragment: String, seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws {
        let start = Date()
        let r = try BinaryRunner.run(args, directory: dir, timeout: 30)
        expectRefusal(r, fragment, seconds: seconds, started: start, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    // Defect 1
    func testPresetNameCannotSteerTheExportPath() throws {
        try FileManager.default.createDirectory(atPath: dir + "/victim", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/work", withIntermediateDirectories: true)
        _ = try write("keep", "victim/notes.txt")
        _ = try write(#"{"name": "../victim/notes.txt\u0000", "blocks": [[1, 8]], "input": [3, 32, 32], "classifier": [], "classes": 2}"#,
                      "work/evil.json")
        let r = try BinaryRunner.run(["export", "evil.json"], directory: dir + "/work")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "wrote ./victim-notes.txt-summary.md\n")
        let d = try BinaryRunner.run(["diagram", "evil.json"], directory: dir + "/work")
        XCTAssertEqual(d.status, 0, d.stderr)
        XCTAssertEqual(d.stdout, "wrote ./victim-notes.txt-diagram.svg\n")
        XCTAssertEqual(try String(contentsOfFile: dir + "/victim/notes.txt", encoding: .utf8), "keep")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/victim"), ["notes.txt"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/work").sorted(),
                       ["evil.json", "victim-notes.txt-diagram.svg", "victim-notes.txt-summary.md"])
    }

    // Defect 2
    func testOutputTargetsThatAreNotRegularFiles() throws {
        XCTAssertEqual(mkfifo(dir + "/out.fifo", 0o644), 0)
        try refuse(["export", "-o", "out.fifo"], "cannot write out.fifo: it is a FIFO (named pipe), not a regular file")
        try refuse(["export", "-o", "/dev/null"], "it is a character device, not a regular file")
        try refuse(["run", "--blocks", "1x4", "--input", "3x8x8", "--fc", "none", "--classes", "2", "--output", "out.fifo"],
                   "it is a FIFO (named pipe), not a regular file")
        XCTAssertEqual(symlink("/dev/null", dir + "/devlink.md"), 0)
        try refuse(["export", "-o", "devlink.md"], "is a symbolic link to /dev/null, which is a character device")
        var info = stat()
        lstat(dir + "/out.fifo", &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is untouched")
        lstat("/dev/null", &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR)
    }

    func testSymlinkTargetIsWrittenThroughAndModeKept() throws {
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        _ = try write("old", "real/t.md")
        XCTAssertEqual(symlink("real/t.md", dir + "/link.md"), 0)
        _ = try write("secret", "private.md")
        chmod(dir + "/private.md", 0o600)
        for target in ["link.md", "private.md"] {
            let r = try BinaryRunner.run(["export", "vgg11", "-o", target], directory: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.md"), "real/t.md")
        XCTAssertTrue(try String(contentsOfFile: dir + "/real/t.md", encoding: .utf8).hasPrefix("# vgg11 summary"))
        var info = stat()
        stat(dir + "/private.md", &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o600, "a 0600 file stays 0600")
        XCTAssertEqual(symlink("missing.md", dir + "/dangling.md"), 0)
        try refuse(["export", "-o", "dangling.md"], "symbolic link to a missing file")
    }

    // Defect 11
    func testStaleTempFilesAreCleanedOnTheNextSave() throws {
        let stale = try write("partial", ".out.md.tmp-4242-17")
        var times = [timeval(tv_sec: time(nil) - 600, tv_usec: 0), timeval(tv_sec: time(nil) - 600, tv_usec: 0)]
        XCTAssertEqual(utimes(stale, &times), 0)
        let r = try BinaryRunner.run(["export", "-o", "out.md"], directory: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.md"])
    }

    // Defect 3
    func testFailingStdoutIsAnErrorNotATrap() throws {
        let tiny = "--blocks 1x4 --input 3x8x8 --fc none --classes 2"
        for (command, fragment) in [("summary vgg19 > /dev/full", "No space left on device"),
                                    ("summary vgg19 >&-", "Bad file descriptor"),
                                    ("compare > /dev/full", "No space left on device"),
                                    ("export -o - > /dev/full", "No space left on device"),
                                    ("run \(tiny) > /dev/full", "No space left on device"),
                                    ("summary --format json >&-", "Bad file descriptor"),
                                    ("--help > /dev/full", "No space left on device"),
                                    ("--version >&-", "Bad file descriptor")] {
            let start = Date()
            let r = try BinaryRunner.shell("exec \"$VGGSCOPE\" \(command)", directory: dir)
            expectRefusal(r, "cannot write to standard output: \(fragment)", started: start)
        }
        // A reader that went away: quiet, exit 1, no SIGPIPE death.
        let r = try BinaryRunner.shell("set -o pipefail; \"$VGGSCOPE\" compare | head -c 1 >/dev/null; echo \"status ${PIPESTATUS[0]}\"",
                                       directory: dir)
        XCTAssertTrue(r.stdout == "status 1\n" || r.stdout == "status 0\n", r.stdout + r.stderr)
        XCTAssertFalse(r.stdout.contains("141"), "killed by SIGPIPE")
    }

    // Defects 4 and 8
    func testSpecialFilesAsInputsAreNamedAndNeverWaitedOn() throws {
        XCTAssertEqual(mkfifo(dir + "/w.safetensors", 0o644), 0)
        XCTAssertEqual(mkfifo(dir + "/p.json", 0o644), 0)
        XCTAssertEqual(mkfifo(dir + "/x.npy", 0o644), 0)
        try FileManager.default.createDirectory(atPath: dir + "/d.json", withIntermediateDirectories: true)
        let fifo = "is a FIFO (named pipe), not a regular file"
        try refuse(["run", "--weights", "w.safetensors"], "cannot read weights file w.safetensors: \(fifo)", seconds: 5)
        try refuse(["summary", "p.json"], "p.json: \(fifo)", seconds: 5)
        try refuse(["run", "--input-file", "x.npy"], fifo, seconds: 5)
        try refuse(["summary", "d.json"], "d.json: is a directory")
        try refuse(["run", "--input-file", "d.json"], "is a directory")
        try refuse(["run", "--weights", "d.json"], "is a directory")
        try refuse(["summary", "/dev/zero"], "/dev/zero: is a character device, not a regular file")
        try refuse(["run", "--input-file", "/dev/zero"], "is a character device, not a regular file")
        try refuse(["run", "--weights", "/dev/zero"], "is a character device, not a regular file")
    }

    func testRunOutputErrorsArePlain() throws {
        let tiny = ["run", "--blocks", "1x4", "--input", "3x8x8", "--fc", "none", "--classes", "2"]
        try refuse(tiny + ["--output", "/nonexistent-dir/y.npy"], "cannot write /nonexistent-dir/y.npy: directory /nonexistent-dir does not exist")
        try FileManager.default.createDirectory(atPath: dir + "/outdir", withIntermediateDirectories: true)
        try refuse(tiny + ["--output", "outdir"], "cannot write outdir: it is a directory")
        for args in [tiny + ["--output", "/nonexistent-dir/y.npy"], tiny + ["--output", "outdir"]] {
            let r = try BinaryRunner.run(args, directory: dir)
            XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain") || r.stderr.contains("The file"), r.stderr)
        }
    }

    // Defects 5 and 6
    func testAbsurdFlagsAreRefusedBeforeAnyWork() throws {
        try refuse(["bench", "--threads", "1000000"], "--threads must be at most", seconds: 5)
        try refuse(["run", "--threads", "1000000"], "--threads must be at most", seconds: 5)
        try refuse(["run", "--threads", "-1"], "--threads must be at least 1, got -1")
        try refuse(["bench", "--threads", "0"], "--threads must be at least 1, got 0")
        try refuse(["summary", "--blocks", "10000000x8", "--input", "3x32x32"], "block 1: at most 256 convolutions per block, got 10000000", seconds: 3)
        try refuse(["summary", "--blocks", "1x1000000000"], "block 1: at most 65536 channels")
        try refuse(["summary", "--classes", "1000000000000"], "classes must be at most 1048576")
        try refuse(["summary", "--classes", "-5"], "classes must be at least 1, got -5")
        try refuse(["summary", "--input", "100000000x3x32x32"], "batch must be at most 65536")
        try refuse(["summary", "--input", "3x10000000x10000000"], "input height and width must be at most 65536")
        try refuse(["summary", "--fc", "4096,100000000"], "classifier layer 2: width must be at most 1048576")
        try refuse(["bench", "--batch", "1000000000"], "--batch must be at most 65536", seconds: 5)
        try refuse(["bench", "--repeat", "1000000000"], "--repeat must be between 1 and 10000", seconds: 5)
        try refuse(["bench", "--warmup", "-3"], "--warmup must be between 0 and 1000, got -3", seconds: 5)
        let many = Array(repeating: "1x8", count: 20_000).joined(separator: ",")
        try refuse(["summary", "--blocks", many], "at most 30 blocks", seconds: 5)
    }

    func testHugePresetsAreRefusedInMilliseconds() throws {
        _ = try write("{\"blocks\": [" + Array(repeating: "[1,8]", count: 150_000).joined(separator: ",") + "]}", "many.json")
        _ = try write("{\"blocks\": [" + Array(repeating: "[1, 8]", count: 1_000_000).joined(separator: ", ") + "]}", "million.json")
        _ = try write(String(repeating: "[", count: 200_000), "deep.json")
        try refuse(["summary", "many.json"], "a preset has at most 30 blocks", seconds: 3)
        try refuse(["summary", "million.json"], "too large for a preset file (at most 1048576)", seconds: 3)
        try refuse(["summary", "deep.json"], "nested deeper than 64 levels", seconds: 3)
    }

    // Defect 7
    func testMemoryGuardHonoursAddressSpaceLimits() throws {
        let start = Date()
        let r = try BinaryRunner.shell("ulimit -v 1500000; exec \"$VGGSCOPE\" run vgg16 --input 64x3x224x224", directory: dir)
        expectRefusal(r, "this model needs about", seconds: 30, started: start)
        XCTAssertTrue(r.stderr.contains("ulimit -v"), r.stderr)
        XCTAssertFalse(r.stderr.contains("--batch"), "run has no --batch: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("--input"), r.stderr)
    }

    // Defect 9
    func testDuplicatePresetFieldIsNamed() throws {
        _ = try write(#"{"blocks": [[1, 8]], "classes": 3, "blocks": [[2, 8]]}"#, "dup.json")
        try refuse(["summary", "dup.json"], "dup.json: field 'blocks': appears more than once; keep one")
    }

    // Defect 10
    func testControlCharactersAreEscapedInTextMarkdownAndErrors() throws {
        let name = #"evil\u001b]0;pwned\u0007\u001b[2J"#
        _ = try write(#"{"name": "\#(name)", "blocks": [[1, 8]], "input": [3, 32, 32], "classifier": [], "classes": 2}"#, "esc.json")
        for format in ["text", "markdown"] {
            let r = try BinaryRunner.run(["summary", "esc.json", "--format", format], directory: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" }, "raw escape in \(format)")
            XCTAssertTrue(r.stdout.contains("evil\\e]0;pwned\\u{7}\\e[2J"), r.stdout)
        }
        let json = try BinaryRunner.run(["summary", "esc.json", "--format", "json"], directory: dir)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(object["name"] as? String, "evil\u{1B}]0;pwned\u{7}\u{1B}[2J", "JSON keeps the exact name")
        _ = try write(#"{"name": 5, "blocks": "\u001b[2J"}"#, "bad.json")
        try refuse(["summary", "bad.json"], "bad.json: field 'name'")
        try refuse(["summary", "no\u{1B}[2Jsuch.json"], "no\\e[2Jsuch.json: no such preset file")
        // The argument parser's own messages quote arguments too: escaped as well (usage errors exit 64).
        let usage = try BinaryRunner.run(["summary", "--\u{1B}[2Jx"], directory: dir)
        XCTAssertEqual(usage.status, 64, usage.stderr)
        XCTAssertTrue(usage.stderr.contains("Unknown option '--\\e[2Jx'"), usage.stderr)
        XCTAssertFalse(usage.stderr.unicodeScalars.contains("\u{1B}"))
        // A safetensors key with escapes, quoted in an error.
        var file = Data()
        let header = #"{"x\u001b]0;t\u0007": {"dtype": "F32", "shape": [1], "data_offsets": [0, 8]}}"#
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(contentsOf: Array(header.utf8) + [UInt8](repeating: 0, count: 8))
        try file.write(to: URL(fileURLWithPath: dir + "/k.safetensors"))
        try refuse(["run", "--weights", "k.safetensors"], "entry 'x\\e]0;t\\u{7}'")
    }
}
