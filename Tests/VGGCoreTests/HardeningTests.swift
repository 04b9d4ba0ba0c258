import Foundation
@testable import VGGCore
import VGGTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Hostile names, limits and JSON (issue #10): each test pins one defect's fix.
final class HardeningTests: XCTestCase {
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as SpecError { return e.message } catch { return "unexpected \(error)" }
    }

    // MARK: defect 1: a preset name must never steer a file name

    func testFileStemStripsPathsNulControlsAndLeadingDots() {
        XCTAssertEqual(OutputPaths.fileStem("vgg16_bn"), "vgg16_bn")
        XCTAssertEqual(OutputPaths.fileStem("vgg11-custom"), "vgg11-custom")
        XCTAssertEqual(OutputPaths.fileStem("../victim/notes.txt\u{0}"), "victim-notes.txt")
        XCTAssertEqual(OutputPaths.fileStem("/etc/passwd"), "etc-passwd")
        XCTAssertEqual(OutputPaths.fileStem("..\\..\\boot.ini"), "boot.ini")
        XCTAssertEqual(OutputPaths.fileStem(".hidden"), "hidden")
        XCTAssertEqual(OutputPaths.fileStem("--help"), "help")
        XCTAssertEqual(OutputPaths.fileStem("a\u{1B}[31mred\u{7}"), "a-31mred")
        XCTAssertEqual(OutputPaths.fileStem("vgg16 (edited)"), "vgg16-edited")
        XCTAssertEqual(OutputPaths.fileStem("réseau"), "réseau")
        for empty in ["", "/", "..", "\u{0}\u{1B}", "...///...", " "] {
            XCTAssertEqual(OutputPaths.fileStem(empty), "network", "'\(empty.debugDescription)'")
        }
        let long = OutputPaths.fileStem(String(repeating: "é", count: 500))
        XCTAssertLessThanOrEqual(long.utf8.count, OutputPaths.maxStemBytes)
        XCTAssertFalse(long.isEmpty)
    }

    func testFileStemIsAlwaysOneVisibleComponent() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let scalars = (0..<rng.int(below: 40)).compactMap { _ in Unicode.Scalar(rng.pick([0, 0x1B, 0x2E, 0x2F, 0x5C, 0x41, 0x7F, 0x85, 0x202E, 0xE9])) }
            let name = String(String.UnicodeScalarView(scalars))
            let stem = OutputPaths.fileStem(name)
            XCTAssertFalse(stem.contains("/"), name.debugDescription)
            XCTAssertFalse(stem.hasPrefix("."), name.debugDescription)
            XCTAssertFalse(stem.unicodeScalars.contains { TerminalSafe.needsEscape($0) || $0.value == 0 }, name.debugDescription)
            XCTAssertFalse(stem.isEmpty)
            XCTAssertLessThanOrEqual(stem.utf8.count, OutputPaths.maxStemBytes)
        }
    }

    // MARK: defect 10: control characters are shown escaped

    func testTerminalSafeEscapes() {
        XCTAssertEqual(TerminalSafe.escape("vgg\u{1B}[2J"), "vgg\\e[2J")
        XCTAssertEqual(TerminalSafe.escape("a\nb\tc\r"), "a\\nb\\tc\\r")
        XCTAssertEqual(TerminalSafe.escape("x\u{7}\u{7F}\u{9B}\u{202E}y"), "x\\u{7}\\u{7f}\\u{9b}\\u{202e}y")
        XCTAssertEqual(TerminalSafe.escape("plain vgg16 é"), "plain vgg16 é")
        XCTAssertEqual(TerminalSafe.escapeLines("a\u{1B}\nb"), "a\\e\nb")
    }

    func testReportsEscapeNamesJSONStaysJSON() throws {
        var spec = VGGSpec.vgg11
        spec.name = "evil\u{1B}]0;title\u{7}"
        let s = try ModelSummary(spec: spec)
        for text in [SummaryReport.text(s), SummaryReport.markdown(s), Comparison([s]).text(), Comparison([s]).markdown()] {
            XCTAssertFalse(text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" }, "raw control character in report")
            XCTAssertTrue(text.contains("evil\\e]0;title\\u{7}"))
        }
        let json = SummaryReport.json(s).rendered()
        XCTAssertTrue(json.contains(#""name": "evil\u001b]0;title\u0007""#), json)
        let back = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(back["name"] as? String, spec.name)
    }

    // MARK: defect 6: every limit is checked before any work, with the limit in the message

    func testEachLimitIsEnforcedAtItsBound() {
        let cases: [(String, (inout VGGSpec, Int) -> Void, Int)] = [
            ("at most \(SpecLimits.convsPerBlock) convolutions per block", { $0.blocks[0].convs = $1 }, SpecLimits.convsPerBlock),
            ("at most \(SpecLimits.channels) channels", { $0.blocks[1].channels = $1 }, SpecLimits.channels),
            ("input channels must be at most \(SpecLimits.channels)", { $0.input.channels = $1 }, SpecLimits.channels),
            ("batch must be at most \(SpecLimits.batch)", { $0.input.batch = $1 }, SpecLimits.batch),
            ("input height and width must be at most \(SpecLimits.inputSide)", { $0.input.height = $1 }, SpecLimits.inputSide),
            ("input height and width must be at most \(SpecLimits.inputSide)", { $0.input.width = $1 }, SpecLimits.inputSide),
            ("width must be at most \(SpecLimits.classifierWidth)", { $0.classifier[0] = $1 }, SpecLimits.classifierWidth),
            ("classes must be at most \(SpecLimits.classes)", { $0.classes = $1 }, SpecLimits.classes),
            ("at most \(SpecLimits.blocks) blocks", { $0.blocks = Array(repeating: Block(convs: 1, channels: 8), count: $1) }, SpecLimits.blocks),
            ("at most \(SpecLimits.classifierLayers) hidden classifier layers", { $0.classifier = Array(repeating: 16, count: $1) }, SpecLimits.classifierLayers),
        ]
        for (fragment, set, limit) in cases {
            var spec = VGGSpec.vgg11
            set(&spec, limit)
            XCTAssertNil(message { try spec.validate() }, "\(fragment): the limit itself is allowed")
            set(&spec, limit + 1)
            let m = message { try spec.validate() }
            XCTAssertTrue(m?.contains(fragment) == true, "\(fragment): got \(m ?? "no error")")
            XCTAssertTrue(m?.contains("\(limit + 1)") == true, "the message names the value: \(m ?? "")")
            // Absurd values too, refused as fast (list-valued limits get 1000x: the list itself is built here).
            set(&spec, limit * 1000)
            XCTAssertNotNil(message { try spec.validate() })
        }
    }

    func testThreadAndBatchLimits() {
        XCTAssertEqual(SpecLimits.threads(cores: 2), 256)
        XCTAssertEqual(SpecLimits.threads(cores: 128), 512)
        XCTAssertNil(message { try SpecLimits.checkThreads(256, cores: 2) })
        XCTAssertEqual(message { try SpecLimits.checkThreads(257, cores: 2) },
                       "--threads must be at most 256 (256 or 4x the 2 cores, whichever is more), got 257")
        XCTAssertEqual(message { try SpecLimits.checkThreads(-1, cores: 2) }, "--threads must be at least 1, got -1")
        XCTAssertEqual(message { try SpecLimits.checkThreads(0, cores: 2) }, "--threads must be at least 1, got 0")
        XCTAssertNil(message { try SpecLimits.checkBatch(SpecLimits.batch) })
        XCTAssertEqual(message { try SpecLimits.checkBatch(SpecLimits.batch + 1) }, "--batch must be at most 65536, got 65537")
    }

    func testHugeConvCountIsRefusedInstantly() {
        let start = Date()
        let m = message { _ = try ModelSummary(spec: VGGSpec(blocks: [Block(convs: 1_000_000_000, channels: 8)])) }
        XCTAssertEqual(m, "block 1: at most 256 convolutions per block, got 1000000000")
        XCTAssertEqual(message { _ = try Notation.blocks(Array(repeating: "1x8", count: 100_000).joined(separator: ",")) },
                       "at most 30 blocks (each halves the image), got 100000")
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testPresetWithAMillionBlocksIsRefusedInMilliseconds() {
        // Compact enough to pass the size cap: only the item bound stops it.
        let blocks = Array(repeating: "[1,8]", count: 150_000).joined(separator: ",")
        let data = Data("{\"blocks\": [\(blocks)]}".utf8)
        XCTAssertLessThan(data.count, SpecLimits.presetFileBytes)
        let start = Date()
        XCTAssertThrowsError(try VGGSpec(json: data, source: "big.json", defaultName: "big")) { error in
            XCTAssertTrue("\(error)".contains("a preset has at most 30 blocks"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
        let tooBig = Data(repeating: 0x20, count: SpecLimits.presetFileBytes + 1)
        XCTAssertThrowsError(try VGGSpec(json: tooBig, source: "huge.json", defaultName: "huge")) { error in
            XCTAssertTrue("\(error)".contains("too large for a preset (at most 1048576)"), "\(error)")
        }
        XCTAssertThrowsError(try VGGSpec(json: Data("{\"blocks\": [\(Array(repeating: "[1,8]", count: 31).joined(separator: ","))]}".utf8),
                                         source: "b.json", defaultName: "b")) { error in
            XCTAssertTrue("\(error)".contains("field 'blocks': at most 30 blocks (each halves the image), got 31"), "\(error)")
        }
    }

    // MARK: defect 9: duplicate preset fields; strict JSON

    func testDuplicatePresetFieldsAreErrors() {
        let cases = [
            (#"{"blocks": [[1, 8]], "blocks": [[2, 8]]}"#, "p.json: field 'blocks': appears more than once; keep one"),
            (#"{"name": "a", "classes": 3, "name": "b"}"#, "p.json: field 'name': appears more than once; keep one"),
            (#"{"bn": true, "batch_norm": false}"#, "p.json: field 'bn': duplicates 'batch_norm' (the same field); keep one"),
            (#"{"fc": [], "classifier": [10]}"#, "p.json: field 'fc': duplicates 'classifier' (the same field); keep one"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try VGGSpec(json: Data(text.utf8), source: "p.json", defaultName: "p")) { error in
                XCTAssertEqual((error as? SpecError)?.message, expected)
            }
        }
    }

    func testJSONParserIsStrictAndBounded() throws {
        let parser = JSONParser()
        func parse(_ s: String) throws -> JSON { try parser.parse(Array(s.utf8)) }
        XCTAssertEqual(try parse(#"{"b": 1, "a": [1.5, -0, true, null, "x\u00e9\n"]}"#),
                       .object([("b", .int(1)), ("a", .array([.double(1.5), .int(0), .bool(true), .null, .string("xé\n")]))]))
        XCTAssertEqual(try parse("1.0"), .double(1))
        XCTAssertEqual(try parse("1e2"), .double(100))
        XCTAssertEqual(try parse("99999999999999999999"), .double(1e20))
        XCTAssertEqual(try parse(#""\ud83d\ude00""#), .string("😀"))
        for bad in ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"", "\"a\nb\"", "[1] 2", "{'a': 1}",
                    "\"\\ud800\"", "tru", "NaN", "\"\u{1}\"", "{\"a\" 1}"] {
            XCTAssertThrowsError(try parse(bad), "accepted \(bad.debugDescription)")
        }
        XCTAssertThrowsError(try parser.parse([0x22, 0xFF, 0x22]), "invalid UTF-8")
        XCTAssertThrowsError(try parse(#"{"a": 1, "a": 2}"#)) { error in
            XCTAssertEqual((error as? JSONParser.Failure)?.duplicateKey, "a")
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nested deeper than 64 levels"), "\(error)")
        }
        XCTAssertThrowsError(try JSONParser(maxItems: 3).parse(Array("[1,2,3,4]".utf8))) { error in
            XCTAssertEqual((error as? JSONParser.Failure)?.tooManyItems, true)
        }
    }

    // MARK: defects 2 and 11: the atomic writer

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "vggcore-atomic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func writeError(_ path: String) -> String? {
        do { try AtomicFile.write("new", to: path); return nil } catch { return error.message }
    }

    func testAtomicWriteRefusesWhatIsNotARegularFile() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(mkfifo(dir + "/pipe", 0o644), 0)
        XCTAssertEqual(writeError(dir + "/pipe"), "cannot write \(dir)/pipe: it is a FIFO (named pipe), not a regular file; choose a regular file path")
        var info = stat()
        lstat(dir + "/pipe", &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is still there")
        XCTAssertEqual(writeError(dir), "cannot write \(dir): it is a directory; give a file name inside it")
        XCTAssertEqual(writeError("/dev/null"), "cannot write /dev/null: it is a character device, not a regular file; choose a regular file path")
        symlink("/dev/null", dir + "/devlink")
        XCTAssertTrue(writeError(dir + "/devlink")?.contains("is a symbolic link to /dev/null, which is a character device") == true)
        symlink(dir + "/missing", dir + "/dangling")
        XCTAssertTrue(writeError(dir + "/dangling")?.contains("symbolic link to a missing file") == true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/missing"))
        XCTAssertTrue(writeError(dir + "/no/such/dir.md")?.contains("does not exist") == true)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }, [], "no temp left")
    }

    func testAtomicWriteGoesThroughSymlinksAndKeepsTheMode() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        try "old".write(toFile: dir + "/real/target.md", atomically: false, encoding: .utf8)
        chmod(dir + "/real/target.md", 0o600)
        symlink("real/target.md", dir + "/link.md")
        try AtomicFile.write("new", to: dir + "/link.md")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.md"), "real/target.md", "the link stays")
        XCTAssertEqual(try String(contentsOfFile: dir + "/real/target.md", encoding: .utf8), "new")
        var info = stat()
        stat(dir + "/real/target.md", &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o600, "mode kept")
        try "x".write(toFile: dir + "/plain.md", atomically: false, encoding: .utf8)
        chmod(dir + "/plain.md", 0o640)
        try AtomicFile.write("y", to: dir + "/plain.md")
        stat(dir + "/plain.md", &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
        // A new file gets 0666 less the umask, like any other program's.
        let mask = umask(0o022)
        defer { umask(mask) }
        try AtomicFile.write("z", to: dir + "/fresh.md")
        stat(dir + "/fresh.md", &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o644)
    }

    func testStaleTempFilesOfOurPatternAreRemoved() throws {
        let dir = try temporaryDirectory()
        let stale = dir + "/.out.md.tmp-1234-5678", fresh = dir + "/.out.md.tmp-99-1", other = dir + "/.notes.tmp-old"
        for p in [stale, fresh, other] { XCTAssertTrue(FileManager.default.createFile(atPath: p, contents: Data("x".utf8))) }
        var times = [timeval(tv_sec: time(nil) - 120, tv_usec: 0), timeval(tv_sec: time(nil) - 120, tv_usec: 0)]
        XCTAssertEqual(utimes(stale, &times), 0)
        XCTAssertEqual(utimes(other, &times), 0)
        try AtomicFile.write("doc", to: dir + "/out.md")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "a killed save's leftover is cleaned")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fresh), "a save in flight is left alone")
        XCTAssertTrue(FileManager.default.fileExists(atPath: other), "not our pattern")
        XCTAssertTrue(AtomicFile.isOwnTemp(".a.json.tmp-1-2"))
        XCTAssertFalse(AtomicFile.isOwnTemp(".tmp-1-2"))
        XCTAssertFalse(AtomicFile.isOwnTemp("a.tmp-1-2"))
        XCTAssertFalse(AtomicFile.isOwnTemp(".a.tmp-1-x"))
    }

    // MARK: defects 4 and 8: inputs that are not regular files

    func testPresetInputsSayWhatIsWrong() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(mkfifo(dir + "/p.json", 0o644), 0)
        try FileManager.default.createDirectory(atPath: dir + "/d.json", withIntermediateDirectories: true)
        let start = Date()
        func loadError(_ path: String) -> String? { message { _ = try Presets.file(path) } }
        XCTAssertEqual(loadError(dir + "/p.json"), "\(dir)/p.json: is a FIFO (named pipe), not a regular file; give a regular file")
        XCTAssertEqual(loadError(dir + "/d.json"), "\(dir)/d.json: is a directory; give a file inside it")
        XCTAssertEqual(loadError("/dev/zero"), "/dev/zero: is a character device, not a regular file; give a regular file")
        XCTAssertTrue(loadError(dir + "/none.json")?.hasPrefix("\(dir)/none.json: no such preset file; built-in presets: vgg11") == true)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2, "a FIFO must never be waited on")
        if geteuid() != 0 {
            try "{}".write(toFile: dir + "/locked.json", atomically: false, encoding: .utf8)
            chmod(dir + "/locked.json", 0)
            XCTAssertTrue(loadError(dir + "/locked.json")?.contains("permission denied") == true)
        }
    }
}
