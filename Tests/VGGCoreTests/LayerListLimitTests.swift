import Foundation
@testable import VGGCore
import XCTest

/// Layer lists and block kernels are bounded by `SpecLimits` before any work (QA pass after #10/#13): kernels,
/// strides, padding, LRN sizes and adaptive-pool outputs past the limits used to be accepted (an LRN of size
/// 2^63-1 trapped on an overflow in ptflops' rule), and a preset of more than 1024 layers was refused although
/// `--layers` takes 4096.
final class LayerListLimitTests: XCTestCase {
    func refusal(_ layers: String, input: InputShape = InputShape(channels: 3, height: 32, width: 32)) -> String? {
        do {
            _ = try ModelSummary(spec: VGGSpec(name: "t", input: input, layers: try Notation.layers(layers)))
            return nil
        } catch { return error.message }
    }

    func blockRefusal(_ blocks: String) -> String? {
        do {
            _ = try ModelSummary(spec: VGGSpec(input: InputShape(channels: 3, height: 32, width: 32),
                                               blocks: try Notation.blocks(blocks), classifier: [], classes: 10))
            return nil
        } catch { return error.message }
    }

    func testLayerListWindowsAreBounded() {
        let w = SpecLimits.window
        let cases: [(String, String)] = [
            ("conv 8 k99999 p50000, flatten, linear 10", "kernel must be at most \(w), got 99999"),
            ("conv 8 k3 s99999999, flatten, linear 10", "stride must be at most \(w), got 99999999"),
            ("conv 8 k3 s9223372036854775807, flatten, linear 10", "stride must be at most \(w)"),
            ("conv 8 k3 p99999999, flatten, linear 10", "padding must be at most \(w), got 99999999"),
            ("conv 8 k3 p9223372036854775807, flatten, linear 10", "padding must be at most \(w)"),
            ("conv 8 k3, maxpool k99999999, flatten, linear 10", "kernel must be at most \(w), got 99999999"),
            ("conv 8 k3, maxpool k1 s99999999999999, flatten, linear 10", "stride must be at most \(w)"),
            ("conv 8 k3, lrn 9223372036854775807, flatten, linear 10", "size must be at most \(w), got 9223372036854775807"),
            ("conv 8 k3, lrn 1000000000, flatten, linear 10", "size must be at most \(w)"),
            ("conv 8 k3, avgpool 99999999x99999999, flatten, linear 10",
             "output size must be at most \(SpecLimits.inputSide)x\(SpecLimits.inputSide), got 99999999x99999999"),
        ]
        for (text, fragment) in cases {
            let message = refusal(text)
            XCTAssertNotNil(message, text)
            XCTAssertTrue(message?.contains(fragment) == true, "\(text): \(message ?? "accepted")")
        }
        // The limits themselves are allowed (PyTorch takes them too).
        XCTAssertNil(refusal("conv 8 k3 s\(w) p\(w), lrn \(w), maxpool k1 s\(w), avgpool 3x5, flatten, linear 10"))
        XCTAssertNil(refusal("conv 8 k1023 p511, flatten, linear 10", input: InputShape(channels: 1, height: 1, width: 1)))
    }

    func testBlockKernelsAndLRNSizesAreBounded() {
        XCTAssertTrue(blockRefusal("1x8k99999")?.contains("kernel must be at most \(SpecLimits.window), got 99999") == true,
                      blockRefusal("1x8k99999") ?? "accepted")
        XCTAssertTrue(blockRefusal("1x8k9223372036854775807")?.contains("at most \(SpecLimits.window)") == true,
                      blockRefusal("1x8k9223372036854775807") ?? "accepted")
        XCTAssertTrue(blockRefusal("1x8+lrn9223372036854775807")?.contains("size must be at most \(SpecLimits.window)") == true,
                      blockRefusal("1x8+lrn9223372036854775807") ?? "accepted")
        XCTAssertNil(blockRefusal("1x8+lrn\(SpecLimits.window),1x8k5"))
    }

    /// A block's LRN groups were unbounded: `1x8+lrn+lrn+...` (30,000) took 4 s to summarise, a preset block of
    /// 100,000 took 15 s. Convs and LRNs together are bounded now.
    func testLayersPerBlockAreBounded() {
        let many = "1x8" + String(repeating: "+lrn", count: 30_000)
        let message = blockRefusal(many)
        XCTAssertTrue(message?.contains("at most \(SpecLimits.layersPerBlock) layers (convolutions and LRNs) per block, got 30001") == true,
                      message ?? "accepted")
        XCTAssertNil(blockRefusal("256x8" + String(repeating: "+lrn", count: SpecLimits.layersPerBlock - 256)))
        XCTAssertNotNil(blockRefusal("256x8" + String(repeating: "+lrn", count: SpecLimits.layersPerBlock - 255)))
    }

    /// ptflops' LRN rule adds size - 1 channels: checked, so a size the validation let through can never trap.
    func testPtflopsLRNRuleIsChecked() {
        let shape = TensorShape([1, 8, 4, 4])
        XCTAssertThrowsError(try CountingTool.ptflops(.localResponseNorm(size: .max, alpha: 1e-4, beta: 0.75, k: 2),
                                                      shape, shape))
    }

    func testPresetsHoldAsManyLayersAsTheCommandLine() throws {
        func preset(_ count: Int) -> Data {
            let layers = Array(repeating: "\"relu\"", count: count).joined(separator: ",")
            return Data(#"{"name": "long", "input": [3, 8, 8], "layers": [\#(layers), "flatten", "linear 10"], "classes": 10}"#.utf8)
        }
        let spec = try VGGSpec(json: preset(VGGSpec.maxLayers - 2), source: "long.json", defaultName: "long")
        XCTAssertEqual(spec.layers?.count, VGGSpec.maxLayers)
        XCTAssertNoThrow(try ModelSummary(spec: spec))
        XCTAssertThrowsError(try VGGSpec(json: preset(VGGSpec.maxLayers + 10), source: "long.json", defaultName: "long")) {
            let m = ($0 as? SpecError)?.message ?? ""
            XCTAssertTrue(m.contains("\(VGGSpec.maxLayers) layers"), m)
        }
    }
}
