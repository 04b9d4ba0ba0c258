import Foundation
import VGGCore
import VGGKernels

/// A VGG network ready to run: weights loaded and packed into kernels, activation buffers and workspace
/// allocated once. `forward` may be called from any thread; calls on one model run one at a time.
public final class VGGModel: @unchecked Sendable {
    public let summary: ModelSummary
    public let options: ExecutionOptions
    /// The weight-free plan the model runs: per step the algorithm, threads, sizes and predicted time.
    public let plan: ExecutionPlan
    /// One entry per layer of `summary.layers`: how it runs, its algorithm and predicted time (from the plan).
    public var layers: [LayerExecution] { plan.layers }
    /// What the memory guard checked before allocating: a reading of the plan.
    public let estimate: MemoryEstimate
    /// What was actually allocated: packed conv weights, kept weights (Linear, standalone BatchNorm), activations and
    /// the conv workspace.
    public let allocatedBytes: Int

    let steps: [ExecutionStep]
    // Internal, not private: MemoryEstimateTests reads their sizes as the memory actually allocated.
    let bufferA: Tensor
    let bufferB: Tensor
    let workspace: Tensor
    private let runLock = NSLock()

    /// Plans `summary` for `options` and attaches `weights` (see init(plan:weights:)).
    public convenience init(summary: ModelSummary, weights: any WeightSource, options: ExecutionOptions = ExecutionOptions(),
                            loadProgress: ((_ done: Int, _ total: Int, _ layer: String) -> Void)? = nil,
                            cancellation: CancellationToken? = nil) throws {
        try self.init(plan: try ExecutionPlan(summary: summary, options: options), weights: weights,
                      loadProgress: loadProgress, cancellation: cancellation)
    }

    /// Loads `weights` for the plan's summary (checking every tensor's name and shape first) and builds each step's
    /// kernel as the plan says. `loadProgress(done, total, layerName)` reports each weight layer; `cancellation` is
    /// checked between them.
    public init(plan: ExecutionPlan, weights: any WeightSource,
                loadProgress: ((_ done: Int, _ total: Int, _ layer: String) -> Void)? = nil,
                cancellation: CancellationToken? = nil) throws {
        let summary = plan.summary, options = plan.options
        self.summary = summary
        self.options = options
        self.plan = plan
        try weights.check(WeightLayout(summary: summary))
        let estimate = try MemoryEstimate(plan: plan)
        self.estimate = estimate
        if let limit = options.limitBytes, estimate.totalBytes > limit {
            throw RuntimeError.insufficientMemory(estimate: estimate, availableBytes: limit)
        }

        var builder = PlanBuilder(plan: plan, weights: weights)
        try builder.build(progress: loadProgress, cancellation: cancellation)
        steps = builder.steps

        let largest = estimate.activationBytes / 8
        let workspaceCount = max(plan.steps.map(\.workspaceFloats).max() ?? 1, 1)
        // Re-check now the weights are resident, in case memory went elsewhere while they loaded.
        let needed = estimate.activationBytes + estimate.workspaceBytes
        var available: Int? = nil
        switch options.memoryLimit {
        case .system: available = SystemMemory.availableBytes().map { $0 + builder.allocatedBytes }
        case let .bytes(n): available = n
        case .unchecked: break
        }
        if let available, builder.allocatedBytes + needed > available {
            throw RuntimeError.insufficientMemory(estimate: estimate, availableBytes: available)
        }
        HeapTrim.releaseFreedMemory()
        // NaN, so a cell a kernel never wrote shows up in the output instead of a stale value.
        bufferA = Tensor(shape: [largest], fill: .nan)
        bufferB = Tensor(shape: [largest], fill: .nan)
        workspace = Tensor(shape: [workspaceCount])
        allocatedBytes = builder.allocatedBytes + estimate.activationBytes + workspaceCount * 4
    }

    /// Elements of the input the model was built for (N x C x H x W of the summary's spec).
    public var inputShape: [Int] { summary.spec.input.dims }
    public var outputShape: [Int] { summary.outputShape.dims }

    public func forward(_ input: [Float], progress: ((ForwardProgress) -> Void)? = nil,
                        cancellation: CancellationToken? = nil) throws -> ForwardResult {
        try input.withUnsafeBufferPointer { try forward($0, progress: progress, cancellation: cancellation) }
    }

    /// Runs one forward pass over `input` (N x C x H x W, the summary's input shape).
    /// Throws `RuntimeError.cancelled` between layers once `cancellation` is cancelled.
    public func forward(_ input: UnsafeBufferPointer<Float>, progress: ((ForwardProgress) -> Void)? = nil,
                        cancellation: CancellationToken? = nil) throws -> ForwardResult {
        let expected = summary.spec.input.dims
        guard input.count == expected.reduce(1, *), input.baseAddress != nil else {
            throw RuntimeError.inputSizeMismatch(expected: expected, foundCount: input.count)
        }
        runLock.lock()
        defer { runLock.unlock() }
        let total = summary.layers.count
        var timings = summary.layers.map { LayerTiming(name: $0.name, seconds: 0) }
        // `current` is the latest activation: the caller's input until a kernel writes a buffer. Each kernel gets
        // exactly its step's input and output counts, which its entry point checks against the sizes it was built for.
        var current = input
        var currentBuffer: Tensor? = nil
        let start = MonotonicClock.now()
        for step in steps {
            if cancellation?.isCancelled == true {
                throw RuntimeError.cancelled(completedLayers: step.layers.lowerBound, totalLayers: total)
            }
            let first = step.layers.lowerBound
            let name = summary.layers[first].name
            progress?(ForwardProgress(layerIndex: first, layerCount: total, layerName: name, finished: false,
                                      seconds: 0, completedLayers: first))
            let t0 = MonotonicClock.now()
            var isView = false
            if step.kernel.inPlace {
                if currentBuffer == nil {
                    bufferA.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: current) }
                    currentBuffer = bufferA
                }
                currentBuffer!.withUnsafeMutableBufferPointer { buffer in
                    let output = UnsafeMutableBufferPointer(rebasing: buffer[..<step.outputCount])
                    run(step.kernel, input: UnsafeBufferPointer(output), output: output, pool: step.pool)
                }
                current = UnsafeBufferPointer(rebasing: currentBuffer!.buffer[..<step.outputCount])
            } else if case .view = step.kernel {
                // Nothing to do: the next layer reads the same memory.
                isView = true
            } else {
                let target = currentBuffer === bufferA ? bufferB : bufferA
                target.withUnsafeMutableBufferPointer {
                    run(step.kernel, input: current, output: UnsafeMutableBufferPointer(rebasing: $0[..<step.outputCount]),
                        pool: step.pool)
                }
                currentBuffer = target
                current = UnsafeBufferPointer(rebasing: target.buffer[..<step.outputCount])
            }
            let seconds = isView ? 0 : MonotonicClock.now() - t0
            timings[first].seconds = seconds
            progress?(ForwardProgress(layerIndex: first, layerCount: total, layerName: name, finished: true,
                                      seconds: seconds, completedLayers: step.layers.upperBound))
        }
        let totalSeconds = MonotonicClock.now() - start
        let output = Array(current)
        return ForwardResult(output: output, outputShape: outputShape, timings: timings, totalSeconds: totalSeconds)
    }

    /// In-place steps get `input` and `output` over the same memory.
    private func run(_ kernel: ExecutionStep.Kernel, input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                     pool: Parallelism) {
        switch kernel {
        case let .conv(conv, relu, maxPool2x2, batch, height, width):
            workspace.withUnsafeMutableBufferPointer { workspace in
                conv.forward(input: input, batch: batch, height: height, width: width, output: output, relu: relu,
                             maxPool2x2: maxPool2x2, workspace: workspace, pool: pool)
            }
        case let .batchNorm(scale, shift, batch, channels, plane):
            scale.withUnsafeBufferPointer { scale in
                shift.withUnsafeBufferPointer { shift in
                    applyBatchNorm(output, batch: batch, channels: channels, plane: plane, scale: scale, shift: shift)
                }
            }
        case let .relu(count):
            Pooling.relu(UnsafeMutableBufferPointer(rebasing: output[..<count]))
        case let .maxPool(batch, channels, height, width, kernel, stride):
            Pooling.maxPool2d(input: input, batch: batch, channels: channels, height: height, width: width, kernel: kernel,
                              stride: stride, output: output, pool: pool)
        case let .localResponseNorm(batch, channels, height, width, size, alpha, beta, k):
            LocalResponseNorm.forward(input: input, batch: batch, channels: channels, height: height, width: width, size: size,
                                      alpha: alpha, beta: beta, k: k, output: output, pool: pool)
        case let .adaptiveAvgPool(batch, channels, height, width, outHeight, outWidth):
            Pooling.adaptiveAvgPool2d(input: input, batch: batch, channels: channels, height: height, width: width,
                                      outHeight: outHeight, outWidth: outWidth, output: output, pool: pool)
        case let .linear(linear, relu, batch):
            linear.forward(input: input, batch: batch, output: output, relu: relu, pool: pool)
        case .view:
            break
        }
    }
}
