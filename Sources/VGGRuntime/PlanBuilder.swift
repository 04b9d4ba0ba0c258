import VGGCore
import VGGKernels

/// Turns the summary's layers into kernel calls, loading each layer's weights straight into its kernel:
/// conv weights are staged one layer at a time (BatchNorm folded in) and freed once packed;
/// Linear weights are loaded into the tensor the kernel keeps. A conv's step also covers what ConvFusion fuses into it.
struct PlanBuilder {
    /// PyTorch's BatchNorm2d default.
    static let batchNormEps: Float = 1e-5

    let summary: ModelSummary
    let weights: any WeightSource
    let algorithm: ConvAlgorithm
    let fuseMaxPool: Bool
    let pool: Parallelism
    private(set) var steps: [ExecutionStep] = []
    private(set) var layers: [LayerExecution] = []
    /// Floats of the conv workspace (the largest any conv needs).
    private(set) var workspaceCount = 0
    /// Floats the largest Linear allocates per call (LinearKernel.workspaceCount at this batch and pool).
    private(set) var linearWorkspaceCount = 0
    /// Packed conv weights and biases, as the kernels report them.
    private(set) var packedBytes = 0
    /// Weights kept as loaded: Linear weights and biases, standalone BatchNorm scale and shift.
    private(set) var keptWeightBytes = 0
    /// Floats of the largest layer's staged weights (loaded, folded, freed once packed).
    private(set) var stagingCount = 0
    var allocatedBytes: Int { packedBytes + keptWeightBytes }

    /// Each layer's tensors by role (with their d2l keys), keyed by layer name.
    private let layerTensors: [String: [WeightRole: WeightTensor]]

    init(summary: ModelSummary, weights: any WeightSource, algorithm: ConvAlgorithm, fuseMaxPool: Bool = true, pool: Parallelism) {
        // WeightLayout(summary:) lists each layer's tensors in order, so the layers' counts slice it.
        let all = WeightLayout(summary: summary).tensors
        var byLayer: [String: [WeightRole: WeightTensor]] = [:]
        var next = 0
        for facts in summary.layers {
            let count = WeightLayout.tensors(of: facts.layer).count
            byLayer[facts.name] = Dictionary(uniqueKeysWithValues: all[next..<(next + count)].map { ($0.role, $0) })
            next += count
        }
        layerTensors = byLayer
        self.summary = summary
        self.weights = weights
        self.algorithm = algorithm
        self.fuseMaxPool = fuseMaxPool
        self.pool = pool
    }

    mutating func build(progress: ((Int, Int, String) -> Void)?, cancellation: CancellationToken?) throws {
        let all = summary.layers
        let weightLayers = all.filter { $0.params > 0 }.count
        var loaded = 0
        var trimmed = false
        var i = 0
        while i < all.count {
            if cancellation?.isCancelled == true {
                throw RuntimeError.cancelled(completedLayers: 0, totalLayers: all.count)
            }
            let facts = all[i]
            let end: Int
            switch facts.layer.op {
            case let .conv2d(cin, cout, k, stride, padding):
                let fusion = ConvFusion(layers: all, conv: i, fuseMaxPool: fuseMaxPool)
                end = fusion.end
                let conv = try convKernel(facts.layer, batchNorm: fusion.batchNorm ? all[i + 1].layer : nil, cin: cin, cout: cout,
                                          k: k, stride: stride, padding: padding)
                let input = facts.inputShape
                workspaceCount = max(workspaceCount, conv.workspaceCount(batch: input.batch, height: input.height,
                                                                         width: input.width, maxPool2x2: fusion.maxPool))
                packedBytes += conv.packedBytes
                append(.conv(conv, relu: fusion.relu, maxPool2x2: fusion.maxPool, batch: input.batch, height: input.height,
                             width: input.width),
                       layers: i..<end, algorithm: conv.algorithm)
            case let .batchNorm2d(channels):
                end = i + 1
                let (scale, shift) = try standaloneBatchNorm(facts.layer, channels: channels)
                keptWeightBytes += (scale.count + shift.count) * 4
                let shape = facts.inputShape
                append(.batchNorm(scale: scale, shift: shift, batch: shape.batch, channels: channels,
                                  plane: shape.height * shape.width), layers: i..<end)
            case .relu:
                end = i + 1
                append(.relu(count: facts.outputShape.elements), layers: i..<end)
            case let .maxPool2d(kernel, stride):
                end = i + 1
                let shape = facts.inputShape
                append(.maxPool(batch: shape.batch, channels: shape.channels, height: shape.height, width: shape.width,
                                kernel: kernel, stride: stride), layers: i..<end)
            case let .adaptiveAvgPool2d(height, width):
                end = i + 1
                let shape = facts.inputShape
                append(.adaptiveAvgPool(batch: shape.batch, channels: shape.channels, height: shape.height,
                                        width: shape.width, outHeight: height, outWidth: width), layers: i..<end)
            case let .localResponseNorm(size, alpha, beta, k):
                end = i + 1
                let shape = facts.inputShape
                append(.localResponseNorm(batch: shape.batch, channels: shape.channels, height: shape.height,
                                          width: shape.width, size: size, alpha: Float(alpha), beta: Float(beta), k: Float(k)),
                       layers: i..<end)
            case .flatten, .dropout:
                end = i + 1
                append(.view, layers: i..<end)
            case let .linear(inFeatures, outFeatures):
                if !trimmed {
                    // The conv staging buffers are gone; give their pages back before the large Linear weights arrive.
                    HeapTrim.releaseFreedMemory()
                    trimmed = true
                }
                let relu = fusesReLU(at: i + 1)
                end = relu ? i + 2 : i + 1
                let linear = try linearKernel(facts.layer, inFeatures: inFeatures, outFeatures: outFeatures)
                keptWeightBytes += (linear.weights.count + (linear.bias?.count ?? 0)) * 4
                linearWorkspaceCount = max(linearWorkspaceCount, LinearKernel.workspaceCount(
                    inFeatures: inFeatures, outFeatures: outFeatures, batch: facts.inputShape.batch, threads: pool.threads))
                append(.linear(linear, relu: relu, batch: facts.inputShape.batch), layers: i..<end)
            }
            if facts.params > 0 {
                loaded += 1
                progress?(loaded, weightLayers, facts.name)
            }
            i = end
        }
    }

    private func fusesReLU(at index: Int) -> Bool {
        guard index < summary.layers.count, case .relu = summary.layers[index].layer.op else { return false }
        return true
    }

    private mutating func append(_ kernel: ExecutionStep.Kernel, layers range: Range<Int>, algorithm: ConvAlgorithm? = nil) {
        let all = summary.layers
        steps.append(ExecutionStep(layers: range, kernel: kernel, outputCount: all[range.upperBound - 1].outputShape.elements))
        let owner = all[range.lowerBound].name
        for index in range {
            let layer = all[index].layer
            let mode: LayerExecution.Mode
            if index != range.lowerBound {
                mode = .fused(into: owner)
            } else if case .view = kernel {
                mode = .view
            } else {
                mode = .kernel
            }
            layers.append(LayerExecution(name: layer.name, kind: layer.op.kindName, mode: mode,
                                         algorithm: index == range.lowerBound ? algorithm : nil))
        }
    }

    private func load(_ tensor: WeightTensor) throws -> [Float] {
        var values = [Float](repeating: 0, count: tensor.count)
        try values.withUnsafeMutableBufferPointer { try weights.load(tensor, into: $0) }
        return values
    }

    private func tensors(of layer: PlannedLayer) -> [WeightRole: WeightTensor] {
        layerTensors[layer.name] ?? [:]
    }

    private mutating func convKernel(_ layer: PlannedLayer, batchNorm: PlannedLayer?, cin: Int, cout: Int, k: Int,
                                     stride: Int, padding: Int) throws -> Conv2dKernel {
        let conv = tensors(of: layer)
        var w = try load(conv[.convWeight]!)
        var b = try load(conv[.convBias]!)
        var staged = w.count + b.count
        if let batchNorm {
            let bn = tensors(of: batchNorm)
            // gamma | beta | mean | variance, cout each (the weight check made sure of the counts).
            let statistics = try [WeightRole.batchNormGamma, .batchNormBeta, .batchNormMean, .batchNormVariance]
                .flatMap { try load(bn[$0]!) }
            staged += statistics.count
            w.withUnsafeMutableBufferPointer { w in
                b.withUnsafeMutableBufferPointer { b in
                    statistics.withUnsafeBufferPointer { s in
                        func part(_ i: Int) -> UnsafeBufferPointer<Float> {
                            UnsafeBufferPointer(rebasing: s[(i * cout)..<((i + 1) * cout)])
                        }
                        foldBatchNorm(weights: w, bias: b, outChannels: cout, weightsPerChannel: cin * k * k, gamma: part(0),
                                      beta: part(1), mean: part(2), variance: part(3), eps: Self.batchNormEps)
                    }
                }
            }
        }
        stagingCount = max(stagingCount, staged)
        return w.withUnsafeBufferPointer { w in
            b.withUnsafeBufferPointer { b in
                Conv2dKernel(weights: w, bias: b, outChannels: cout, inChannels: cin, kernel: k, stride: stride,
                             padding: padding, algorithm: algorithm)
            }
        }
    }

    private mutating func standaloneBatchNorm(_ layer: PlannedLayer, channels: Int) throws -> ([Float], [Float]) {
        let bn = tensors(of: layer)
        let gamma = try load(bn[.batchNormGamma]!), beta = try load(bn[.batchNormBeta]!)
        let mean = try load(bn[.batchNormMean]!), variance = try load(bn[.batchNormVariance]!)
        stagingCount = max(stagingCount, gamma.count + beta.count + mean.count + variance.count)
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            let s = Double(gamma[c]) / (Double(variance[c]) + Double(Self.batchNormEps)).squareRoot()
            scale[c] = Float(s)
            shift[c] = Float(Double(beta[c]) - Double(mean[c]) * s)
        }
        return (scale, shift)
    }

    private func linearKernel(_ layer: PlannedLayer, inFeatures: Int, outFeatures: Int) throws -> LinearKernel {
        let tensors = tensors(of: layer)
        let weight = Tensor(shape: [outFeatures, inFeatures])
        try weight.withUnsafeMutableBufferPointer { try weights.load(tensors[.linearWeight]!, into: $0) }
        let bias = Tensor(shape: [outFeatures])
        try bias.withUnsafeMutableBufferPointer { try weights.load(tensors[.linearBias]!, into: $0) }
        return LinearKernel(weights: weight, bias: bias, inFeatures: inFeatures, outFeatures: outFeatures)
    }
}
