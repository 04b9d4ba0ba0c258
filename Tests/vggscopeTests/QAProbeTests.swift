import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Regressions from the QA pass over the merged counters, diagram, paper and hardening work, through the binary.
final class QAProbeTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "vggscope-qa-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func expectOneLine(_ r: BinaryRunner.Result, status: Int32, _ fragments: [String],
                       file: StaticString = #filePath, line: UInt = #line) {
        r.assertOneLineError(status: status, fragments, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
    }

    /// The argument parser's usage errors printed an Error/Help/Usage block of 4+ lines; now one line like every
    /// other error, still exit 64 (EX_USAGE), pointing at the subcommand's --help.
    func testUsageErrorsAreOneLine() throws {
        let cases: [([String], [String])] = [
            (["summary", "alexnet", "--count", "bogus"], ["'bogus' is invalid for '--count <tool>'", "torchinfo", "see 'vggscope summary --help'"]),
            (["compare", "alexnet", "--count"], ["Missing value for '--count <tool>'", "see 'vggscope compare --help'"]),
            (["export", "vgg-c", "--count", "TORCHINFO", "-o", "-"], ["'TORCHINFO' is invalid", "see 'vggscope export --help'"]),
            (["diagram", "alexnet", "--by", "stage"], ["'stage' is invalid for '--by <by>'", "see 'vggscope diagram --help'"]),
            (["summary", "--frobnicate"], ["Unknown option '--frobnicate'"]),
            (["summary", "--count", "\u{1B}[2J"], ["'\\e[2J' is invalid"]),
        ]
        for (args, fragments) in cases {
            let r = try BinaryRunner.run(args, directory: dir, timeout: 30)
            expectOneLine(r, status: 64, fragments)
            XCTAssertFalse(r.stderr.unicodeScalars.contains("\u{1B}"), "raw escape: \(args)")
        }
        // Help is still the parser's full text on stdout.
        let help = try BinaryRunner.run(["summary", "--help"], directory: dir, timeout: 30)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: vggscope summary"), help.stdout)
    }

    /// An LRN of size 2^63-1 trapped (SIGILL, arithmetic overflow in ptflops' rule); huge kernels, strides and
    /// padding in a layer list were accepted. Each is now refused up front, the limit in the message.
    func testAbsurdWindowsAreRefusedWithTheLimit() throws {
        let cases: [([String], String)] = [
            (["summary", "--layers", "conv 8 k3, lrn 9223372036854775807, flatten, linear 10", "--input", "3x16x16"],
             "size must be at most 1024"),
            (["summary", "--blocks", "1x8+lrn9223372036854775807", "--input", "3x16x16"], "size must be at most 1024"),
            (["run", "--layers", "conv 8 k3, lrn 1000000000, flatten, linear 10", "--input", "3x16x16"], "size must be at most 1024"),
            (["summary", "--layers", "conv 8 k99999 p50000, flatten, linear 10", "--input", "3x8x8"], "kernel must be at most 1024"),
            (["summary", "--layers", "conv 8 k3 s99999999, flatten, linear 10"], "stride must be at most 1024"),
            (["diagram", "--layers", "conv 8 k3, maxpool k2 s99999999, flatten, linear 10", "-o", "x.svg"], "stride must be at most 1024"),
            (["summary", "--layers", "conv 8 k3, avgpool 99999999x99999999, flatten, linear 10"], "output size must be at most 65536x65536"),
            (["summary", "--blocks", "1x8k9223372036854775807", "--input", "3x16x16"], "kernel must be at most 1024"),
        ]
        for (args, fragment) in cases {
            expectOneLine(try BinaryRunner.run(args, directory: dir, timeout: 30), status: 1, [fragment])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.svg"))
    }

    /// `export -o TARGET --svg` wrote TARGET's .svg before finding that TARGET itself cannot be written (as root,
    /// `-o /dev/full --svg` left /dev/full.svg behind). Both paths are checked before either is written.
    func testExportSVGWritesNothingWhenTheMarkdownPathIsRefused() throws {
        XCTAssertEqual(mkfifo(dir + "/pipe.md", 0o644), 0)
        try FileManager.default.createDirectory(atPath: dir + "/folder.md", withIntermediateDirectories: false)
        for (target, fragment) in [("pipe.md", "FIFO"), ("folder.md", "is a directory"), ("missing/x.md", "does not exist")] {
            let r = try BinaryRunner.run(["export", "alexnet", "-o", target, "--svg"], directory: dir, timeout: 30)
            expectOneLine(r, status: 1, [fragment])
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(left, ["folder.md", "pipe.md"], "nothing but what was there")
        let ok = try BinaryRunner.run(["export", "alexnet", "-o", "a.md", "--svg"], directory: dir, timeout: 30)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "wrote a.md\nwrote a.svg\n")
    }

    /// `run --output` at a FIFO was refused only after the weights were made and the pass ran (seconds for VGG-19);
    /// now before any work.
    func testRunRefusesAnUnwritableOutputBeforeTheForwardPass() throws {
        XCTAssertEqual(mkfifo(dir + "/logits.npy", 0o644), 0)
        let start = Date()
        let r = try BinaryRunner.run(["run", "vgg-e", "--output", "logits.npy"], directory: dir, timeout: 60)
        expectOneLine(r, status: 1, ["cannot write logits.npy", "FIFO"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 3, "refused before the forward pass")
    }

    /// Torchvision-keyed weights for d2l-alexnet (whose layers are net.{i}) were explained as "read as torchvision's
    /// key layout (features.{i}, classifier.{j})" and "the spec has 0 conv blocks, the file has 1".
    func testD2lPresetWithTorchvisionKeysSaysWhichNamesItWants() throws {
        let bytes = 96 * 1 * 11 * 11 * 4
        let header = #"{"features.0.weight": {"dtype": "F32", "shape": [96, 1, 11, 11], "data_offsets": [0, \#(bytes)]}}"#
        var file = Data()
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(contentsOf: Array(header.utf8) + [UInt8](repeating: 0, count: bytes))
        try file.write(to: URL(fileURLWithPath: dir + "/tv.safetensors"))
        let r = try BinaryRunner.run(["run", "d2l-alexnet", "--weights", "tv.safetensors"], directory: dir, timeout: 60)
        expectOneLine(r, status: 1, ["lacks 'net.0.weight'", "named net.{i}"])
        XCTAssertFalse(r.stderr.contains("conv blocks"), r.stderr)
        XCTAssertFalse(r.stderr.contains("read as torchvision's key layout"), r.stderr)
    }

    /// Errors quoted the offending argument whole: a 120 KB --layers string gave a 120 KB "line" (a 900 KB preset
    /// layer string, 900 KB). Now the middle is left out, keeping what is wrong and how to fix it.
    func testHugeArgumentsGiveShortMessages() throws {
        let layer = "conv 8 k3 " + String(repeating: "p1 ", count: 40_000)
        let r = try BinaryRunner.run(["summary", "--layers", layer], directory: dir, timeout: 30)
        expectOneLine(r, status: 1, ["malformed layer 'conv 8 k3 p1", "characters left out", "expected conv C kK [sS] [pP]"])
        XCTAssertLessThan(r.stderr.utf8.count, 1200, "short")
        let usage = try BinaryRunner.run(["summary", "--count", String(repeating: "x", count: 100_000)], directory: dir, timeout: 30)
        expectOneLine(usage, status: 64, ["characters left out", "see 'vggscope summary --help'"])
        XCTAssertLessThan(usage.stderr.utf8.count, 1200, "short")
        let name = try BinaryRunner.run(["summary", String(repeating: "a", count: 100_000)], directory: dir, timeout: 30)
        expectOneLine(name, status: 1, ["unknown preset", "or give a path to a .json file"])
        XCTAssertLessThan(name.stderr.utf8.count, 1200, "short")
    }
}
