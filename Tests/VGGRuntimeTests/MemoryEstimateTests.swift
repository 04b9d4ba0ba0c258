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
    /// per-call packing buffers. Cin < 16 convs run GEMM under .auto, the others Winograd.
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
    /// Workspace: the largest conv need. Winograd: workers*M + slots*V + 16 floats, the larger of the AVX2 and
    ///   AVX-512 plans; the largest is 256->256 at 56x56 (14x14 = 196 tiles, 13 panels of 16) on AVX-512: 128-tile
    ///   blocks, M = 36 * 108 rows (524,288 / (36*128) rounded down to 6) * 128 = 497,664; V = 36 * (256*128 + 16) =
    ///   1,180,224; 2 blocks, and at 2 threads 2 < 3*2 blocks splits Cout, so each block keeps its own V: slots = 2.
    ///   2*497,664 + 2*1,180,224 + 16 = 3,355,792 floats (AVX2: 64-tile blocks, M 36*108*64, V 36*(256*64+16), 4 slots:
    ///   2,859,280; 512->512 at 28x28: 2,858,128; 64->64 at 224: 300,688; the pooled GEMM 3->64 of VGG-11:
    ///   2*(27*128 + 66*448) = 66,048). = 13,423,168 B (both nets).
    /// Totals: VGG-16 780,423,096 B; VGG-11 672,510,136 B.
    ///
    /// .gemm on VGG-16 (the im2col figures were already exact): packed = sum of roundUp(Cout,6)*Cin*9 + Cout =
    ///   14,831,478 + 4,224 = 14,835,702 floats = 59,342,808 B; workspace = conv5_3 with its fused pool at 14x14:
    ///   per worker 256*128 im2col slice + 516 rows * 9 bands * 28 pixels = 32,768 + 130,032; x2 = 325,600 floats
    ///   = 1,302,400 B. Total 504,010,656 + 59,342,808 + 25,690,112 + 1,302,400 = 590,345,976 B.
    func testVGG11AndVGG16PinnedAt224() throws {
        let vgg16 = try MemoryEstimate(summary: ModelSummary(spec: Presets.named("vgg16")!), algorithm: .auto, workers: 2,
                                       threads: 1)
        XCTAssertEqual(vgg16.weightBytes, 504_010_656)
        XCTAssertEqual(vgg16.packedBytes, 237_299_160)
        XCTAssertEqual(vgg16.activationBytes, 25_690_112)
        XCTAssertEqual(vgg16.workspaceBytes, 13_423_168)
        XCTAssertEqual(vgg16.totalBytes, 780_423_096)

        let vgg11 = try MemoryEstimate(summary: ModelSummary(spec: Presets.named("vgg11")!), algorithm: .auto, workers: 2,
                                       threads: 1)
        XCTAssertEqual(vgg11.weightBytes, 504_010_656)
        XCTAssertEqual(vgg11.packedBytes, 148_653_784)
        XCTAssertEqual(vgg11.activationBytes, 6_422_528)
        XCTAssertEqual(vgg11.workspaceBytes, 13_423_168)
        XCTAssertEqual(vgg11.totalBytes, 672_510_136)

        let gemm16 = try MemoryEstimate(summary: ModelSummary(spec: Presets.named("vgg16")!), algorithm: .gemm, workers: 2,
                                        threads: 1)
        XCTAssertEqual(gemm16.packedBytes, 59_342_808)
        XCTAssertEqual(gemm16.workspaceBytes, 1_302_400)
        XCTAssertEqual(gemm16.totalBytes, 590_345_976)
    }
}
