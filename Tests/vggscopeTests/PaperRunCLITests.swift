import Foundation
import XCTest

/// `vggscope run` on the paper's layer types with PyTorch's weights, as the forward checks use it: a layer list in
/// d2l's flat key layout, and a weights file of the wrong layout refused with the key and the layout named.
final class PaperRunCLITests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../VGGRuntimeTests/Fixtures").standardized

    static let d2lAlexNetSmall = "conv 8 k11 s4 p1, relu, maxpool k3 s2, conv 12 k5 p2, relu, maxpool k3 s2, conv 16 k3 p1, relu,"
        + " conv 16 k3 p1, relu, conv 12 k3 p1, relu, maxpool k3 s2, flatten, linear 16, relu, dropout 0.5, linear 16, relu,"
        + " dropout 0.5, linear 10"

    /// float32 little-endian .npy (version 1 or 2 header) -> values.
    static func npyFloats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        let major = data[6]
        let headerLength = major == 1 ? Int(data[8]) | Int(data[9]) << 8
            : Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
        let start = (major == 1 ? 10 : 12) + headerLength
        return data[start...].withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
    }

    func testLayerListWithD2lWeightsMatchesPyTorch() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("paper-run-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: out) }
        let f = Self.fixtures
        let r = try BinaryRunner.run(["run", "--layers", Self.d2lAlexNetSmall, "--input", "2x1x99x99",
                                      "--weights", f.appendingPathComponent("d2l-alexnet-small.safetensors").path,
                                      "--input-file", f.appendingPathComponent("d2l-alexnet-small.input.npy").path,
                                      "--output", out.path, "--threads", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("top-5 logits, item 1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("d2l-alexnet-small.safetensors (d2l flat keys)"), r.stdout)
        let got = try Self.npyFloats(out), want = try Self.npyFloats(f.appendingPathComponent("d2l-alexnet-small.output.npy"))
        XCTAssertEqual(got.count, 20)
        XCTAssertEqual(got.count, want.count)
        let scale = want.map(abs).max()!
        for (i, (g, w)) in zip(got, want).enumerated() {
            XCTAssertLessThanOrEqual(abs(g - w), 1e-4 * scale, "logit \(i): \(g) vs PyTorch \(w)")
        }
    }

    func testWrongLayoutNamesKeyAndLayout() throws {
        let r = try BinaryRunner.run(["run", "--layers", Self.d2lAlexNetSmall, "--input", "2x1x99x99",
                                      "--weights", Self.fixtures.appendingPathComponent("d2l-vgg-small.safetensors").path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("'net.0.0.weight'") || r.stderr.contains("'net.0.weight'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("d2l's block key layout"), r.stderr)
        XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }
}
