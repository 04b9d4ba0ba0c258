import Foundation
import VGGCore
import VGGKernels

/// A VGG network ready to run: weights loaded and packed into kernels, activation buffers and workspace
/// allocated once. `forward` may be called from any thread; calls on one model run one at a time.
public final class VGGModel: @unchecked Sendable {
    public let summary: ModelSummary
    public let options: ExecutionOptions
    /// One entry per layer of `summary.layers`: how it runs and which conv algorithm it uses.
    public let layers: [LayerExecution]
    /// What the memory guard checked before allocating.
    public let estimate: MemoryEstimate
    /// What was actually allocated: packed conv weights, kept weights (Linear, standalone BatchNorm), activations and
    /// the conv workspace.
    public let allocatedBytes: Int
    /// What the build measured, split as the estimate is: kept + the largest staged weights, packed conv weights,
    /// the activation buffers, the conv workspace + the largest Linear's per-call packing buffers. Equal to
    /// `estimate` (VGGModelTests).
    let allocation: MemoryEstimate

    let steps: [ExecutionStep]
    // Internal, not private: MemoryEstimateTests reads their sizes as the memory actually allocated.
    let bufferA: Tensor
    let bufferB: Tensor
    let workspace: Tensor
    private let pool: Parallelism
    private let runLock = NSLock()

    /// Loads `weights` for `summary` (checking every tensor's name and shape first) and builds the kernels.
    /// `loadProgress(done, total, layerName)` reports each weight layer; `cancellation` is checked between them.
    public init(summary: ModelSummary, weights: any WeightSource, options: ExecutionOptions = ExecutionOptions(),
                loadProgress: ((_ done: Int, _ total: Int, _ layer: String) -> Void)? = nil,
                cancellation: CancellationToken? = nil) throws {
        guard options.threads >= 1 else { throw RuntimeError.invalidThreads(options.threads) }
        self.summary = summary
        self.options = options
        let pool = Parallelism(threads: options.threads)
        self.pool = pool
        try weights.check(WeightLayout(summary: summary))
        let estimate = try MemoryEstimate(summary: summary, algorithm: options.convAlgorithm, threads: options.threads,
                                          fuseMaxPool: options.fuseMaxPool)
        self.estimate = estimate
        if let limit = options.limitBytes, estimate.totalBytes > limit {
            throw RuntimeError.insufficientMemory(estimate: estimate, availableBytes: limit)
        }

        var builder = PlanBuilder(summary: summary, weights: weights, algorithm: options.convAlgorithm,
                                  fuseMaxPool: options.fuseMaxPool, pool: pool)
        try builder.build(progress: loadProgress, cancellation: cancellation)
        steps = builder.steps
        layers = builder.layers

        let largest = max(steps.map(\.outputCount).max() ?? 1, 1)
        let workspaceCount = max(builder.workspaceCount, 1)
        let buffers = try Checked.mul(largest, 2, 4, what: "activation buffers", orThrow: RuntimeError.sizeOverflow)
        let scratch = try Checked.mul(workspaceCount, 4, what: "workspace", orThrow: RuntimeError.sizeOverflow)
        var allocation = MemoryEstimate()
        allocation.weightBytes = try Checked.add(builder.keptWeightBytes, builder.stagingCount * 4,
                what: "weights", orThrow: RuntimeError.sizeOverflow)
        allocation.packedBytes = builder.packedBytes
        allocation.activationBytes = buffers
        allocation.workspaceBytes = try Checked.add(scratch, builder.linearWorkspaceCount * 4,
                what: "workspace", orThrow: RuntimeError.sizeOverflow)
        self.allocation = allocation
        // Re-check with the kernels' own sizes (the estimate was made from the same planning functions, so this
        // catches memory that went elsewhere while the weights loaded; the kernels are already resident).
        let needed = allocation.activationBytes + allocation.workspaceBytes
        var available: Int? = nil
        switch options.memoryLimit {
        case .system: available = SystemMemory.availableBytes().map { $0 + builder.allocatedBytes }
        case let .bytes(n): available = n
        case .unchecked: break
        }
        if let available, builder.allocatedBytes + needed > available {
            throw RuntimeError.insufficientMemory(estimate: allocation, availableBytes: available)
        }
        HeapTrim.releaseFreedMemory()
        // NaN, so a cell a kernel never wrote shows up in the output instead of a stale value.
        bufferA = Tensor(shape: [largest], fill: .nan)
        bufferB = Tensor(shape: [largest], fill: .nan)
        workspace = Tensor(shape: [workspaceCount])
        allocatedBytes = builder.allocatedBytes + buffers + scratch
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
                    run(step.kernel, input: UnsafeBufferPointer(output), output: output)
                }
                current = UnsafeBufferPointer(rebasing: currentBuffer!.buffer[..<step.outputCount])
            } else if case .view = step.kernel {
                // Nothing to do: the next layer reads the same memory.
                isView = true
            } else {
                let target = currentBuffer === bufferA ? bufferB : bufferA
                target.withUnsafeMutableBufferPointer {
                    run(step.kernel, input: current, output: UnsafeMutableBufferPointer(rebasing: $0[..<step.outputCount]))
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
    private func run(_ kernel: ExecutionStep.Kernel, input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
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
