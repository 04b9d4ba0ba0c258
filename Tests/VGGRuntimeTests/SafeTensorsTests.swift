import Foundation
import VGGCore
import XCTest
@testable import VGGRuntime

final class SafeTensorsTests: XCTestCase {
    private var cleanup: [URL] = []

    override func tearDown() {
        for url in cleanup { try? FileManager.default.removeItem(at: url) }
        cleanup = []
    }

    static func tinySpec() throws -> VGGSpec {
        try VGGSpec(json: Data(contentsOf: Fixture.url("tiny.json")), source: "tiny.json", defaultName: "tiny")
    }

    static func tinyLayout() throws -> WeightLayout {
        WeightLayout(summary: try ModelSummary(spec: tinySpec()))
    }

    /// Writes the reference tensors of tiny.safetensors, edited by `edit`, to a temporary file.
    private func tinyFile(metadata: [String: String] = [:], _ edit: (inout [SafeTensorsWriter.Tensor]) -> Void) throws -> String {
        let source = try SafeTensorsFile(path: Fixture.url("tiny.safetensors").path)
        var tensors = try source.entries.keys.sorted().map { name in
            SafeTensorsWriter.Tensor(name: name, shape: source.entries[name]!.shape, values: try source.floats(name))
        }
        edit(&tensors)
        let url = Fixture.temporary("tiny-edited.safetensors")
        cleanup.append(url)
        try SafeTensorsWriter(tensors: tensors, metadata: metadata).write(to: url)
        return url.path
    }

    private func checkError(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Error? {
        do {
            let weights = try SafeTensorsFile(path: path)
            try weights.check(try Self.tinyLayout())
            return nil
        } catch {
            return error
        }
    }

    func testTinyFileMatchesTheSpecLayout() throws {
        let file = try SafeTensorsFile(path: Fixture.url("tiny.safetensors").path)
        XCTAssertEqual(file.entries.count, 10)
        XCTAssertEqual(file.entries["classifier.0.weight"]?.shape, [32, 1024])
        XCTAssertEqual(file.entries["features.5.weight"]?.dtype, .f32)
        try file.check(try Self.tinyLayout())
        let bias = try file.floats("classifier.3.bias")
        XCTAssertEqual(bias.count, 4)
        XCTAssertTrue(bias.allSatisfy { $0.isFinite })
    }

    func testRoundTripIgnoresMetadataAndBatchCounter() throws {
        let path = try tinyFile(metadata: ["format": "pt"]) { tensors in
            tensors.append(SafeTensorsWriter.Tensor(name: "features.0.num_batches_tracked", dtype: "I64", shape: [], bytes: Array(repeating: 0, count: 8)))
        }
        let file = try SafeTensorsFile(path: path)
        try file.check(try Self.tinyLayout())
        let reference = try SafeTensorsFile(path: Fixture.url("tiny.safetensors").path)
        XCTAssertEqual(try file.floats("features.3.weight"), try reference.floats("features.3.weight"))
    }

    func testWrongShapeNamesKeyAndShapes() throws {
        let path = try tinyFile { tensors in
            let i = tensors.firstIndex { $0.name == "classifier.3.weight" }!
            tensors[i] = SafeTensorsWriter.Tensor(name: "classifier.3.weight", shape: [5, 32], values: Array(repeating: 0, count: 160))
            let j = tensors.firstIndex { $0.name == "classifier.3.bias" }!
            tensors[j] = SafeTensorsWriter.Tensor(name: "classifier.3.bias", shape: [5], values: Array(repeating: 0, count: 5))
        }
        let error = try checkError(path)
        guard case let .shapeMismatch(key, expected, found, hint) = error as? WeightsError else {
            return XCTFail("expected a shape mismatch, got \(String(describing: error))")
        }
        XCTAssertEqual(key, "classifier.3.weight")
        XCTAssertEqual(expected, [4, 32])
        XCTAssertEqual(found, [5, 32])
        XCTAssertTrue(hint.contains("the spec has 4 classes, the file 5"), hint)
        XCTAssertTrue("\(error!)".contains("--classes"))
    }

    func testMissingKey() throws {
        let path = try tinyFile { tensors in tensors.removeAll { $0.name == "features.3.bias" } }
        guard case let .missingKey(key, expected, _) = try checkError(path) as? WeightsError else {
            return XCTFail("expected a missing key")
        }
        XCTAssertEqual(key, "features.3.bias")
        XCTAssertEqual(expected, [16])
    }

    func testFewerConvsInABlockIsExplained() throws {
        // The file has one conv in block 2 where the spec has two.
        let path = try tinyFile { tensors in
            tensors.removeAll { $0.name.hasPrefix("features.5.") }
            let i = tensors.firstIndex { $0.name == "features.3.weight" }!
            tensors[i] = SafeTensorsWriter.Tensor(name: "features.3.weight", shape: [16, 8, 3, 3], values: Array(repeating: 0, count: 16 * 8 * 9))
        }
        let error = try checkError(path)
        guard case let .missingKey(key, _, hint) = error as? WeightsError else {
            return XCTFail("expected a missing key, got \(String(describing: error))")
        }
        XCTAssertEqual(key, "features.5.weight")
        XCTAssertTrue(hint.contains("the spec has 2 conv layers in block 2, the file has 1"), hint)
    }

    func testUnexpectedKey() throws {
        let path = try tinyFile { tensors in
            tensors.append(SafeTensorsWriter.Tensor(name: "features.1.running_mean", shape: [8], values: Array(repeating: 0, count: 8)))
        }
        let error = try checkError(path)
        guard case let .unexpectedKey(key, found, hint) = error as? WeightsError else {
            return XCTFail("expected an unexpected key, got \(String(describing: error))")
        }
        XCTAssertEqual(key, "features.1.running_mean")
        XCTAssertEqual(found, [8])
        XCTAssertTrue(hint.contains("batch norm"), hint)
    }

    func testWrongDType() throws {
        let path = try tinyFile { tensors in
            let i = tensors.firstIndex { $0.name == "features.0.bias" }!
            tensors[i] = SafeTensorsWriter.Tensor(name: "features.0.bias", dtype: "F64", shape: [8], bytes: Array(repeating: 0, count: 64))
        }
        guard case let .unsupportedDType(key, dtype) = try checkError(path) as? WeightsError else {
            return XCTFail("expected an unsupported dtype")
        }
        XCTAssertEqual(key, "features.0.bias")
        XCTAssertEqual(dtype, "F64")
    }

    func testHalfPrecisionIsConverted() throws {
        let url = Fixture.temporary("half.safetensors")
        cleanup.append(url)
        // F16: 1.0, -2.0, 0.5, 2^-24 (smallest subnormal); BF16: 1.0, -3.0 (top halves of the float32 bits).
        let f16: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x0001]
        let bf16: [UInt16] = [0x3F80, 0xC040]
        func bytes(_ v: [UInt16]) -> [UInt8] { v.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] } }
        try SafeTensorsWriter(tensors: [
            .init(name: "a", dtype: "F16", shape: [2, 2], bytes: bytes(f16)),
            .init(name: "b", dtype: "BF16", shape: [2], bytes: bytes(bf16)),
        ]).write(to: url)
        let file = try SafeTensorsFile(path: url.path)
        XCTAssertEqual(try file.floats("a"), [1, -2, 0.5, 0x1p-24])
        XCTAssertEqual(try file.floats("b"), [1, -3])
    }

    func testTruncatedFile() throws {
        let full = try Data(contentsOf: Fixture.url("tiny.safetensors"))
        let url = Fixture.temporary("cut.safetensors")
        cleanup.append(url)
        try full.prefix(full.count - 100).write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) { error in
            guard case .truncated = error as? SafeTensorsError else { return XCTFail("unexpected \(error)") }
        }
        try full.prefix(5).write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) { error in
            guard case .truncated = error as? SafeTensorsError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testBadHeaderJSON() throws {
        let url = Fixture.temporary("bad.safetensors")
        cleanup.append(url)
        let header = Array("{\"a\": {\"dtype\": \"F32\", ".utf8)
        var data = Data()
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        try data.write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) { error in
            guard case .badHeader = error as? SafeTensorsError else { return XCTFail("unexpected \(error)") }
        }
        // Not a safetensors file at all: the first 8 bytes make an absurd header length.
        try Data(repeating: 0x7b, count: 64).write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) { error in
            guard case .badHeader = error as? SafeTensorsError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testInconsistentByteSpan() throws {
        let url = Fixture.temporary("span.safetensors")
        cleanup.append(url)
        try SafeTensorsWriter(tensors: [.init(name: "a", dtype: "F32", shape: [3], bytes: Array(repeating: 0, count: 8))]).write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) { error in
            guard case .badHeader = error as? SafeTensorsError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try SafeTensorsFile(path: "/nonexistent/w.safetensors")) { error in
            guard case .unreadable = error as? SafeTensorsError else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue("\(error)".contains("/nonexistent/w.safetensors"))
        }
    }
}
