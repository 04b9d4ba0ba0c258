import Foundation
import VGGCore
import XCTest
@testable import VGGRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The header rules of the reference implementation (safetensors' `Metadata::validate`), issue #10 defects 8 and 9.
final class SafeTensorsStrictTests: XCTestCase {
    /// A file from a raw header and `dataBytes` zero bytes of data.
    static func file(_ header: String, dataBytes: Int) -> Data {
        var out = Data()
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: [UInt8](repeating: 0, count: dataBytes))
        return out
    }

    func open(_ data: Data) throws -> SafeTensorsFile {
        let url = Fixture.temporary("strict.safetensors")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try SafeTensorsFile(path: url.path)
    }

    func reason(_ header: String, dataBytes: Int, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try open(Self.file(header, dataBytes: dataBytes))
            XCTFail("accepted \(header)", file: file, line: line)
            return ""
        } catch let error as SafeTensorsError {
            return error.description
        } catch {
            XCTFail("untyped error \(error)", file: file, line: line)
            return ""
        }
    }

    func tensor(_ name: String, dtype: String = "F32", _ shape: [Int], _ begin: String, _ end: String) -> String {
        let dims = shape.map(String.init).joined(separator: ", ")
        return "\"\(name)\": {\"dtype\": \"\(dtype)\", \"shape\": [\(dims)], \"data_offsets\": [\(begin), \(end)]}"
    }

    /// `{entry, entry, ...}`
    func header(_ entries: String...) -> String { "{" + entries.joined(separator: ", ") + "}" }

    func testValidLayoutsAreAccepted() throws {
        // Out of key order but tiling the data in offset order, with an empty tensor and metadata.
        let text = header("\"__metadata__\": {\"format\": \"pt\"}", tensor("b", [2], "8", "16"), tensor("a", [2], "0", "8"),
                          tensor("e", [0, 3], "16", "16"), tensor("h", dtype: "F16", [3], "16", "22")) + "  "
        let f = try open(Self.file(text, dataBytes: 22))
        XCTAssertEqual(f.entries.keys.sorted(), ["a", "b", "e", "h"])
        XCTAssertEqual(try f.floats("h"), [0, 0, 0])
    }

    func testOffsetsMustTileTheDataExactly() {
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "8"), tensor("b", [2], "4", "12")), dataBytes: 12)
            .contains("entry 'b' at data_offsets [4, 12] overlaps the previous tensor"))
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "8"), tensor("b", [2], "12", "20")), dataBytes: 20)
            .contains("leaves a gap of 4 bytes"))
        XCTAssertTrue(reason(header(tensor("a", [2], "4", "12")), dataBytes: 12).contains("leaves a gap of 4 bytes"))
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "8")), dataBytes: 10).contains("the file has 2 stray bytes"))
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "8")), dataBytes: 4).contains("is truncated"))
        XCTAssertTrue(reason(header(tensor("a", [2], "8", "0")), dataBytes: 8).contains("end before they begin"))
    }

    func testOffsetsAndShapesMustBeIntegers() {
        XCTAssertTrue(reason(header(tensor("a", [2], "0.0", "8")), dataBytes: 8).contains("has data offset 0.0; offsets are non-negative integers"))
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "8.5")), dataBytes: 8).contains("offsets are non-negative integers"))
        XCTAssertTrue(reason(header(tensor("a", [2], "-8", "0")), dataBytes: 8).contains("offsets are non-negative integers"))
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "1e1")), dataBytes: 8).contains("offsets are non-negative integers"))
        XCTAssertTrue(reason(#"{"a": {"dtype": "F32", "shape": [2.0], "data_offsets": [0, 8]}}"#, dataBytes: 8)
            .contains("dimensions are non-negative integers"))
        XCTAssertTrue(reason(#"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8, 8]}}"#, dataBytes: 8)
            .contains("needs two data_offsets"))
    }

    func testKeysMustBeUniqueAndDTypesKnown() {
        XCTAssertTrue(reason(header(tensor("a", [2], "0", "8"), tensor("a", [2], "8", "16")), dataBytes: 16)
            .contains("duplicate key \"a\""))
        XCTAssertTrue(reason(header(tensor("a", dtype: "Q4", [2], "0", "8")), dataBytes: 8).contains("unknown dtype 'Q4'"))
        XCTAssertTrue(reason(#"{"__metadata__": {"n": 1}}"#, dataBytes: 0).contains("__metadata__ must map strings to strings"))
        XCTAssertTrue(reason(" {}", dataBytes: 0).contains("does not start with '{'"))
        XCTAssertTrue(reason("[]", dataBytes: 0).contains("does not start with '{'"))
    }

    func testByteCountsUseCheckedArithmetic() {
        // 2^62 + 1 F32 elements: 4 x that wraps to 4 in 64 bits; F16 x (2^63 - 1) wrapped to -2.
        let wrap32 = reason(header(tensor("a", [4611686018427387905], "0", "4")), dataBytes: 4)
        XCTAssertTrue(wrap32.contains("has shape [4611686018427387905]: too many elements to address"), wrap32)
        let wrap16 = reason(header(tensor("a", dtype: "F16", [9223372036854775807], "0", "4")), dataBytes: 4)
        XCTAssertTrue(wrap16.contains("too many elements to address"), wrap16)
        let product = reason(header(tensor("a", [1 << 32, 1 << 32], "0", "4")), dataBytes: 4)
        XCTAssertTrue(product.contains("too many elements"), product)
        let f16 = reason(header(tensor("a", dtype: "F16", [3], "0", "4")), dataBytes: 4)
        XCTAssertTrue(f16.contains("spans 4 bytes, its shape [3] of F16 needs 6"), f16)
        let f4 = reason(header(tensor("a", dtype: "F4", [3], "0", "2")), dataBytes: 2)
        XCTAssertTrue(f4.contains("do not fill whole bytes"), f4)
    }

    func testControlCharactersInKeysAreEscaped() throws {
        let header = #"{"evil\u001b]0;owned\u0007": {"dtype": "F32", "shape": [1], "data_offsets": [0, 8]}}"#
        let text = reason(header, dataBytes: 8)
        XCTAssertTrue(text.contains("entry 'evil\\e]0;owned\\u{7}'"), text)
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 }, text)
        let f = try open(Self.file(#"{"k\u001b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#, dataBytes: 4))
        let missing = SafeTensorsError.missingTensor(path: f.path, name: "x\u{1B}[2J").description
        XCTAssertTrue(missing.contains("x\\e[2J"), missing)
    }

    func testSpecialFilesAreRefusedWithoutBlocking() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(mkfifo(dir + "/w.safetensors", 0o644), 0)
        let start = Date()
        for (path, expected) in [(dir + "/w.safetensors", "is a FIFO (named pipe), not a regular file"),
                                 (dir, "is a directory"), ("/dev/zero", "is a character device, not a regular file")] {
            XCTAssertThrowsError(try SafeTensorsFile(path: path)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
            XCTAssertThrowsError(try NpyArray.read(contentsOf: URL(fileURLWithPath: path))) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        XCTAssertThrowsError(try NpyArray(shape: [1], values: [1]).write(to: URL(fileURLWithPath: dir + "/w.safetensors"))) { error in
            XCTAssertEqual("\(error)", "cannot write \(dir)/w.safetensors: it is a FIFO (named pipe), not a regular file; choose a regular file path")
        }
        XCTAssertThrowsError(try NpyArray(shape: [1], values: [1]).write(to: URL(fileURLWithPath: "/nonexistent/y.npy"))) { error in
            XCTAssertFalse("\(error)".contains("NSCocoaErrorDomain"))
            XCTAssertEqual("\(error)", "cannot write /nonexistent/y.npy: directory /nonexistent does not exist; create it or choose another path")
        }
    }
}
