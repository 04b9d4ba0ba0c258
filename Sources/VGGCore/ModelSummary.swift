/// Shapes, costs and receptive fields of every layer of a spec, and their totals.
/// Building one validates the spec: an impossible architecture throws a `SpecError` naming the fix.
public struct ModelSummary: Equatable, Sendable {
    public let spec: VGGSpec
    public let layers: [LayerFacts]
    public let totals: Totals
    public let split: Split

    public init(spec: VGGSpec) throws(SpecError) {
        try spec.validate()
        self.spec = spec
        let layers = try Self.infer(spec)
        self.layers = layers
        (totals, split) = try Self.sum(layers, input: spec.input)
    }

    /// The output shape of the network (logits).
    public var outputShape: TensorShape { layers.last!.outputShape }

    /// Output spatial size after each block's pool, for the block list view.
    public func blockOutput(_ block: Int) -> TensorShape? {
        layers.last { $0.block == block }?.outputShape
    }

    private static func infer(_ spec: VGGSpec) throws(SpecError) -> [LayerFacts] {
        let n = spec.input.batch
        var shape = TensorShape(spec.input.dims)
        var field = ReceptiveField()
        var facts: [LayerFacts] = []
        for (index, var layer) in spec.layerPlan.enumerated() {
            let input = shape
            func fail(_ problem: String) -> SpecError { layerError(spec, index, layer, problem) }
            switch layer.op {
            case .conv2d, .maxPool2d, .batchNorm2d, .localResponseNorm, .adaptiveAvgPool2d:
                if !input.isSpatial {
                    throw fail("needs a feature map but gets a flat vector of \(input.channels); move it before the flatten")
                }
            case .linear:
                if input.isSpatial { throw fail("gets a \(input.description) map; put a flatten before it") }
            case .relu, .dropout, .flatten:
                break
            }
            var params = 0
            var macs = 0
            switch layer.op {
            case let .conv2d(cin, cout, k, s, p):
                let padded = try Checked.mul(2, p, what: "\(layer.name) padding")
                let (ph, pw) = (try Checked.add(input.height, padded, what: "\(layer.name) padded map"),
                                try Checked.add(input.width, padded, what: "\(layer.name) padded map"))
                if ph < k || pw < k {
                    throw fail("kernel \(k)x\(k) is larger than its \(input.height)x\(input.width) input map"
                        + (p > 0 ? " padded by \(p)" : "") + "; use a smaller kernel or a larger input" + minimumHint(spec))
                }
                // A block's wide kernel on a smaller map sees mostly padding (3x3 and 1x1 stay
                // allowed at any size, as in the CIFAR-sized VGGs).
                if !spec.isLayerList, k > 3, input.height < k || input.width < k {
                    throw fail("kernel \(k)x\(k) is larger than its \(input.height)x\(input.width) input map; "
                        + "use a smaller kernel (3x3 works at any size) or a larger input")
                }
                let h = (ph - k) / s + 1
                let w = (pw - k) / s + 1
                shape = TensorShape([n, cout, h, w])
                let weights = try Checked.mul(cout, cin, k, k, what: "\(layer.name) weights")
                params = try Checked.add(weights, cout, what: "\(layer.name) params")
                // torchinfo: (weight + bias elements) x output positions x batch.
                macs = try Checked.mul(params, n, h, w, what: "\(layer.name) MACs")
                field.apply(kernel: k, stride: s)
            case let .batchNorm2d(c):
                params = 2 * c
                macs = try Checked.mul(params, n, what: "\(layer.name) MACs")
            case .relu, .dropout, .localResponseNorm:
                break
            case let .maxPool2d(k, s):
                if input.height < k || input.width < k {
                    if spec.isLayerList {
                        throw fail("input map \(input.height)x\(input.width) is smaller than the \(k)x\(k) window; "
                            + "use a larger input" + minimumHint(spec))
                    }
                    throw tooSmall(spec, block: layer.block ?? 0, from: input)
                }
                let h = (input.height - k) / s + 1
                let w = (input.width - k) / s + 1
                shape = TensorShape([n, input.channels, h, w])
                field.apply(kernel: k, stride: s)
            case let .adaptiveAvgPool2d(oh, ow):
                shape = TensorShape([n, input.channels, oh, ow])
                field.applyAdaptive(from: (input.height, input.width), to: (oh, ow))
            case .flatten:
                let features = try Checked.mul(input.channels, input.height, input.width, what: "the flattened feature vector")
                shape = TensorShape([n, features])
                field.spanWhole(height: input.height, width: input.width)
            case let .linear(_, out):
                let inFeatures = input.channels
                layer.op = .linear(inFeatures: inFeatures, outFeatures: out)
                shape = TensorShape([n, out])
                let weights = try Checked.mul(out, inFeatures, what: "\(layer.name) weights")
                params = try Checked.add(weights, out, what: "\(layer.name) params")
                macs = try Checked.mul(params, n, what: "\(layer.name) MACs")
            }
            var outputElements = 1
            for d in shape.dims { outputElements = try Checked.mul(outputElements, d, what: "\(layer.name) output") }
            facts.append(LayerFacts(
                layer: layer, inputShape: input, outputShape: shape, params: params, macs: macs,
                flops: layer.op.countsFLOPs ? try Checked.mul(2, macs, what: "\(layer.name) FLOPs") : 0,
                activationBytes: try Checked.mul(outputElements, 4, what: "\(layer.name) activation"),
                receptiveField: field.size, jump: field.jump,
                counts: try ToolCounts(layer.op, input: input, output: shape)))
        }
        return facts
    }

    /// `features.3 (maxpool k3 s2): ...` for a layer list, `block 2 conv 1 (features.3): ...` for blocks.
    private static func layerError(_ spec: VGGSpec, _ index: Int, _ layer: PlannedLayer, _ problem: String) -> SpecError {
        if let list = spec.layers, list.indices.contains(index) {
            return SpecError("\(VGGSpec.label(layer.name, list[index])): \(problem)", at: .layer(index))
        }
        let b = layer.block ?? 0
        var what = layer.op.kindName
        if case .conv2d = layer.op, spec.blocks.indices.contains(b) {
            let before = spec.layerPlan[..<index].filter { $0.block == b }
            what = "conv \(before.count { if case .conv2d = $0.op { true } else { false } } + 1)"
        }
        return SpecError("block \(b + 1) \(what) (\(layer.name)): \(problem)", at: .block(b))
    }

    /// `; input must be at least 63x63`: the smallest square input a layer list accepts (shapes only
    /// grow with the input, so a bisection finds it).
    private static func minimumHint(_ spec: VGGSpec) -> String {
        guard spec.isLayerList else { return "" }
        func fits(_ size: Int) -> Bool {
            var s = spec
            s.input.height = size
            s.input.width = size
            s.input.batch = 1
            return (try? shapesFit(s)) == true
        }
        var (lo, hi) = (1, 1 << 16)
        guard fits(hi) else { return "" }
        while lo < hi {
            let mid = (lo + hi) / 2
            if fits(mid) { hi = mid } else { lo = mid + 1 }
        }
        return "; the input must be at least \(lo)x\(lo)"
    }

    /// Whether every map stays at least 1x1 and each window fits (no messages: for `minimumHint`).
    private static func shapesFit(_ spec: VGGSpec) throws -> Bool {
        var h = spec.input.height, w = spec.input.width, spatial = true
        for layer in spec.layerPlan {
            switch layer.op {
            case let .conv2d(_, _, k, s, p):
                let ph = try Checked.add(h, Checked.mul(2, p, what: ""), what: "")
                let pw = try Checked.add(w, Checked.mul(2, p, what: ""), what: "")
                guard spatial, ph >= k, pw >= k else { return false }
                h = (ph - k) / s + 1
                w = (pw - k) / s + 1
            case let .maxPool2d(k, s):
                guard spatial, h >= k, w >= k else { return false }
                h = (h - k) / s + 1
                w = (w - k) / s + 1
            case let .adaptiveAvgPool2d(oh, ow):
                (h, w) = (oh, ow)
            case .flatten:
                spatial = false
            case .batchNorm2d, .relu, .dropout, .linear, .localResponseNorm:
                break
            }
        }
        return true
    }

    private static func tooSmall(_ spec: VGGSpec, block: Int, from input: TensorShape) -> SpecError {
        let minimum = 1 << spec.blocks.count
        let blocks = spec.blocks.count == 1 ? "1 block" : "\(spec.blocks.count) blocks"
        return SpecError(
            "block \(block + 1) pool: \(input.height)x\(input.width) -> \(input.height / 2)x\(input.width / 2); "
                + "input must be at least \(minimum)x\(minimum) for \(blocks)",
            at: .block(block))
    }

    private static func sum(_ layers: [LayerFacts], input: InputShape) throws(SpecError) -> (Totals, Split) {
        var t = Totals()
        var split = Split()
        var largestPair = 0
        for f in layers {
            t.params = try Checked.add(t.params, f.params, what: "total params")
            t.macs = try Checked.add(t.macs, f.macs, what: "total MACs")
            t.flops = try Checked.add(t.flops, f.flops, what: "total FLOPs")
            t.counts = try t.counts.adding(f.counts)
            t.activationBytes = try Checked.add(t.activationBytes, f.activationBytes, what: "activation bytes")
            if f.params > 0 {
                t.forwardBackwardBytes = try Checked.add(t.forwardBackwardBytes, 2 * f.activationBytes, what: "pass bytes")
            }
            let pair = try Checked.add(f.inputBytes, f.activationBytes, what: "activation bytes")
            largestPair = max(largestPair, pair)
            switch f.layer.section {
            case .features:
                split.convParams += f.params
                split.convMACs += f.macs
            case .head, .classifier:
                split.classifierParams += f.params
                split.classifierMACs += f.macs
            }
        }
        t.paramBytes = try Checked.mul(t.params, 4, what: "parameter bytes")
        t.inputBytes = try Checked.mul(input.batch, input.channels, input.height, input.width, 4, what: "input bytes")
        t.peakBytes = try Checked.add(t.paramBytes, largestPair, what: "peak memory")
        return (t, split)
    }
}
