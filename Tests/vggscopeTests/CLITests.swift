import Foundation
import VGGCore
import XCTest

/// The CLI as a user meets it: real binary, real arguments, messages and exit codes.
final class CLITests: XCTestCase {
    func testUnknownPresetListsKnownOnes() throws {
        try expectError(["summary", "vgg12"], "unknown preset 'vgg12'; known presets: vgg11, vgg13, vgg16, vgg19")
    }

    func testMalformedBlocksShowsTheForm() throws {
        try expectError(["summary", "--blocks", "1x64,2y128"], "expected comma-separated blocks like 1x64,1x128,2x256,2x512,2x512")
    }

    func testMalformedInputShowsTheForm() throws {
        try expectError(["summary", "--input", "224"], "expected CxHxW like 3x224x224, or NxCxHxW like 1x3x224x224")
    }

    func testZeroAndNegativeCounts() throws {
        try expectError(["summary", "--blocks", "0x64"], "block 1: needs at least 1 convolution, got 0")
        try expectError(["summary", "--classes", "0"], "classes must be at least 1, got 0")
        try expectError(["summary", "--blocks", "1x-3"], "block 1: needs at least 1 channel, got -3")
        try expectError(["summary", "--fc", "4096,0"], "classifier layer 2: width must be at least 1, got 0")
    }

    func testSpatialSizeReachingZero() throws {
        try expectError(["summary", "--input", "3x16x16"], "block 5 pool: 1x1 -> 0x0; input must be at least 32x32 for 5 blocks")
    }

    func testAbsurdSizesOverflowCleanly() throws {
        try expectError(["summary", "--blocks", "1x4611686018427387903"], "block 1: at most 65536 channels, got 4611686018427387903")
        try expectError(["summary", "--input", "1000000x3x1000000x1000000"], "batch must be at most 65536, got 1000000")
        // Within every limit, the counts can still pass 2^63: checked arithmetic says so.
        try expectError(["summary", "--input", "65536x3x65536x65536", "--blocks", "1x65536"], "overflows a 64-bit count")
    }

    func testMalformedPresetJSONNamesFileAndField() throws {
        let path = NSTemporaryDirectory() + "vggscope-bad-\(getpid()).json"
        try #"{"blocks": [[1, 64], "2x"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try expectError(["summary", path], "\(path): field 'blocks[1]': malformed block '2x'")
        try "{not json".write(toFile: path, atomically: true, encoding: .utf8)
        try expectError(["summary", path], "\(path): not valid JSON")
    }

    func testUnwritableExportPath() throws {
        try expectError(["export", "-o", "/nonexistent-dir/out.md"], "directory /nonexistent-dir does not exist")
        try expectError(["export", "-o", "/proc/version"], "cannot write /proc/version")
    }

    func testUnknownFlagAndHead() throws {
        let r = try BinaryRunner.run(["summary", "--frobnicate"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("Unknown option '--frobnicate'"), r.stderr)
        try expectError(["summary", "--head", "maxpool"], "unknown head 'maxpool'; expected avgpool7 or flatten")
    }

    func testSummaryJSONMatchesTheLibrary() throws {
        let r = try BinaryRunner.run(["summary", "--blocks", "2x32,3x48", "--input", "2x1x37x50", "--fc", "100", "--classes", "7",
                                      "--head", "flatten", "--batch-norm", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let spec = VGGSpec(name: "x", input: InputShape(batch: 2, channels: 1, height: 37, width: 50),
                           blocks: [Block(convs: 2, channels: 32), Block(convs: 3, channels: 48)], batchNorm: true,
                           head: .flatten, classifier: [100], classes: 7)
        let s = try ModelSummary(spec: spec)
        let totals = object["totals"] as! [String: Any]
        XCTAssertEqual(totals["params"] as? Int, s.totals.params)
        XCTAssertEqual(totals["macs"] as? Int, s.totals.macs)
        XCTAssertEqual((object["layers"] as! [Any]).count, s.layers.count)
        XCTAssertEqual(object["input"] as? [Int], [2, 1, 37, 50])
    }

    func testSummaryTextShowsExactAndHumanTotals() throws {
        let r = try BinaryRunner.run(["summary", "vgg16", "--ascii"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("138,357,544"))
        XCTAssertTrue(r.stdout.contains("138.4 M"))
        XCTAssertTrue(r.stdout.contains("15,483,821,032"))
        XCTAssertTrue(r.stdout.allSatisfy(\.isASCII), "--ascii output has non-ASCII characters")
        let auto = try BinaryRunner.run(["summary"], environment: ["LC_ALL": "C", "LANG": "C"])
        XCTAssertTrue(auto.stdout.allSatisfy(\.isASCII), "a non-UTF-8 locale should fall back to ASCII")
    }

    func testCompareDefaultsToThePaperFour() throws {
        let r = try BinaryRunner.run(["compare", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let models = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["models"] as! [[String: Any]]
        XCTAssertEqual(models.compactMap { $0["params"] as? Int }, [132_863_336, 133_047_848, 138_357_544, 143_667_240])
        XCTAssertEqual(models.compactMap { $0["receptive_field"] as? Int }, [150, 156, 212, 268])
    }

    func testFusePoolFlag() throws {
        let tiny = ["--input", "1x3x32x32", "--blocks", "1x8,1x16", "--fc", "none", "--classes", "5", "--threads", "2"]
        for fuse in [true, false] {
            let flag = fuse ? "--fuse-pool" : "--no-fuse-pool"
            let r = try BinaryRunner.run(["bench"] + tiny + [flag, "--warmup", "0", "--repeat", "1", "--format", "json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let layers = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["layers"] as! [[String: Any]]
            let pool = layers.first { $0["name"] as? String == "features.2" }
            XCTAssertEqual(pool?["kind"] as? String, "MaxPool2d")
            XCTAssertEqual(pool?["mode"] as? String, fuse ? "fused" : "kernel", flag)
        }
        // Winograd's fused epilogue changes no value: the printed logits agree to the digit.
        let on = try BinaryRunner.run(["run"] + tiny + ["--conv-algo", "winograd"])
        let off = try BinaryRunner.run(["run"] + tiny + ["--conv-algo", "winograd", "--no-fuse-pool"])
        XCTAssertEqual(on.status, 0, on.stderr)
        XCTAssertEqual(off.status, 0, off.stderr)
        let logits = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("top-") } }
        XCTAssertEqual(logits(on.stdout), logits(off.stdout))
        XCTAssertEqual(logits(on.stdout).count, 1, on.stdout)
    }

    func testExportWritesMarkdown() throws {
        let dir = NSTemporaryDirectory() + "vggscope-export-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["export", "vgg13", "--compare"], directory: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let md = try String(contentsOfFile: dir + "/vgg13-summary.md", encoding: .utf8)
        XCTAssertTrue(md.hasPrefix("# vgg13 summary"))
        XCTAssertTrue(md.contains("133,047,848"))
        XCTAssertTrue(md.contains("## Comparison\n\n| Metric | vgg11 | vgg13 | vgg16 | vgg19 |"))
        XCTAssertEqual(md.components(separatedBy: "Counting rules:").count, 2, "one footer")
        XCTAssertTrue(md.contains(CountingRules.flops))
    }
}
