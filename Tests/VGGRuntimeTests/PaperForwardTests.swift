import Foundation
import VGGCore
import VGGKernels
import XCTest
@testable import VGGRuntime

/// The paper's layer types end to end: reduced-width C (1x1 convs), A-LRN, torchvision's and d2l's AlexNet and d2l's
/// VGG against PyTorch (Fixtures/make_paper_references.py: batch 2, weights in torchvision's or d2l's key layout), and
/// the same architectures with seeded weights against the naive chain (ReferenceNetwork).
final class PaperForwardTests: XCTestCase {
    static let fixtures = ["vgg-c-small", "vgg-a-lrn-small", "alexnet-small", "d2l-alexnet-small", "d2l-vgg-small"]

    /// The fixture's architecture (its .json, written by the generating script) as a spec.
    static func spec(_ name: String) throws -> VGGSpec {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixture.url("\(name).json"))) as! [String: Any]
        let dims = object["input"] as! [Int]
        let input = InputShape(batch: dims[0], channels: dims[1], height: dims[2], width: dims[3])
        func number(_ any: Any) -> Double { (any as! NSNumber).doubleValue }
        func lrn(_ item: [Any]) -> LRN {
            LRN(size: item[1] as! Int, alpha: number(item[2]), beta: number(item[3]), k: number(item[4]))
        }
        if object["kind"] as! String == "vgg" {
            let blocks = (object["blocks"] as! [[[Any]]]).map { items in
                Block(layers: items.map { item -> BlockLayer in
                    item[0] as! String == "conv" ? .conv(kernel: item[1] as! Int, channels: item[2] as! Int) : .lrn(lrn(item))
                })
            }
            return VGGSpec(name: name, input: input, blocks: blocks, batchNorm: false,
                           head: object["head"] as! String == "flatten" ? .flatten : .avgpool7,
                           classifier: object["fc"] as! [Int], classes: object["classes"] as! Int)
        }
        let layers = (object["layers"] as! [[Any]]).map { item -> SpecLayer in
            switch item[0] as! String {
            case "conv": .conv(channels: item[1] as! Int, kernel: item[2] as! Int, stride: item[3] as! Int, padding: item[4] as! Int)
            case "relu": .relu
            case "maxpool": .maxPool(kernel: item[1] as! Int, stride: item[2] as! Int)
            case "lrn": .lrn(lrn(item))
            case "avgpool": .adaptiveAvgPool(height: item[1] as! Int, width: item[2] as! Int)
            case "flatten": .flatten
            case "linear": .linear(item[1] as! Int)
            case "dropout": .dropout(number(item[1]))
            default: fatalError("unknown layer \(item) in \(name).json")
            }
        }
        return VGGSpec(name: name, input: input, layers: layers, naming: object["keys"] as! String == "d2l" ? .net : .torchvision)
    }

    /// Every ISA this CPU has, every conv algorithm: logits within 1e-4 of the largest logit.
    func testPyTorchReferences() throws {
        defer { KernelISA.override = nil }
        for name in Self.fixtures {
            let spec = try Self.spec(name)
            let summary = try ModelSummary(spec: spec)
            let weights = try SafeTensorsFile(path: Fixture.url("\(name).safetensors").path)
            XCTAssertEqual(weights.keyLayout, name.hasPrefix("d2l-vgg") ? .d2lBlocks : name.hasPrefix("d2l") ? .d2lFlat : .torchvision, name)
            let input = try NpyArray.read(contentsOf: Fixture.url("\(name).input.npy"))
            let expected = try NpyArray.read(contentsOf: Fixture.url("\(name).output.npy"))
            XCTAssertEqual(input.shape, spec.input.dims, name)
            let scale = expected.values.map(abs).max()!
            for isa in [KernelISA.avx2] + (KernelISA.detected == .avx512 ? [.avx512] : []) {
                KernelISA.override = isa
                for algorithm in ConvAlgorithm.allCases {
                    for fuse in [true, false] {
                        let model = try VGGModel(summary: summary, weights: weights,
                                                 options: ExecutionOptions(threads: 2, convAlgorithm: algorithm, memoryLimit: .unchecked,
                                                                           fuseMaxPool: fuse))
                        XCTAssertEqual(model.estimate, model.allocation, "\(name) memory estimate")
                        let result = try model.forward(input.values)
                        XCTAssertEqual(result.outputShape, expected.shape, name)
                        assertClose(result.output, expected.values, rel: 0, abs: 1e-4 * scale,
                                    "\(name) isa \(isa) \(algorithm) fusePool \(fuse)")
                    }
                }
            }
        }
    }

    /// Seeded weights, odd input sizes and batch 1-3 against the naive chain: the new layers' plan steps (LRN,
    /// overlapping pools, adaptive pools up and down, 1x1 and 11x11/4 convs) on shapes no fixture has.
    func testAgainstNaiveChainOnOtherShapes() throws {
        let shapes: [(String, [Int])] = [("vgg-c-small", [3, 3, 45, 37]), ("vgg-a-lrn-small", [1, 3, 33, 50]),
                                         ("alexnet-small", [2, 3, 99, 70]), ("d2l-alexnet-small", [3, 1, 67, 80]),
                                         ("d2l-vgg-small", [1, 1, 24, 24])]
        for (name, dims) in shapes {
            var spec = try Self.spec(name)
            spec.input = InputShape(batch: dims[0], channels: dims[1], height: dims[2], width: dims[3])
            let summary = try ModelSummary(spec: spec)
            let weights = SeededWeights(seed: 5, biasStd: 0.1)
            let input = VGGModel.randomInput(shape: spec.input, seed: 5).map { $0 * 10 }
            let expected = try ReferenceNetwork.forward(summary: summary, weights: weights, input: input)
            let scale = expected.map(abs).max()!
            for algorithm in ConvAlgorithm.allCases {
                let model = try VGGModel(summary: summary, weights: weights,
                                         options: ExecutionOptions(threads: 2, convAlgorithm: algorithm, memoryLimit: .unchecked))
                assertClose(try model.forward(input).output, expected, rel: 0, abs: 1e-4 * scale, "\(name) \(dims) \(algorithm)")
            }
        }
    }

    /// The what-if's single large kernels (5x5, 7x7 of a block's field) and mixed blocks, with batch norm folded into
    /// them, against the naive chain: every conv algorithm, fused and unfused pools.
    func testLargeKernelBlocksAgainstNaiveChain() throws {
        for batchNorm in [false, true] {
            let spec = VGGSpec(name: "what-if", input: InputShape(batch: 2, channels: 3, height: 29, width: 23),
                               blocks: [Block(layers: [.conv(kernel: 7, channels: 6), .lrn(LRN(size: 3, alpha: 0.01, beta: 0.75, k: 1))]),
                                        Block(layers: [.conv(kernel: 5, channels: 10), .conv(kernel: 1, channels: 10)]),
                                        Block(layers: [.conv(kernel: 3, channels: 20), .conv(kernel: 3, channels: 20), .conv(kernel: 1, channels: 20)])],
                               batchNorm: batchNorm, head: .avgpool7, classifier: [12], classes: 4)
            let summary = try ModelSummary(spec: spec)
            let weights = SeededWeights(seed: 9, biasStd: 0.1, batchNormStatistics: .random)
            let input = VGGModel.randomInput(shape: spec.input, seed: 9).map { $0 * 10 }
            let expected = try ReferenceNetwork.forward(summary: summary, weights: weights, input: input)
            let scale = expected.map(abs).max()!
            for algorithm in ConvAlgorithm.allCases {
                for fuse in [true, false] {
                    let model = try VGGModel(summary: summary, weights: weights,
                                             options: ExecutionOptions(threads: 2, convAlgorithm: algorithm, memoryLimit: .unchecked,
                                                                       fuseMaxPool: fuse))
                    XCTAssertEqual(model.estimate, model.allocation, "memory estimate")
                    assertClose(try model.forward(input).output, expected, rel: 0, abs: 1e-4 * scale,
                                "what-if bn \(batchNorm) \(algorithm) fusePool \(fuse)")
                }
            }
        }
    }

    /// How the plan runs the new layers: LRN and non-2x2 pools are their own kernel steps, 2x2 pools after a conv fuse
    /// into it whatever its kernel size, large and strided kernels take the im2col GEMM.
    func testPlanRunsNewLayers() throws {
        for name in ["vgg-c-small", "vgg-a-lrn-small", "alexnet-small"] {
            let summary = try ModelSummary(spec: Self.spec(name))
            let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                     options: ExecutionOptions(threads: 1, memoryLimit: .unchecked))
            for (i, (execution, facts)) in zip(model.layers, summary.layers).enumerated() {
                switch facts.layer.op {
                case .localResponseNorm:
                    XCTAssertEqual(execution.mode, .kernel, "\(name) \(facts.name)")
                case let .maxPool2d(k, s):
                    if k == 2 && s == 2, case .relu = summary.layers[i - 1].layer.op {
                        guard case .fused = execution.mode else { return XCTFail("\(name) \(facts.name) should fuse") }
                    } else if !(k == 2 && s == 2) {
                        XCTAssertEqual(execution.mode, .kernel, "\(name) \(facts.name)")
                    }
                case let .conv2d(cin, _, k, s, p):
                    let winograd = k == 3 && s == 1 && p == 1 && cin >= 16
                    XCTAssertEqual(execution.algorithm, winograd ? .winograd : .gemm, "\(name) \(facts.name)")
                default:
                    break
                }
            }
        }
    }
}
