import VGGCore
import VGGKernels

/// How a model will run, decided before any weights exist: the kernel calls (steps) in order, what each fuses, the
/// algorithm and configuration the cost model chose for every conv, its thread count, and every buffer size. It is the
/// one source for execution (PlanBuilder attaches weights to it) and for memory (MemoryEstimate reads it).
public struct ExecutionPlan: Sendable {
    public struct ConvStep: Equatable, Sendable {
        public var inChannels, outChannels, kernel, stride, padding: Int
        /// The conv's input map (with maxPool2x2 the step writes the pooled output).
        public var batch, height, width: Int
        public var batchNorm, relu, maxPool2x2: Bool
        public var config: ConvConfig
        /// Every algorithm the cost model considered, cheapest first (the first is the choice unless forced).
        public var candidates: [ConvCostModel.Prediction]
    }

    public enum Op: Sendable {
        case conv(ConvStep)
        /// BatchNorm not preceded by a conv: y = x * scale[c] + shift[c], in place.
        case batchNorm(batch: Int, channels: Int, plane: Int)
        case relu(count: Int)
        /// MaxPool2d(kernel, stride), floor mode, not fused into a conv.
        case maxPool(batch: Int, channels: Int, height: Int, width: Int, kernel: Int, stride: Int)
        case localResponseNorm(batch: Int, channels: Int, height: Int, width: Int, size: Int, alpha: Float, beta: Float, k: Float)
        case adaptiveAvgPool(batch: Int, channels: Int, height: Int, width: Int, outHeight: Int, outWidth: Int)
        case linear(inFeatures: Int, outFeatures: Int, relu: Bool, batch: Int, method: LinearMethod)
        /// Flatten and Dropout at inference: the output is the input.
        case view
    }

    public struct Step: Sendable {
        /// Indices into `ModelSummary.layers`; the first is the layer the time is reported on, the rest are fused.
        public var layers: Range<Int>
        public var op: Op
        /// Threads the step's kernel runs on.
        public var threads: Int
        /// Conv weights in the kernel's layout (+ bias).
        public var packedBytes = 0
        /// Weights kept as loaded: Linear weights and biases, a standalone BatchNorm's scale and shift.
        public var keptWeightBytes = 0
        /// Floats staged while loading this step's weights (freed once packed or folded).
        public var stagingFloats = 0
        /// Conv workspace floats (shared by all convs: the plan allocates the largest).
        public var workspaceFloats = 0
        /// Floats a Linear allocates per call (its packed-GEMM path).
        public var linearWorkspaceFloats = 0
        /// Output elements, for the ping-pong activation buffers.
        public var outputCount: Int
        public var predictedSeconds: Double

        /// The conv's algorithm, nil for other steps.
        public var method: ConvMethod? {
            if case let .conv(conv) = op { return conv.config.method }
            return nil
        }

        /// The Linear's method, nil for other steps.
        public var linearMethod: LinearMethod? {
            if case let .linear(_, _, _, _, method) = op { return method }
            return nil
        }
    }

    public let summary: ModelSummary
    public let machine: MachineProfile
    public let options: ExecutionOptions
    public private(set) var steps: [Step] = []
    /// One entry per layer of the summary: how it runs, its algorithm and predicted time.
    public private(set) var layers: [LayerExecution] = []

    /// Builds the plan. Throws when a size does not fit in an Int (checked before any kernel's planning multiplies).
    public init(summary: ModelSummary, options: ExecutionOptions = ExecutionOptions()) throws(RuntimeError) {
        guard options.threads >= 1 else { throw RuntimeError.invalidThreads(options.threads) }
        self.summary = summary
        self.options = options
        machine = options.machine
        let model = ConvCostModel(machine: machine)
        let all = summary.layers
        var i = 0
        while i < all.count {
            let facts = all[i]
            var end = i + 1
            var step: Step
            let out = facts.outputShape.elements
            switch facts.layer.op {
            case let .conv2d(cin, cout, k, stride, padding):
                let fusion = ConvFusion(layers: all, conv: i, fuseMaxPool: options.fuseMaxPool)
                end = fusion.end
                try Self.checkConvSizes(facts, cin: cin, cout: cout, k: k, threads: options.threads)
                let input = facts.inputShape
                let shape = ConvCostModel.Shape(batch: input.batch, inChannels: cin, outChannels: cout, kernel: k,
                                                stride: stride, padding: padding, height: input.height, width: input.width,
                                                maxPool2x2: fusion.maxPool)
                let candidates = model.predictions(shape, maxThreads: options.threads)
                var chosen = candidates.first ?? model.predict(.gemm, shape, threads: options.threads)
                if let forced = options.convAlgorithm.forced {
                    // A forced method runs where the layer supports it (else GEMM), on the requested threads.
                    let method = forced.supports(kernel: k, stride: stride, padding: padding, inChannels: cin) ? forced : .gemm
                    chosen = model.predict(method, shape, threads: options.threads)
                }
                let config = ConvConfig(method: chosen.method, isa: machine.isa, threads: chosen.threads)
                let conv = ConvStep(inChannels: cin, outChannels: cout, kernel: k, stride: stride, padding: padding,
                                    batch: input.batch, height: input.height, width: input.width,
                                    batchNorm: fusion.batchNorm, relu: fusion.relu, maxPool2x2: fusion.maxPool,
                                    config: config, candidates: candidates)
                step = Step(layers: i..<end, op: .conv(conv), threads: chosen.threads,
                            outputCount: all[end - 1].outputShape.elements, predictedSeconds: chosen.seconds)
                step.packedBytes = Conv2dKernel.packedBytes(outChannels: cout, inChannels: cin, kernel: k, method: config.method)
                step.workspaceFloats = Conv2dKernel.workspaceCount(
                    outChannels: cout, inChannels: cin, kernel: k, stride: stride, padding: padding, config: config,
                    batch: input.batch, height: input.height, width: input.width, maxPool2x2: fusion.maxPool)
                let raw = try Checked.mul(cout, cin, k, k, what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
                step.stagingFloats = try Checked.add(raw, cout, fusion.batchNorm ? 4 * cout : 0, what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
            case let .batchNorm2d(channels):
                let shape = facts.inputShape
                step = Step(layers: i..<end, op: .batchNorm(batch: shape.batch, channels: channels,
                                                             plane: shape.height * shape.width),
                            threads: 1, outputCount: out, predictedSeconds: model.streaming(bytes: 8 * out, threads: 1))
                step.keptWeightBytes = try Checked.mul(channels, 2, 4, what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
                step.stagingFloats = try Checked.mul(channels, 4, what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
            case .relu:
                step = Step(layers: i..<end, op: .relu(count: out), threads: 1, outputCount: out,
                            predictedSeconds: model.streaming(bytes: 8 * out, threads: 1))
            case let .maxPool2d(kernel, stride):
                let s = facts.inputShape
                step = Step(layers: i..<end, op: .maxPool(batch: s.batch, channels: s.channels, height: s.height,
                                                          width: s.width, kernel: kernel, stride: stride),
                            threads: options.threads, outputCount: out,
                            predictedSeconds: model.streaming(bytes: 4 * (s.elements + out), threads: options.threads))
            case let .adaptiveAvgPool2d(height, width):
                let s = facts.inputShape
                step = Step(layers: i..<end, op: .adaptiveAvgPool(batch: s.batch, channels: s.channels, height: s.height,
                                                                  width: s.width, outHeight: height, outWidth: width),
                            threads: options.threads, outputCount: out,
                            predictedSeconds: model.streaming(bytes: 4 * (s.elements + out), threads: options.threads))
            case let .localResponseNorm(size, alpha, beta, k):
                let s = facts.inputShape
                step = Step(layers: i..<end, op: .localResponseNorm(batch: s.batch, channels: s.channels, height: s.height,
                                                                    width: s.width, size: size, alpha: Float(alpha),
                                                                    beta: Float(beta), k: Float(k)),
                            threads: options.threads, outputCount: out,
                            predictedSeconds: model.streaming(bytes: 4 * (s.elements + out), threads: options.threads)
                                + Double(s.elements) * Double(size) / (1e9 * Double(min(options.threads, machine.cores))))
            case .flatten, .dropout:
                step = Step(layers: i..<end, op: .view, threads: 1, outputCount: out, predictedSeconds: 0)
            case let .linear(inFeatures, outFeatures):
                let relu = i + 1 < all.count && { if case .relu = all[i + 1].layer.op { return true } else { return false } }()
                end = relu ? i + 2 : i + 1
                let batch = facts.inputShape.batch
                // Bound what the Linear's planning multiplies: packed W^T (out rounded to 32) and per-call rows.
                _ = try Checked.mul(outFeatures + 32, inFeatures + 1, 4, what: "\(facts.name) weights", orThrow: RuntimeError.sizeOverflow)
                _ = try Checked.mul(batch + 6, inFeatures + outFeatures + 32, 4, what: "\(facts.name) workspace", orThrow: RuntimeError.sizeOverflow)
                let method = model.linearMethod(inFeatures: inFeatures, outFeatures: outFeatures, batch: batch, threads: options.threads)
                step = Step(layers: i..<end,
                            op: .linear(inFeatures: inFeatures, outFeatures: outFeatures, relu: relu, batch: batch, method: method.method),
                            threads: options.threads, outputCount: all[end - 1].outputShape.elements,
                            predictedSeconds: method.seconds)
                let weightBytes = LinearKernel.weightBytes(inFeatures: inFeatures, outFeatures: outFeatures, method: method.method)
                if method.method == .gemmRows {
                    // Loaded into a tensor, packed, released: the tensor is staged like a conv's weights.
                    step.packedBytes = weightBytes + 4 * outFeatures
                    step.stagingFloats = outFeatures * inFeatures
                } else {
                    step.keptWeightBytes = weightBytes + 4 * outFeatures
                }
                // The packing buffers are a few MB at most (KC x NC + threads x MC x KC floats); bound threads first.
                _ = try Checked.mul(options.threads, 1 << 20, what: "\(facts.name) workspace", orThrow: RuntimeError.sizeOverflow)
                step.linearWorkspaceFloats = LinearKernel.workspaceCount(inFeatures: inFeatures, outFeatures: outFeatures,
                                                                         batch: batch, threads: options.threads, method: method.method)
            }
            steps.append(step)
            i = end
        }
        layers = Self.layerRows(summary: summary, steps: steps)
    }

    private static func layerRows(summary: ModelSummary, steps: [Step]) -> [LayerExecution] {
        var rows: [LayerExecution] = []
        for step in steps {
            let owner = summary.layers[step.layers.lowerBound].name
            for index in step.layers {
                let layer = summary.layers[index].layer
                let mode: LayerExecution.Mode
                if index != step.layers.lowerBound {
                    mode = .fused(into: owner)
                } else if case .view = step.op {
                    mode = .view
                } else {
                    mode = .kernel
                }
                let first = index == step.layers.lowerBound
                rows.append(LayerExecution(name: layer.name, kind: layer.op.kindName, mode: mode,
                                           algorithm: first ? step.method : nil, linearMethod: first ? step.linearMethod : nil,
                                           predictedSeconds: first ? step.predictedSeconds : 0,
                                           threads: first && mode == .kernel ? step.threads : nil))
            }
        }
        return rows
    }

    /// Predicted seconds of the whole pass (the sum of the steps').
    public var predictedSeconds: Double { steps.reduce(0) { $0 + $1.predictedSeconds } }

    /// Bounds every product the kernels' planning functions form for this conv (they multiply unchecked), so a size
    /// too large to address throws here instead of trapping there: packed <= 36 x roundUp(Cout, 6) x Cin x k x k
    /// floats; im2col workspace <= threads x (256 x 128 + roundUp(Cout, 6) x max(256, 2 x OW)); Winograd tiles <=
    /// N x (H + 3) x (W + 3), M + V slots <= threads + tiles, each under 36 x (Cin + Cout + 6) x 256 floats; stream
    /// rows x (Cin x k x k + Cout); gemm-rows (rows + 6) x (Cin x k x k + Cout + 32). Bounded here with margin.
    private static func checkConvSizes(_ facts: LayerFacts, cin: Int, cout: Int, k: Int, threads: Int) throws(RuntimeError) {
        let what = "\(facts.name) packed weights or workspace"
        let input = facts.inputShape
        _ = try Checked.mul(cout + 5, cin, k, k, 36, 4, what: what, orThrow: RuntimeError.sizeOverflow)
        _ = try Checked.mul(threads, cout + 261, 384 + 2 * facts.outputShape.width, what: what, orThrow: RuntimeError.sizeOverflow)
        let tiles = try Checked.mul(input.batch, input.height + 3, input.width + 3, what: what, orThrow: RuntimeError.sizeOverflow)
        _ = try Checked.mul(try Checked.add(threads, tiles, what: what, orThrow: RuntimeError.sizeOverflow), 36, cin + cout + 6, 256, 4, what: what, orThrow: RuntimeError.sizeOverflow)
        _ = try Checked.mul(tiles, cin * k * k + cout + 1, 4, what: what, orThrow: RuntimeError.sizeOverflow)
        // gemm-rows: output rows rounded up to 6-row panels, Cout to 32-column units.
        let rows = try Checked.mul(input.batch, facts.outputShape.height, facts.outputShape.width, what: what, orThrow: RuntimeError.sizeOverflow)
        _ = try Checked.mul(rows + 6, cin * k * k + cout + 32, 4, what: what, orThrow: RuntimeError.sizeOverflow)
    }
}
