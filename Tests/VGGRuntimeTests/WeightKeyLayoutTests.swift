import Foundation
import VGGCore
import XCTest
@testable import VGGRuntime

/// torchvision's and d2l's key layouts: detection from the keys, each tensor's key in both, loading a d2l file, and
/// mismatch messages that name the key and the layout it was read in.
final class WeightKeyLayoutTests: XCTestCase {
    private var cleanup: [URL] = []

    override func tearDown() {
        for url in cleanup { try? FileManager.default.removeItem(at: url) }
        cleanup = []
    }

    func testDetectFromKeys() {
        XCTAssertEqual(WeightKeyLayout.detect(["features.0.weight", "classifier.0.bias"]), .torchvision)
        XCTAssertEqual(WeightKeyLayout.detect(["net.0.0.weight", "net.6.weight"]), .d2lBlocks)
        XCTAssertEqual(WeightKeyLayout.detect(["net.0.weight", "net.3.bias", "net.14.weight"]), .d2lFlat)
        XCTAssertEqual(WeightKeyLayout.detect([String]()), .torchvision)
    }

    /// d2l's VGG-11 (d2l.ai chapter 8.2): block b's i-th module is net.b.i; Flatten is net.5, the Linears net.6/9/12.
    func testVGG11KeysInD2lLayout() throws {
        let layout = WeightLayout(summary: try ModelSummary(spec: .vgg11))
        func d2l(_ key: String) -> String? { layout.tensors.first { $0.key == key }?.d2lBlocksKey }
        XCTAssertEqual(d2l("features.0.weight"), "net.0.0.weight")
        XCTAssertEqual(d2l("features.3.bias"), "net.1.0.bias")
        XCTAssertEqual(d2l("features.6.weight"), "net.2.0.weight")
        XCTAssertEqual(d2l("features.8.weight"), "net.2.2.weight")
        XCTAssertEqual(d2l("features.18.weight"), "net.4.2.weight")
        XCTAssertEqual(d2l("classifier.0.weight"), "net.7.weight", "5 blocks, avgpool (net.5), flatten (net.6)")
        XCTAssertEqual(d2l("classifier.6.bias"), "net.13.bias")
        var flatHead = VGGSpec.vgg11
        flatHead.head = .flatten
        let flat = WeightLayout(summary: try ModelSummary(spec: flatHead))
        XCTAssertEqual(flat.tensors.filter { $0.role == .linearWeight }.map(\.d2lBlocksKey), ["net.6.weight", "net.9.weight", "net.12.weight"])
        // The flat layout numbers every layer: features.0 is net.0, the first Linear follows the 21 feature layers and flatten.
        XCTAssertEqual(flat.tensors.first?.d2lFlatKey, "net.0.weight")
        XCTAssertEqual(flat.tensors.first { $0.role == .linearWeight }?.d2lFlatKey, "net.22.weight")
    }

    static func d2lVGGSpec() -> VGGSpec {
        VGGSpec(name: "d2l-vgg-small", input: InputShape(batch: 2, channels: 1, height: 24, width: 24),
                blocks: [Block(convs: 1, channels: 4), Block(convs: 1, channels: 8), Block(convs: 2, channels: 8)],
                batchNorm: false, head: .flatten, classifier: [16, 16], classes: 10)
    }

    /// d2l's VGG saved with its own keys (Fixtures/make_paper_references.py) runs and matches PyTorch.
    func testD2lVGGFileRunsAndMatchesPyTorch() throws {
        let weights = try SafeTensorsFile(path: Fixture.url("d2l-vgg-small.safetensors").path)
        XCTAssertEqual(weights.keyLayout, .d2lBlocks)
        let input = try NpyArray.read(contentsOf: Fixture.url("d2l-vgg-small.input.npy"))
        let expected = try NpyArray.read(contentsOf: Fixture.url("d2l-vgg-small.output.npy"))
        let model = try VGGModel(summary: ModelSummary(spec: Self.d2lVGGSpec()), weights: weights,
                                 options: ExecutionOptions(threads: 2, memoryLimit: .unchecked))
        let result = try model.forward(input.values)
        XCTAssertEqual(result.outputShape, expected.shape)
        let scale = expected.values.map(abs).max()!
        assertClose(result.output, expected.values, rel: 1e-4, abs: 1e-4 * scale, "d2l-vgg-small")
    }

    private func edited(_ name: String, _ edit: (inout [SafeTensorsWriter.Tensor]) -> Void) throws -> String {
        let source = try SafeTensorsFile(path: Fixture.url("\(name).safetensors").path)
        var tensors = try source.entries.keys.sorted().map { key in
            SafeTensorsWriter.Tensor(name: key, shape: source.entries[key]!.shape, values: try source.floats(key))
        }
        edit(&tensors)
        let url = Fixture.temporary("\(name)-edited.safetensors")
        cleanup.append(url)
        try SafeTensorsWriter(tensors: tensors, metadata: [:]).write(to: url)
        return url.path
    }

    func testD2lMismatchNamesKeyAndLayout() throws {
        let layout = WeightLayout(summary: try ModelSummary(spec: Self.d2lVGGSpec()))
        let missing = try edited("d2l-vgg-small") { $0.removeAll { $0.name == "net.2.2.weight" } }
        XCTAssertThrowsError(try SafeTensorsFile(path: missing).check(layout)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("'net.2.2.weight'"), message)
            XCTAssertTrue(message.contains("d2l's block key layout"), message)
        }
        let extra = try edited("d2l-vgg-small") {
            $0.append(SafeTensorsWriter.Tensor(name: "net.9.weight", shape: [3, 16], values: Array(repeating: 0, count: 48)))
        }
        XCTAssertThrowsError(try SafeTensorsFile(path: extra).check(layout)) { error in
            guard case let .unexpectedKey(key, found, hint) = error as? WeightsError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "net.9.weight")
            XCTAssertEqual(found, [3, 16])
            XCTAssertTrue(hint.contains("d2l's block key layout"), hint)
        }
        // A torchvision-layout file for the same spec names torchvision's keys and layout.
        let torchvision = try edited("d2l-vgg-small") { tensors in
            tensors = tensors.map { t in
                var t = t
                t.name = t.name.replacingOccurrences(of: "net.", with: "features.")
                return t
            }
        }
        XCTAssertThrowsError(try SafeTensorsFile(path: torchvision).check(layout)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("torchvision's key layout"), message)
            XCTAssertTrue(message.contains("'features.0.weight'") || message.contains("'classifier.0.weight'"), message)
        }
    }
}
