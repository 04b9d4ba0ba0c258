/// Each tool's count for one layer: a pure function of the op and its input and output shapes
/// (batch first). Read from the tools' sources; `scripts/counter_fixtures.py` measures the tools
/// themselves and the tests hold every rule to them, layer by layer.
extension CountingTool {
    public func count(_ op: LayerOp, input: TensorShape, output: TensorShape) throws(SpecError) -> Int {
        switch self {
        case .torchinfo: try Self.torchinfo(op, input, output)
        case .ptflops: try Self.ptflops(op, input, output)
        case .fvcore: try Self.fvcore(op, input, output)
        case .thop: try Self.thop(op, input, output)
        case .torch: try Self.torch(op, input, output)
        }
    }

    /// torchinfo: every parameter once per output position (Conv2d, batch included) or per sample.
    static func torchinfo(_ op: LayerOp, _ input: TensorShape, _ output: TensorShape) throws(SpecError) -> Int {
        switch op {
        case let .conv2d(cin, cout, k, _, _):
            let params = try Checked.add(try Checked.mul(cout, cin, k, k, what: "conv weights"), cout, what: "conv params")
            return try Checked.mul(params, output.batch, output.height, output.width, what: "torchinfo conv MACs")
        case let .batchNorm2d(c):
            return try Checked.mul(2, c, output.batch, what: "torchinfo BatchNorm MACs")
        case let .linear(fin, fout):
            let params = try Checked.add(try Checked.mul(fin, fout, what: "linear weights"), fout, what: "linear params")
            return try Checked.mul(params, output.batch, what: "torchinfo linear MACs")
        case .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout, .localResponseNorm:
            return 0
        }
    }

    /// ptflops (pytorch backend) runs its own batch of 1. Its module hooks count ReLU and pooling
    /// once, and the functionals it patches (F.relu, F.max_pool2d, F.adaptive_avg_pool2d,
    /// F.avg_pool3d, Tensor.mul/add) count them again when the module calls them.
    static func ptflops(_ op: LayerOp, _ input: TensorShape, _ output: TensorShape) throws(SpecError) -> Int {
        let inElements = try perImage(input), outElements = try perImage(output)
        switch op {
        case let .conv2d(cin, cout, k, _, _):
            let positions = try Checked.mul(output.height, output.width, what: "conv output positions")
            let perPosition = try Checked.add(try Checked.mul(k, k, cin, cout, what: "conv weights"), cout, what: "conv params")
            return try Checked.mul(perPosition, positions, what: "ptflops conv MACs")
        case .batchNorm2d:
            return try Checked.mul(2, inElements, what: "ptflops BatchNorm MACs")
        case .relu:
            return try Checked.mul(2, outElements, what: "ptflops ReLU MACs")
        case .maxPool2d, .adaptiveAvgPool2d:
            return try Checked.mul(2, inElements, what: "ptflops pooling MACs")
        case let .linear(fin, fout):
            return try Checked.add(try Checked.mul(fin, fout, what: "linear weights"), fout, what: "ptflops linear MACs")
        case let .localResponseNorm(size, _, _, _):
            // x*x, *alpha, +k over the input; avg_pool3d over the channel-padded squares.
            let channels = try Checked.add(input.channels, max(size - 1, 0), what: "LRN window")
            let padded = try Checked.mul(channels, input.height, input.width, what: "LRN window")
            return try Checked.add(try Checked.mul(3, inElements, what: "ptflops LRN MACs"), padded, what: "ptflops LRN MACs")
        case .flatten, .dropout:
            return 0
        }
    }

    /// fvcore traces aten ops and counts only those it has a handle for.
    static func fvcore(_ op: LayerOp, _ input: TensorShape, _ output: TensorShape) throws(SpecError) -> Int {
        switch op {
        case .conv2d, .linear:
            return try multiplyAdds(op, output)
        case .batchNorm2d:
            return try Checked.mul(2, try elements(input), what: "fvcore BatchNorm flops")
        case .adaptiveAvgPool2d:
            return try elements(input)
        case .relu, .maxPool2d, .flatten, .dropout, .localResponseNorm:
            return 0
        }
    }

    /// thop: module hooks; float64 arithmetic where the hook uses it (adaptive pooling).
    static func thop(_ op: LayerOp, _ input: TensorShape, _ output: TensorShape) throws(SpecError) -> Int {
        switch op {
        case .conv2d, .linear:
            return try multiplyAdds(op, output)
        case .batchNorm2d:
            return try Checked.mul(4, try elements(input), what: "thop BatchNorm MACs")
        case .adaptiveAvgPool2d:
            // kernel = input size / output size as reals; (prod(kernel) + 1) x output elements, int().
            let kernel = (Double(input.height) / Double(output.height)) * (Double(input.width) / Double(output.width))
            let ops = (kernel + 1) * Double(try elements(output))
            guard ops.isFinite, ops < 9.0e18 else { throw Checked.overflow("thop AdaptiveAvgPool2d MACs") }
            return Int(ops)
        case .relu, .maxPool2d, .flatten, .dropout, .localResponseNorm:
            return 0
        }
    }

    /// torch.utils.flop_counter: 2 FLOPs per multiply-add of convolution and matmul ops only.
    static func torch(_ op: LayerOp, _ input: TensorShape, _ output: TensorShape) throws(SpecError) -> Int {
        switch op {
        case .conv2d, .linear:
            return try Checked.mul(2, try multiplyAdds(op, output), what: "torch FLOPs")
        case .batchNorm2d, .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout, .localResponseNorm:
            return 0
        }
    }

    /// Multiplies of a Conv2d or Linear, bias left out, batch included.
    static func multiplyAdds(_ op: LayerOp, _ output: TensorShape) throws(SpecError) -> Int {
        switch op {
        case let .conv2d(cin, _, k, _, _):
            return try Checked.mul(try elements(output), cin, k, k, what: "conv multiply-adds")
        case let .linear(fin, _):
            return try Checked.mul(try elements(output), fin, what: "linear multiply-adds")
        default:
            return 0
        }
    }

    static func elements(_ shape: TensorShape) throws(SpecError) -> Int {
        var n = 1
        for d in shape.dims { n = try Checked.mul(n, d, what: "tensor elements") }
        return n
    }

    static func perImage(_ shape: TensorShape) throws(SpecError) -> Int {
        try elements(TensorShape([1] + shape.dims.dropFirst()))
    }
}

extension ToolCounts {
    /// Every tool's count for one layer.
    public init(_ op: LayerOp, input: TensorShape, output: TensorShape) throws(SpecError) {
        self.init()
        for tool in CountingTool.allCases {
            self[tool] = try tool.count(op, input: input, output: output)
        }
    }
}
