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

    /// A fixed machine, so the plan's choices and sizes do not depend on the host (its ISA still falls back to AVX2 on a
    /// CPU without AVX-512).
    static let machine = MachineProfile(isa: .avx512, cores: 2, gemmGFLOPsPerCore: 75, bandwidthGBs: 15)

    /// The plan's sizes are the kernels' own: every built conv reports the packed bytes its plan step has and needs no
    /// more workspace than the step reserved; the estimate is the sum/max of the steps. Every algorithm (forced and
    /// the cost model's), fused pools on and off, 1 and 2 threads.
    func testPlanSizesAreTheKernels() throws {
        for spec in Self.specs() {
            let summary = try ModelSummary(spec: spec)
            let weights = SeededWeights(seed: 11, biasStd: 0.1, batchNormStatistics: .random)
            for algorithm in ConvAlgorithm.allCases {
                for fuseMaxPool in [true, false] {
                    for threads in [1, 2] {
                        let options = ExecutionOptions(threads: threads, convAlgorithm: algorithm, memoryLimit: .unchecked,
                                                       fuseMaxPool: fuseMaxPool, machine: Self.machine)
                        let model = try VGGModel(summary: summary, weights: weights, options: options)
                        let what = "\(spec.name) \(algorithm) fuseMaxPool \(fuseMaxPool) threads \(threads)"
                        XCTAssertEqual(model.steps.count, model.plan.steps.count, what)
                        for (built, planned) in zip(model.steps, model.plan.steps) {
                            XCTAssertEqual(built.layers, planned.layers, what)
                            XCTAssertEqual(built.pool.threads, planned.threads, what)
                            if case let .linear(linear, _, _) = built.kernel {
                                XCTAssertEqual(linear.method, planned.linearMethod, what)
                                XCTAssertEqual(linear.heldBytes, planned.packedBytes + planned.keptWeightBytes, what)
                            }
                            guard case let .conv(conv, _, maxPool, batch, height, width) = built.kernel,
                                  case let .conv(step) = planned.op else { continue }
                            XCTAssertEqual(conv.packedBytes, planned.packedBytes, what)
                            XCTAssertEqual(conv.config, step.config, what)
                            XCTAssertLessThanOrEqual(conv.workspaceCount(batch: batch, height: height, width: width,
                                                                         maxPool2x2: maxPool), planned.workspaceFloats, what)
                        }
                        let estimate = try MemoryEstimate(plan: model.plan)
                        XCTAssertEqual(model.estimate, estimate, what)
                        XCTAssertEqual(estimate.packedBytes, model.plan.steps.reduce(0) { $0 + $1.packedBytes }, what)
                        XCTAssertEqual(model.estimate.activationBytes, 4 * (model.bufferA.count + model.bufferB.count), what)
                        if spec.input.batch <= 32 {   // no Linear packing buffers: the workspace is the conv tensor alone
                            XCTAssertEqual(model.estimate.workspaceBytes, 4 * model.workspace.count, what)
                        }
                        // Every conv checks its workspace against its own workspaceCount at the call, so an estimate
                        // that undersized it would trap here.
                        let result = try model.forward(VGGModel.randomInput(shape: spec.input, seed: 5))
                        XCTAssertEqual(result.output.count, summary.outputShape.elements, what)
                        // allocatedBytes leaves out only the freed staging copy and the Linear's per-call buffers.
                        XCTAssertLessThanOrEqual(model.allocatedBytes, model.estimate.totalBytes, what)
                    }
                }
            }
        }
        // A batch-64 4096 -> 4096 Linear packs W^T once (gemm-rows; planned only, no weights built): no kept weights but
        // the biases, the packed copy (4096 columns, a multiple of 32) in packedBytes, the loaded tensor staged, and per
        // call the 64 rows in 6-row panels (66 x 4096) and the 66 x 4096 result.
        let wide = VGGSpec(name: "linear-rows", input: InputShape(batch: 64, channels: 3, height: 4, width: 4),
                           blocks: [Block(convs: 1, channels: 1024)], batchNorm: false, head: .flatten, classifier: [4096],
                           classes: 10)
        let rowsPlan = try ExecutionPlan(summary: try ModelSummary(spec: wide), options: ExecutionOptions(threads: 2, machine: Self.machine))
        let hidden = try XCTUnwrap(rowsPlan.steps.first { $0.linearMethod != nil })
        XCTAssertEqual(hidden.linearMethod, .gemmRows)
        XCTAssertEqual(hidden.packedBytes, 4 * (4096 * 4096 + 4096))
        XCTAssertEqual(hidden.keptWeightBytes, 0)
        XCTAssertEqual(hidden.stagingFloats, 4096 * 4096)
        XCTAssertEqual(hidden.linearWorkspaceFloats, 66 * 4096 + 66 * 4096)
        let wideEstimate = try MemoryEstimate(plan: rowsPlan)
        XCTAssertGreaterThanOrEqual(wideEstimate.packedBytes, hidden.packedBytes)
        XCTAssertGreaterThanOrEqual(wideEstimate.weightBytes, 4 * 4096 * 4096)
        // The batch-33 Linear's packing buffers (KC x NC block + one MC x KC block per thread), by hand:
        // 128 x 480 + threads x 120 x 128 floats, beside the GEMM conv's workspace: 33 images of an 8x8 map fold the batch
        // into the columns, so per thread the 27-deep x 128-column im2col slice and the 12-row (8 channels in 6-row
        // panels) x 128-column result buffer.
        let summary = try ModelSummary(spec: Self.specs().last!)
        for threads in [1, 2] {
            let plain = try MemoryEstimate(summary: summary, options: ExecutionOptions(
                threads: threads, convAlgorithm: .gemm, fuseMaxPool: false, machine: Self.machine))
            let convOnly = threads * (27 + 12) * 128
            let plan = try ExecutionPlan(summary: summary, options: ExecutionOptions(
                threads: threads, convAlgorithm: .gemm, fuseMaxPool: false, machine: Self.machine))
            // The cost model may run it either way; each method's per-call buffers by hand (gemm-rows: 36 x 128 rows
            // and a 36 x 480 result).
            let linear = plan.steps.first { $0.linearMethod != nil }?.linearMethod == .gemmRows
                ? 36 * 128 + 36 * 480 : 128 * 480 + threads * 120 * 128
            XCTAssertEqual(plain.workspaceBytes, 4 * (convOnly + linear), "threads \(threads)")
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

    /// VGG-16 at 1x3x224x224 with forced algorithms on 2 threads, fused pools, derived by hand from the layer shapes
    /// and the kernels' rules:
    ///
    /// Weights, kept: fc 25088->4096, 4096->4096, 4096->1000 with biases = 4096*25089 + 4096*4097 + 1000*4097
    ///   = 102,764,544 + 16,781,312 + 4,097,000 = 123,642,856 floats = 494,571,424 B; staged: the largest conv,
    ///   512*512*9 + 512 = 2,359,808 floats = 9,439,232 B. Total 504,010,656 B.
    /// Activations: two buffers of conv1_1's unpooled 64x224x224 = 3,211,264 floats -> 25,690,112 B.
    /// .gemm: packed = sum of roundUp(Cout,6)*Cin*9 + Cout = 14,831,478 + 4,224 = 14,835,702 floats = 59,342,808 B;
    ///   workspace = conv5_3 with its fused pool at 14x14: per worker 256*128 im2col slice + 516 rows * 9 bands * 28
    ///   pixels = 32,768 + 130,032; x2 = 325,600 floats = 1,302,400 B. Total 590,345,976 B.
    /// .winograd (F(4x4,3x3) on every conv, conv1_1 included): packed 36*roundUp(Cout,6)*Cin + Cout per conv:
    ///   3->64 7,192; 64->64 152,128; 64->128 304,256; 128->128 608,384; 128->256 1,189,120; 256->256 2,377,984 (x2);
    ///   256->512 4,755,968; 512->512 9,511,424 (x5) = 59,330,136 floats = 237,320,544 B. Workspace on AVX-512: the
    ///   256->256 convs at 56x56 (196 tiles): 128-tile blocks, M = 36 * 108 rows * 128 = 497,664, V = 36 * (256*128 +
    ///   16) = 1,180,224; 2 blocks < 3*2 split Cout, so slots = 2: 2*497,664 + 2*1,180,224 + 16 = 3,355,792 floats =
    ///   13,423,168 B.
    func testVGG16PinnedAt224() throws {
        let summary = try ModelSummary(spec: Presets.named("vgg16")!)
        func estimate(_ algorithm: ConvAlgorithm) throws -> MemoryEstimate {
            try MemoryEstimate(summary: summary, options: ExecutionOptions(threads: 2, convAlgorithm: algorithm,
                                                                           machine: Self.machine))
        }
        let gemm16 = try estimate(.gemm)
        XCTAssertEqual(gemm16.weightBytes, 504_010_656)
        XCTAssertEqual(gemm16.activationBytes, 25_690_112)
        XCTAssertEqual(gemm16.packedBytes, 59_342_808)
        XCTAssertEqual(gemm16.workspaceBytes, 1_302_400)
        XCTAssertEqual(gemm16.totalBytes, 590_345_976)

        let winograd16 = try estimate(.winograd)
        XCTAssertEqual(winograd16.weightBytes, 504_010_656)
        XCTAssertEqual(winograd16.packedBytes, 237_320_544)
        if KernelISA.detected == .avx512 {
            XCTAssertEqual(winograd16.workspaceBytes, 13_423_168)
        }
    }

    /// The cost model's plan for VGG-16 keeps every buffer the estimate reports within the forced plans' envelope:
    /// packed weights no larger than all-Winograd, activations those of conv1_1.
    func testAutoPlanWithinTheEnvelope() throws {
        let summary = try ModelSummary(spec: Presets.named("vgg16")!)
        let auto = try MemoryEstimate(summary: summary, options: ExecutionOptions(threads: 2, machine: Self.machine))
        XCTAssertLessThanOrEqual(auto.packedBytes, 237_320_544)
        XCTAssertGreaterThanOrEqual(auto.packedBytes, 59_342_808 - 4 * 14_831_478 / 6)
        XCTAssertEqual(auto.activationBytes, 25_690_112)
        XCTAssertEqual(auto.weightBytes, 504_010_656)
    }
}
