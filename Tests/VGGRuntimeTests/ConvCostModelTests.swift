import VGGCore
import VGGKernels
import XCTest
@testable import VGGRuntime

/// The cost model's choices on shape families and the shape of its predictions (monotone in size, threads only
/// where they pay): never exact milliseconds, which depend on the machine.
final class ConvCostModelTests: XCTestCase {
    /// Two machines: this project's AVX-512 VM and an AVX2-only one (Zen3-like), both with the default peaks.
    static let machines = [
        MachineProfile(isa: .avx512, cores: 2, gemmGFLOPsPerCore: 75, bandwidthGBs: 15),
        MachineProfile(isa: .avx2, cores: 2, gemmGFLOPsPerCore: 45, bandwidthGBs: 20),
    ]

    private func shape(_ batch: Int, _ cin: Int, _ cout: Int, _ hw: Int, k: Int = 3, pool: Bool = false) -> ConvCostModel.Shape {
        ConvCostModel.Shape(batch: batch, inChannels: cin, outChannels: cout, kernel: k, stride: 1, padding: k / 2,
                            height: hw, width: hw, maxPool2x2: pool)
    }

    /// Tiny maps with many channels (CIFAR's 2x2 and 4x4 512-channel layers): the transformed weights (4x the raw
    /// ones for F4) would dominate, so Winograd is never the choice.
    func testTinyMapsNeverPickWinograd() {
        for machine in Self.machines {
            let model = ConvCostModel(machine: machine)
            for hw in [1, 2, 3, 4] {
                for (cin, cout) in [(256, 512), (512, 512)] {
                    let choice = model.choose(shape(1, cin, cout, hw), maxThreads: 2)
                    XCTAssertFalse(choice.method.isWinograd, "\(machine.isa) \(cin)->\(cout) at \(hw)x\(hw): \(choice)")
                }
            }
        }
    }

    /// Large 3x3 maps with enough channels (VGG's 56x56 and larger): Winograd.
    func testLargeMapsPickWinograd() {
        for machine in Self.machines {
            let model = ConvCostModel(machine: machine)
            for (cin, cout, hw) in [(64, 64, 224), (128, 128, 112), (256, 256, 56), (512, 512, 28), (64, 128, 97)] {
                for batch in [1, 8] {
                    let choice = model.choose(shape(batch, cin, cout, hw), maxThreads: 2)
                    XCTAssertTrue(choice.method.isWinograd, "\(machine.isa) \(batch)x\(cin)->\(cout) at \(hw): \(choice)")
                }
            }
        }
    }

    /// 1x1 convs cannot run Winograd; at a real map size they run the GEMM (a plain one), not the stream path.
    func testOneByOneRunsGEMM() {
        for machine in Self.machines {
            let model = ConvCostModel(machine: machine)
            for hw in [14, 28, 56] {
                XCTAssertEqual(model.choose(shape(1, 256, 256, hw, k: 1), maxThreads: 2).method, .gemm, "\(machine.isa) \(hw)")
            }
        }
    }

    /// The stream path is only offered for tiny outputs (batch x OH x OW <= 64 rows).
    func testStreamOnlyForFewRows() {
        let model = ConvCostModel(machine: Self.machines[0])
        XCTAssertTrue(model.available(.stream, shape(1, 512, 512, 2)))
        XCTAssertTrue(model.available(.stream, shape(4, 512, 512, 4)))
        XCTAssertFalse(model.available(.stream, shape(5, 512, 512, 4)))
        XCTAssertFalse(model.available(.stream, shape(1, 64, 64, 9)))
    }

    /// gemm-rows is offered up to 512 output rows (batch x OH x OW); on a 4x4 or smaller map with many channels the
    /// choice is a path that fills the vector lanes with channels (gemm-rows or stream), not gemm's mostly empty
    /// 16-pixel panels.
    func testSmallMapsFillTheLanesWithChannels() {
        for machine in Self.machines {
            let model = ConvCostModel(machine: machine)
            XCTAssertTrue(model.available(.gemmRows, shape(2, 512, 512, 16)))
            XCTAssertFalse(model.available(.gemmRows, shape(3, 512, 512, 16)))
            for hw in [2, 3, 4] {
                for (cin, cout) in [(256, 512), (512, 512)] {
                    let choice = model.choose(shape(1, cin, cout, hw), maxThreads: 2)
                    XCTAssertTrue([.gemmRows, .stream].contains(choice.method), "\(machine.isa) \(cin)->\(cout) at \(hw): \(choice)")
                }
            }
        }
    }

    /// A Linear streams its weights as loaded at batch 1 (a GEMV is bound by the weight stream), and packs W^T once
    /// for a batch of dozens (full 6x32 tiles, no per-call packing of W).
    func testLinearMethodFollowsTheBatch() {
        for machine in Self.machines {
            let model = ConvCostModel(machine: machine)
            for (nIn, nOut) in [(25088, 4096), (4096, 4096), (1152, 4096)] {
                XCTAssertEqual(model.linearMethod(inFeatures: nIn, outFeatures: nOut, batch: 1, threads: 2).method, .stream)
                XCTAssertEqual(model.linearMethod(inFeatures: nIn, outFeatures: nOut, batch: 64, threads: 2).method, .gemmRows)
            }
        }
    }

    /// Predictions grow with the map, the batch and the channels, for every method, machine and thread count.
    func testPredictionsAreMonotoneInSize() {
        for machine in Self.machines {
            let model = ConvCostModel(machine: machine)
            for method in ConvMethod.allCases {
                for threads in [1, 2] {
                    var last = 0.0
                    for hw in [1, 2, 3, 4, 6, 8, 14, 28, 56, 112, 224] {
                        let t = model.predict(method, shape(1, 64, 64, hw), threads: threads).seconds
                        XCTAssertGreaterThanOrEqual(t, last, "\(machine.isa) \(method) threads \(threads) hw \(hw)")
                        last = t
                    }
                    last = 0
                    for batch in [1, 2, 3, 8, 64] {
                        let t = model.predict(method, shape(batch, 32, 32, 12), threads: threads).seconds
                        XCTAssertGreaterThanOrEqual(t, last, "\(machine.isa) \(method) threads \(threads) batch \(batch)")
                        last = t
                    }
                    last = 0
                    for channels in [1, 3, 16, 64, 256, 512] {
                        let t = model.predict(method, shape(1, channels, channels, 14), threads: threads).seconds
                        XCTAssertGreaterThanOrEqual(t, last, "\(machine.isa) \(method) threads \(threads) channels \(channels)")
                        last = t
                    }
                }
            }
        }
    }

    /// A tiny layer runs on one thread (a sync costs more than the work); a large one on all of them.
    func testThreadsOnlyWhereTheyPay() {
        let model = ConvCostModel(machine: Self.machines[0])
        XCTAssertEqual(model.choose(shape(1, 3, 8, 2), maxThreads: 2).threads, 1)
        XCTAssertEqual(model.choose(shape(1, 256, 256, 56), maxThreads: 2).threads, 2)
        // Asking for more threads than cores never predicts faster than the cores.
        let over = model.predict(.winogradF4, shape(1, 256, 256, 56), threads: 8).seconds
        let cores = model.predict(.winogradF4, shape(1, 256, 256, 56), threads: 2).seconds
        XCTAssertGreaterThanOrEqual(over, cores)
    }

    /// Forced algorithms are honoured where the layer supports them, and the choice is always one the layer supports.
    func testPlanHonoursForcedAndSupportedMethods() throws {
        var spec = VGGSpec(name: "cifar", input: InputShape(batch: 1, channels: 3, height: 32, width: 32),
                           blocks: [Block(convs: 2, channels: 64), Block(convs: 2, channels: 128), Block(convs: 3, channels: 256),
                                    Block(convs: 3, channels: 512), Block(convs: 3, channels: 512)],
                           batchNorm: false, head: .flatten, classifier: [], classes: 10)
        for batch in [1, 3] {
            spec.input.batch = batch
            let summary = try ModelSummary(spec: spec)
            for machine in Self.machines {
                let plan = try ExecutionPlan(summary: summary, options: ExecutionOptions(threads: 2, machine: machine))
                for step in plan.steps {
                    guard case let .conv(conv) = step.op else { continue }
                    XCTAssertTrue(conv.config.method.supports(kernel: conv.kernel, stride: conv.stride, padding: conv.padding,
                                                              inChannels: conv.inChannels))
                    XCTAssertLessThanOrEqual(step.threads, 2)
                    XCTAssertEqual(conv.config.isa, machine.isa)
                    if batch == 1 && conv.height <= 4 && conv.inChannels >= 256 {
                        XCTAssertFalse(conv.config.method.isWinograd, "batch \(batch) \(machine.isa) \(conv.height)x\(conv.width)")
                    }
                    XCTAssertEqual(step.predictedSeconds, conv.candidates.first?.seconds)
                }
                let forced = try ExecutionPlan(summary: summary, options: ExecutionOptions(threads: 2, convAlgorithm: .winograd,
                                                                                           machine: machine))
                XCTAssertTrue(forced.steps.allSatisfy { $0.method == nil || $0.method == .winogradF4 })
                XCTAssertEqual(forced.layers.count, summary.layers.count)
            }
        }
    }
}
