import VGGCore
import VGGKernels
import XCTest
@testable import VGGRuntime

final class MemoryEstimateTests: XCTestCase {
    /// The small specs plus one at batch 33, where the Linear layers take the packed-GEMM path and allocate packing
    /// buffers per call (480 outputs x 128 inputs x 33 rows is past GEMM's one-thread cutoff, so they depend on threads).
    private static func specs() -> [VGGSpec] {
        VGGModelTests.smallSpecs() + [
            VGGSpec(name: "linear-gemm", input: InputShape(batch: 33, channels: 3, height: 8, width: 8),
                    blocks: [Block(convs: 1, channels: 8)], batchNorm: false, head: .flatten, classifier: [480], classes: 3),
        ]
    }

    /// Every field of the estimate equals what the built model measured: packed weights and the conv workspace as
    /// its kernels report them, the activation buffers it allocated, the weights it kept and staged, and the Linear's
    /// per-call packing buffers. The activation and workspace figures also equal the tensors the model really holds
    /// (read from the tensors), and a forward pass runs on them: every conv checks its workspace against its own
    /// workspaceCount at the call, so an estimate that undersized it would trap. Cin < 16 convs run GEMM under .auto,
    /// the others Winograd.
    func testEstimateEqualsAllocation() throws {
        for spec in Self.specs() {
            let summary = try ModelSummary(spec: spec)
            let weights = SeededWeights(seed: 11, biasStd: 0.1, batchNormStatistics: .random)
            for algorithm in ConvAlgorithm.allCases {
                for fuseMaxPool in [true, false] {
                    for threads in [1, 2] {
                        let options = ExecutionOptions(threads: threads, convAlgorithm: algorithm, memoryLimit: .unchecked,
                                                       fuseMaxPool: fuseMaxPool)
                        let model = try VGGModel(summary: summary, weights: weights, options: options)
                        let what = "\(spec.name) \(algorithm) fuseMaxPool \(fuseMaxPool) threads \(threads)"
                        XCTAssertEqual(model.estimate, model.allocation, what)
                        XCTAssertEqual(model.estimate.packedBytes, model.allocation.packedBytes, what)
                        XCTAssertEqual(model.estimate.workspaceBytes, model.allocation.workspaceBytes, what)
                        XCTAssertEqual(model.estimate.activationBytes, 4 * (model.bufferA.count + model.bufferB.count), what)
                        if spec.input.batch <= 32 {   // no Linear packing buffers: the workspace is the conv tensor alone
                            XCTAssertEqual(model.estimate.workspaceBytes, 4 * model.workspace.count, what)
                        }
                        let result = try model.forward(VGGModel.randomInput(shape: spec.input, seed: 5))
                        XCTAssertEqual(result.output.count, summary.outputShape.elements, what)
                        // allocatedBytes leaves out only the freed staging copy and the Linear's per-call buffers.
                        XCTAssertLessThanOrEqual(model.allocatedBytes, model.estimate.totalBytes, what)
                    }
                }
            }
        }
        // The batch-33 Linear's packing buffers (KC x NC block + one MC x KC block per thread), by hand:
        // 128 x 480 + threads x 120 x 128 floats.
        let summary = try ModelSummary(spec: Self.specs().last!)
        for threads in [1, 2] {
            let plain = try MemoryEstimate(summary: summary, algorithm: .gemm, workers: 2, threads: threads, fuseMaxPool: false)
            let convOnly = 2 * 27 * 128     // workers x depth x 128-pixel chunk
            XCTAssertEqual(plain.workspaceBytes, 4 * (convOnly + 128 * 480 + threads * 120 * 128), "threads \(threads)")
        }
    }

    /// The guard refuses a limit one byte under the estimate and builds at exactly the estimate: the check after
    /// building uses the same sizes.
    func testGuardAtTheEstimateBoundary() throws {
        let summary = try ModelSummary(spec: VGGModelTests.smallSpecs()[2])
        let weights = SeededWeights(seed: 1)
        let total = try VGGModel(summary: summary, weights: weights,
                                 options: ExecutionOptions(threads: 2, memoryLimit: .unchecked)).estimate.totalBytes
        XCTAssertNoThrow(try VGGModel(summary: summary, weights: weights,
                                      options: ExecutionOptions(threads: 2, memoryLimit: .bytes(total))))
        XCTAssertThrowsError(try VGGModel(summary: summary, weights: weights,
                                          options: ExecutionOptions(threads: 2, memoryLimit: .bytes(total - 1)))) { error in
            guard case let .insufficientMemory(estimate, _) = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(estimate.totalBytes, total)
        }
    }

    /// VGG-11 and VGG-16 at 1x3x224x224, .auto, fused pools, sized for 2 workers (independent of this machine's
    /// cores), derived by hand from the layer shapes and the kernels' rules:
    ///
    /// Weights, kept: fc 25088->4096, 4096->4096, 4096->1000 with biases = 4096*25089 + 4096*4097 + 1000*4097
    ///   = 102,764,544 + 16,781,312 + 4,097,000 = 123,642,856 floats = 494,571,424 B; staged: the largest conv,
    ///   512*512*9 + 512 = 2,359,808 floats = 9,439,232 B. Total 504,010,656 B (both nets).
    /// Packed (.auto: Cin 3 runs GEMM, 6-row panels: roundUp(Cout,6)*Cin*9; the rest Winograd F(4x4,3x3):
    ///   36*roundUp(Cout,6)*Cin; plus Cout bias floats each). Per conv, floats:
    ///   3->64 GEMM 66*27 + 64 = 1,846;  64->64 36*66*64 + 64 = 152,128;  64->128 36*132*64 + 128 = 304,256;
    ///   128->128 608,384;  128->256 36*258*128 + 256 = 1,189,120;  256->256 2,377,984;  256->512 36*516*256 + 512
    ///   = 4,755,968;  512->512 36*516*512 + 512 = 9,511,424.
    ///   VGG-16 (1 + 1 | 1 + 1 | 1 + 2 | 1 + 2 | 3 of 512->512): 59,324,790 floats = 237,299,160 B.
    ///   VGG-11 (3->64, 64->128, 128->256, 256->256, 256->512, 3 x 512->512): 37,163,446 floats = 148,653,784 B.
    /// Activations: two buffers of the largest map a step writes. VGG-16: conv1_1's 64x224x224 (unpooled) =
    ///   3,211,264 floats -> 25,690,112 B. VGG-11: every 224 and 112 conv is pooled, so the pooled 64x112x112 =
    ///   802,816 floats -> 6,422,528 B.
    /// Workspace is not pinned here: its size follows the kernels' tuning (tile blocks, M budget, im2col chunk), so a
    ///   pin would only repeat those constants; testEstimateEqualsAllocation checks it against the tensor a built
    ///   model holds and the convs' own check at the call. Without it: VGG-16 504,010,656 + 237,299,160 + 25,690,112
    ///   = 766,999,928 B; VGG-11 504,010,656 + 148,653,784 + 6,422,528 = 659,086,968 B.
    ///
    /// .gemm on VGG-16: packed = sum of roundUp(Cout,6)*Cin*9 + Cout = 14,831,478 + 4,224 = 14,835,702 floats
    ///   = 59,342,808 B; without the workspace 504,010,656 + 59,342,808 + 25,690,112 = 589,043,576 B.
    func testVGG11AndVGG16PinnedAt224() throws {
        let vgg16 = try MemoryEstimate(summary: ModelSummary(spec: Presets.named("vgg16")!), algorithm: .auto, workers: 2,
                                       threads: 1)
        XCTAssertEqual(vgg16.weightBytes, 504_010_656)
        XCTAssertEqual(vgg16.packedBytes, 237_299_160)
        XCTAssertEqual(vgg16.activationBytes, 25_690_112)
        XCTAssertEqual(vgg16.totalBytes - vgg16.workspaceBytes, 766_999_928)

        let vgg11 = try MemoryEstimate(summary: ModelSummary(spec: Presets.named("vgg11")!), algorithm: .auto, workers: 2,
                                       threads: 1)
        XCTAssertEqual(vgg11.weightBytes, 504_010_656)
        XCTAssertEqual(vgg11.packedBytes, 148_653_784)
        XCTAssertEqual(vgg11.activationBytes, 6_422_528)
        XCTAssertEqual(vgg11.totalBytes - vgg11.workspaceBytes, 659_086_968)

        let gemm16 = try MemoryEstimate(summary: ModelSummary(spec: Presets.named("vgg16")!), algorithm: .gemm, workers: 2,
                                        threads: 1)
        XCTAssertEqual(gemm16.packedBytes, 59_342_808)
        XCTAssertEqual(gemm16.totalBytes - gemm16.workspaceBytes, 589_043_576)
    }
}
