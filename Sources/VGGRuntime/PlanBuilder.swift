import VGGCore
import VGGKernels

/// Attaches weights to an ExecutionPlan: builds each step's kernel with the configuration the plan chose, loading the
/// layer's weights straight into it. Conv weights are staged one layer at a time (BatchNorm folded in) and freed once
/// packed; Linear weights are loaded into the tensor the kernel keeps. Every size was decided by the plan.
struct PlanBuilder {
    /// PyTorch's BatchNorm2d default.
    static let batchNormEps: Float = 1e-5

    let plan: ExecutionPlan
    let weights: any WeightSource
    private(set) var steps: [ExecutionStep] = []
    /// Bytes of what the kernels keep (packed conv weights, Linear weights, BatchNorm scale and shift), as they report it.
    private(set) var allocatedBytes = 0

    /// Each layer's tensors by role (with their d2l keys), keyed by layer name.
    private let layerTensors: [String: [WeightRole: WeightTensor]]

    init(plan: ExecutionPlan, weights: any WeightSource) {
        // WeightLayout(summary:) lists each layer's tensors in order, so the layers' counts slice it.
        let summary = plan.summary
        let all = WeightLayout(summary: summary).tensors
        var byLayer: [String: [WeightRole: WeightTensor]] = [:]
        var next = 0
        for facts in summary.layers {
            let count = WeightLayout.tensors(of: facts.layer).count
            byLayer[facts.name] = Dictionary(uniqueKeysWithValues: all[next..<(next + count)].map { ($0.role, $0) })
            next += count
        }
        layerTensors = byLayer
        self.plan = plan
        self.weights = weights
    }

    mutating func build(progress: ((Int, Int, String) -> Void)?, cancellation: CancellationToken?) throws {
        let all = plan.summary.layers
        let weightLayers = all.filter { $0.params > 0 }.count
        var loaded = 0
        var trimmed = false
        for step in plan.steps {
            if cancellation?.isCancelled == true {
                throw RuntimeError.cancelled(completedLayers: 0, totalLayers: all.count)
            }
            let first = step.layers.lowerBound
            let facts = all[first]
            let kernel: ExecutionStep.Kernel
            switch step.op {
            case let .conv(c):
                let conv = try convKernel(facts.layer, batchNorm: c.batchNorm ? all[first + 1].layer : nil, c)
                allocatedBytes += conv.packedBytes
                kernel = .conv(conv, relu: c.relu, maxPool2x2: c.maxPool2x2, batch: c.batch, height: c.height, width: c.width)
            case let .batchNorm(batch, channels, plane):
                let (scale, shift) = try standaloneBatchNorm(facts.layer, channels: channels)
                allocatedBytes += (scale.count + shift.count) * 4
                kernel = .batchNorm(scale: scale, shift: shift, batch: batch, channels: channels, plane: plane)
            case let .relu(count):
                kernel = .relu(count: count)
            case let .maxPool(batch, channels, height, width, k, stride):
                kernel = .maxPool(batch: batch, channels: channels, height: height, width: width, kernel: k, stride: stride)
            case let .localResponseNorm(batch, channels, height, width, size, alpha, beta, k):
                kernel = .localResponseNorm(batch: batch, channels: channels, height: height, width: width, size: size,
                                            alpha: alpha, beta: beta, k: k)
            case let .adaptiveAvgPool(batch, channels, height, width, outHeight, outWidth):
                kernel = .adaptiveAvgPool(batch: batch, channels: channels, height: height, width: width,
                                          outHeight: outHeight, outWidth: outWidth)
            case .view:
                kernel = .view
            case let .linear(inFeatures, outFeatures, relu, batch, method):
                if !trimmed {
                    // The conv staging buffers are gone; give their pages back before the large Linear weights arrive.
                    HeapTrim.releaseFreedMemory()
                    trimmed = true
                }
                let linear = try linearKernel(facts.layer, inFeatures: inFeatures, outFeatures: outFeatures, method: method)
                allocatedBytes += linear.heldBytes
                kernel = .linear(linear, relu: relu, batch: batch)
            }
            steps.append(ExecutionStep(layers: step.layers, kernel: kernel, outputCount: step.outputCount,
                                       pool: Parallelism(threads: step.threads)))
            if facts.params > 0 {
                loaded += 1
                progress?(loaded, weightLayers, facts.name)
            }
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

    private func convKernel(_ layer: PlannedLayer, batchNorm: PlannedLayer?, _ c: ExecutionPlan.ConvStep) throws -> Conv2dKernel {
        let cout = c.outChannels
        let conv = tensors(of: layer)
        var w = try load(conv[.convWeight]!)
        var b = try load(conv[.convBias]!)
        if let batchNorm {
            let bn = tensors(of: batchNorm)
            // gamma | beta | mean | variance, cout each (the weight check made sure of the counts).
            let statistics = try [WeightRole.batchNormGamma, .batchNormBeta, .batchNormMean, .batchNormVariance]
                .flatMap { try load(bn[$0]!) }
            let perChannel = c.inChannels * c.kernel * c.kernel
            w.withUnsafeMutableBufferPointer { w in
                b.withUnsafeMutableBufferPointer { b in
                    statistics.withUnsafeBufferPointer { s in
                        func part(_ i: Int) -> UnsafeBufferPointer<Float> {
                            UnsafeBufferPointer(rebasing: s[(i * cout)..<((i + 1) * cout)])
                        }
                        foldBatchNorm(weights: w, bias: b, outChannels: cout, weightsPerChannel: perChannel, gamma: part(0),
                                      beta: part(1), mean: part(2), variance: part(3), eps: Self.batchNormEps)
                    }
                }
            }
        }
        return w.withUnsafeBufferPointer { w in
            b.withUnsafeBufferPointer { b in
                Conv2dKernel(weights: w, bias: b, outChannels: cout, inChannels: c.inChannels, kernel: c.kernel,
                             stride: c.stride, padding: c.padding, config: c.config)
            }
        }
    }

    private func standaloneBatchNorm(_ layer: PlannedLayer, channels: Int) throws -> ([Float], [Float]) {
        let bn = tensors(of: layer)
        let gamma = try load(bn[.batchNormGamma]!), beta = try load(bn[.batchNormBeta]!)
        let mean = try load(bn[.batchNormMean]!), variance = try load(bn[.batchNormVariance]!)
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            let s = Double(gamma[c]) / (Double(variance[c]) + Double(Self.batchNormEps)).squareRoot()
            scale[c] = Float(s)
            shift[c] = Float(Double(beta[c]) - Double(mean[c]) * s)
        }
        return (scale, shift)
    }

    private func linearKernel(_ layer: PlannedLayer, inFeatures: Int, outFeatures: Int,
                              method: LinearMethod) throws -> LinearKernel {
        let tensors = tensors(of: layer)
        let weight = Tensor(shape: [outFeatures, inFeatures])
        try weight.withUnsafeMutableBufferPointer { try weights.load(tensors[.linearWeight]!, into: $0) }
        let bias = Tensor(shape: [outFeatures])
        try bias.withUnsafeMutableBufferPointer { try weights.load(tensors[.linearBias]!, into: $0) }
        return LinearKernel(weights: weight, bias: bias, inFeatures: inFeatures, outFeatures: outFeatures, isa: plan.machine.isa,
                            method: method)
    }
}
