import Foundation
import VGGCore
import VGGKernels
import XCTest
@testable import VGGRuntime

final class VGGModelTests: XCTestCase {
    private let unchecked = ExecutionOptions(threads: 2, memoryLimit: .unchecked)

    /// PyTorch eval-mode outputs (see Fixtures/make_torch_references.py): tiny (the shared reference), batch norm
    /// with random statistics at batch 2, avgpool7 over a smaller map, flatten on a 1-channel non-square input,
    /// and weights stored as BF16 and F16.
    func testPyTorchReferencesThroughSafetensors() throws {
        for name in ["tiny", "bn-avgpool", "bn-flatten-bf16", "plain-avgpool-f16"] {
            var spec = try VGGSpec(json: Data(contentsOf: Fixture.url("\(name).json")), source: name, defaultName: name)
            let weights = try SafeTensorsFile(path: Fixture.url("\(name).safetensors").path)
            let input = try NpyArray.read(contentsOf: Fixture.url("\(name).input.npy"))
            let expected = try NpyArray.read(contentsOf: Fixture.url("\(name).output.npy"))
            XCTAssertEqual(input.shape, spec.input.dims, name)
            spec.input = InputShape(batch: input.shape[0], channels: input.shape[1], height: input.shape[2], width: input.shape[3])
            for algorithm in ConvAlgorithm.allCases {
                let model = try VGGModel(summary: ModelSummary(spec: spec), weights: weights,
                                         options: ExecutionOptions(threads: 2, convAlgorithm: algorithm, memoryLimit: .unchecked))
                let result = try model.forward(input.values)
                XCTAssertEqual(result.outputShape, expected.shape, name)
                let scale = expected.values.map(abs).max()!
                assertClose(result.output, expected.values, rel: 1e-4, abs: 1e-5 * scale, "\(name), \(algorithm)")
            }
        }
    }

    /// Small specs covering both heads, batch norm with random statistics, batch 2 and odd sizes.
    static func smallSpecs() -> [VGGSpec] {
        [
            VGGSpec(name: "bn-avgpool", input: InputShape(batch: 2, channels: 3, height: 20, width: 20),
                    blocks: [Block(convs: 1, channels: 8), Block(convs: 2, channels: 20)], batchNorm: true,
                    head: .avgpool7, classifier: [24], classes: 5),
            VGGSpec(name: "bn-flatten", input: InputShape(batch: 2, channels: 3, height: 19, width: 23),
                    blocks: [Block(convs: 2, channels: 12), Block(convs: 1, channels: 17)], batchNorm: true,
                    head: .flatten, classifier: [16, 10], classes: 3),
            VGGSpec(name: "plain-avgpool", input: InputShape(batch: 1, channels: 1, height: 36, width: 36),
                    blocks: [Block(convs: 1, channels: 16), Block(convs: 1, channels: 32), Block(convs: 2, channels: 32)],
                    batchNorm: false, head: .avgpool7, classifier: [], classes: 7),
        ]
    }

    func testWholeNetworkMatchesNaiveChain() throws {
        for spec in Self.smallSpecs() {
            let summary = try ModelSummary(spec: spec)
            let seed: UInt64 = 42
            let weights = SeededWeights(seed: seed, biasStd: 0.1, batchNormStatistics: .random)
            let input = VGGModel.randomInput(shape: spec.input, seed: seed)
            let expected = try ReferenceNetwork.forward(summary: summary, weights: weights, input: input)
            for algorithm in ConvAlgorithm.allCases {
                for threads in [1, 2] {
                    let model = try VGGModel(summary: summary, weights: weights,
                                             options: ExecutionOptions(threads: threads, convAlgorithm: algorithm, memoryLimit: .unchecked))
                    let result = try model.forward(input)
                    XCTAssertEqual(result.outputShape, summary.outputShape.dims)
                    let scale = expected.map(abs).max()!
                    assertClose(result.output, expected, rel: 1e-3, abs: 1e-4 * scale,
                                "\(spec.name) \(algorithm) threads \(threads) seed \(seed)")
                }
            }
        }
    }

    /// The MaxPool fused into the conv epilogue against the pool as its own step: same logits (Winograd bit for bit,
    /// GEMM to rounding), one step fewer per pool, and activation buffers (estimated and allocated) sized for what the
    /// steps write.
    func testMaxPoolFusionMatchesUnfused() throws {
        for spec in Self.smallSpecs() {
            let summary = try ModelSummary(spec: spec)
            let pools = summary.layers.filter { if case .maxPool2d = $0.layer.op { return true } else { return false } }.count
            let seed: UInt64 = 9
            let weights = SeededWeights(seed: seed, biasStd: 0.1, batchNormStatistics: .random)
            let input = VGGModel.randomInput(shape: spec.input, seed: seed)
            for algorithm in ConvAlgorithm.allCases {
                for threads in [1, 2] {
                    var options = ExecutionOptions(threads: threads, convAlgorithm: algorithm, memoryLimit: .unchecked)
                    let fused = try VGGModel(summary: summary, weights: weights, options: options)
                    options.fuseMaxPool = false
                    let unfused = try VGGModel(summary: summary, weights: weights, options: options)
                    let what = "\(spec.name) \(algorithm) threads \(threads) seed \(seed)"
                    XCTAssertEqual(fused.steps.count + pools, unfused.steps.count, what)
                    let a = try fused.forward(input).output, b = try unfused.forward(input).output
                    if algorithm == .winograd {
                        XCTAssertEqual(a, b, what)
                    } else {
                        assertClose(a, b, rel: 1e-5, abs: 1e-6 * b.map(abs).max()!, what)
                    }
                    for model in [fused, unfused] {
                        let largest = model.steps.map(\.outputCount).max()!
                        XCTAssertEqual(model.estimate.activationBytes, 2 * 4 * largest, what)
                    }
                }
            }
        }
    }

    func testThreadCountsAgree() throws {
        let spec = Self.smallSpecs()[0]
        let summary = try ModelSummary(spec: spec)
        let weights = SeededWeights(seed: 5, biasStd: 0.05, batchNormStatistics: .random)
        let input = VGGModel.randomInput(shape: spec.input, seed: 5)
        let one = try VGGModel(summary: summary, weights: weights, options: ExecutionOptions(threads: 1, memoryLimit: .unchecked))
        let two = try VGGModel(summary: summary, weights: weights, options: ExecutionOptions(threads: 2, memoryLimit: .unchecked))
        let a = try one.forward(input).output, b = try two.forward(input).output
        assertClose(b, a, rel: 1e-5, abs: 1e-6, "threads 1 vs 2, seed 5")
        // Running twice reuses the buffers and gives the same answer.
        XCTAssertEqual(try two.forward(input).output, b)
    }

    func testSameSeedSameOutput() throws {
        let spec = Self.smallSpecs()[1]
        let summary = try ModelSummary(spec: spec)
        func run(_ seed: UInt64) throws -> [Float] {
            let model = try VGGModel(summary: summary, weights: SeededWeights(seed: seed), options: unchecked)
            return try model.forward(VGGModel.randomInput(shape: spec.input, seed: seed)).output
        }
        XCTAssertEqual(try run(3), try run(3))
        XCTAssertNotEqual(try run(3), try run(4))
    }

    func testFusionAndTimingRows() throws {
        let spec = Self.smallSpecs()[0]
        let summary = try ModelSummary(spec: spec)
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1), options: unchecked)
        XCTAssertEqual(model.layers.map(\.name), summary.layers.map(\.name))
        for (execution, facts) in zip(model.layers, summary.layers) {
            switch facts.layer.op {
            case .conv2d:
                XCTAssertEqual(execution.mode, .kernel)
                XCTAssertNotNil(execution.algorithm)
            case .batchNorm2d, .relu:
                guard case .fused = execution.mode else { return XCTFail("\(facts.name) should be fused") }
            case .flatten, .dropout:
                XCTAssertEqual(execution.mode, .view)
            case .maxPool2d:
                // Every pool of a VGG follows a conv (+BatchNorm) + ReLU: it runs in that conv's epilogue.
                guard case let .fused(owner) = execution.mode,
                      case .conv2d? = summary.layers.first(where: { $0.name == owner })?.layer.op else {
                    return XCTFail("\(facts.name) should be fused into a conv, is \(execution.mode)")
                }
            case .adaptiveAvgPool2d, .linear, .localResponseNorm:
                XCTAssertEqual(execution.mode, .kernel)
            }
        }
        XCTAssertEqual(model.layers[1].mode, .fused(into: "features.0"))
        XCTAssertEqual(model.layers[3].mode, .fused(into: "features.0"), "features.3 is the first MaxPool2d")
        var options = unchecked
        options.fuseMaxPool = false
        let unfused = try VGGModel(summary: summary, weights: SeededWeights(seed: 1), options: options)
        XCTAssertEqual(unfused.layers[3].mode, .kernel)
        XCTAssertEqual(unfused.layers[2].mode, .fused(into: "features.0"))
        let input = VGGModel.randomInput(shape: spec.input, seed: 1)
        let before = MonotonicClock.now()
        let result = try model.forward(input)
        let wall = MonotonicClock.now() - before
        XCTAssertEqual(result.timings.map(\.name), summary.layers.map(\.name))
        for (timing, execution) in zip(result.timings, model.layers) where execution.mode != .kernel {
            XCTAssertEqual(timing.seconds, 0, timing.name)
        }
        XCTAssertGreaterThan(result.timings[0].seconds, 0)
        // The pass's total is its own clock's span: it holds every layer's time and fits inside the caller's clock, so a
        // total that double-counted, dropped layers or included setup outside the pass would fail here.
        XCTAssertGreaterThanOrEqual(result.totalSeconds, result.timings.map(\.seconds).reduce(0, +))
        XCTAssertLessThanOrEqual(result.totalSeconds, wall)
    }

    func testProgressAndCancellationBetweenLayers() throws {
        let spec = Self.smallSpecs()[0]
        let summary = try ModelSummary(spec: spec)
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1), options: unchecked)
        let input = VGGModel.randomInput(shape: spec.input, seed: 1)
        var events: [ForwardProgress] = []
        _ = try model.forward(input) { events.append($0) }
        XCTAssertEqual(events.first?.finished, false)
        XCTAssertEqual(events.last?.completedLayers, summary.layers.count)
        XCTAssertTrue(events.allSatisfy { $0.layerCount == summary.layers.count })

        let token = CancellationToken()
        var ran: [String] = []
        XCTAssertThrowsError(try model.forward(input, progress: { event in
            if event.finished {
                ran.append(event.layerName)
                if ran.count == 2 { token.cancel() }
            }
        }, cancellation: token)) { error in
            guard case let .cancelled(done, total) = error as? RuntimeError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(total, summary.layers.count)
            XCTAssertEqual(done, events.filter(\.finished)[1].completedLayers)
        }
        XCTAssertEqual(ran.count, 2, "no layer runs after the cancel")
        // The model stays usable after a cancelled pass.
        XCTAssertEqual(try model.forward(input).output.count, summary.outputShape.elements)
    }

    func testCancellationFromAnotherThread() throws {
        let spec = Self.smallSpecs()[2]
        let model = try VGGModel(summary: ModelSummary(spec: spec), weights: SeededWeights(seed: 1), options: unchecked)
        let token = CancellationToken()
        token.cancel()
        let input = VGGModel.randomInput(shape: spec.input, seed: 1)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Error?
        DispatchQueue.global().async {
            do { _ = try model.forward(input, cancellation: token) } catch { outcome = error }
            done.signal()
        }
        done.wait()
        guard case .cancelled(0, _) = outcome as? RuntimeError else { return XCTFail("unexpected \(String(describing: outcome))") }
    }

    func testMemoryGuardRefusesWithEstimate() throws {
        let summary = try ModelSummary(spec: Self.smallSpecs()[0])
        XCTAssertThrowsError(try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                          options: ExecutionOptions(memoryLimit: .bytes(10_000)))) { error in
            guard case let .insufficientMemory(estimate, available) = error as? RuntimeError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(available, 10_000)
            XCTAssertGreaterThan(estimate.totalBytes, 10_000)
            XCTAssertTrue("\(error)".contains("weights"))
        }
        XCTAssertEqual(SystemMemory.parseAvailable("MemTotal: 100 kB\nMemAvailable:    2048 kB\n"), 2048 * 1024)
        XCTAssertNil(SystemMemory.parseAvailable("nothing here"))
    }

    func testVGG16EstimateCoversWeights() throws {
        let summary = try ModelSummary(spec: Presets.named("vgg16")!)
        let estimate = try MemoryEstimate(summary: summary, algorithm: .gemm, workers: 2)
        // Linear weights alone are 123.6M params; the estimate must exceed them and the largest activation pair.
        XCTAssertGreaterThan(estimate.weightBytes, 123_000_000 * 4)
        XCTAssertEqual(estimate.activationBytes, 2 * 64 * 224 * 224 * 4)
    }

    func testFusedPoolShrinksVGG11Buffers() throws {
        // VGG-11's first conv (64x224x224, 12.8 MB) is followed by a pool: fused, the largest written map is the
        // 64x112x112 pooled one (the 128x112x112 conv is pooled too). VGG-16's conv1_1 still writes 64x224x224.
        let vgg11 = try ModelSummary(spec: Presets.named("vgg11")!)
        for algorithm in ConvAlgorithm.allCases {
            XCTAssertEqual(try MemoryEstimate(summary: vgg11, algorithm: algorithm, workers: 2).activationBytes, 2 * 64 * 112 * 112 * 4)
            XCTAssertEqual(try MemoryEstimate(summary: vgg11, algorithm: algorithm, workers: 2, fuseMaxPool: false).activationBytes,
                           2 * 64 * 224 * 224 * 4)
        }
        let vgg16 = try ModelSummary(spec: Presets.named("vgg16")!)
        XCTAssertEqual(try MemoryEstimate(summary: vgg16, algorithm: .auto, workers: 2).activationBytes, 2 * 64 * 224 * 224 * 4)
    }

    func testBadInputsAreTypedErrors() throws {
        let spec = Self.smallSpecs()[0]
        let summary = try ModelSummary(spec: spec)
        XCTAssertThrowsError(try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                          options: ExecutionOptions(threads: 0))) { error in
            XCTAssertEqual(error as? RuntimeError, .invalidThreads(0))
        }
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1), options: unchecked)
        XCTAssertThrowsError(try model.forward([1, 2, 3])) { error in
            guard case .inputSizeMismatch = error as? RuntimeError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testWeightsMismatchIsCheckedBeforeBuilding() throws {
        var spec = try SafeTensorsTests.tinySpec()
        spec.classes = 10
        let weights = try SafeTensorsFile(path: Fixture.url("tiny.safetensors").path)
        XCTAssertThrowsError(try VGGModel(summary: ModelSummary(spec: spec), weights: weights, options: unchecked)) { error in
            guard case let .shapeMismatch(key, expected, found, _) = error as? WeightsError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(key, "classifier.3.weight")
            XCTAssertEqual(expected, [10, 32])
            XCTAssertEqual(found, [4, 32])
        }
    }
}
