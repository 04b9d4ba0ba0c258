// Conv2dKernel: NCHW float32 convolution (OIHW weights, bias, optional fused ReLU), weights prepared once at init
// for the method of its ConvConfig (ConvConfig.swift). Layout: input N x Cin x H x W and output N x Cout x OH x OW,
// dense (no row or plane padding); OH/OW follow PyTorch's floor rule. Methods: .gemm = implicit im2col + packed GEMM
// (any kernel/stride/padding; small maps at batch > 1 fold the batch into the GEMM's columns:
// Im2colGEMM+Folded.swift); .winogradF4 / .winogradF2 = Winograd F(4x4,3x3) / F(2x2,3x3) (3x3, stride 1, padding 1,
// Cin > 0 only: ConvMethod.supports); .stream = weight streaming for tiny maps (StreamConv.swift). Edge cases: an
// empty output (H+2p < k) or batch 0 is a no-op; Cin 0 gives the bias (through ReLU). The caller provides `workspace`
// of workspaceCount floats, sized for config.threads workers; forward runs on min(pool.threads, config.threads). init
// and forward check every buffer's count against the geometry (weights Cout x Cin x k x k, input, output, workspace).
// maxPool2x2: MaxPool2d(2, 2) (floor rule) fused into the epilogue: `output` receives the pooled
// (OH/2) x (OW/2) map and the full conv output is never stored (Winograd: WinogradPoolEpilogue.swift;
// GEMM: Im2colGEMM+MaxPool.swift, which needs a larger workspace: pass the same flag to workspaceCount).

public final class Conv2dKernel: @unchecked Sendable {
    public let outChannels: Int
    public let inChannels: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    public let config: ConvConfig

    private let biasData: UnsafeMutablePointer<Float>
    private let gemmWeights: PackedConvWeights?
    private let winogradWeights: WinogradConv?
    /// .stream: the raw OIHW weights ([Cout][Cin*k*k]), copied.
    private let rawWeights: UnsafeMutablePointer<Float>?
    /// .gemmRows: the weights as RowGEMM's B panels.
    private let columnWeights: PackedColumns?

    public init(weights: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?, outChannels: Int, inChannels: Int,
                kernel: Int, stride: Int, padding: Int, config: ConvConfig) {
        precondition(outChannels >= 0 && inChannels >= 0 && kernel >= 1 && stride >= 1 && padding >= 0,
                     "Conv2dKernel: bad geometry")
        precondition(config.method.supports(kernel: kernel, stride: stride, padding: padding, inChannels: inChannels),
                     "Conv2dKernel: \(config.method.rawValue) cannot run a \(kernel)x\(kernel)/\(stride) pad \(padding) conv")
        let (_, o1) = outChannels.multipliedReportingOverflow(by: inChannels)
        let (_, o2) = (outChannels * inChannels).multipliedReportingOverflow(by: kernel * kernel * 36)
        precondition(!o1 && !o2, "Conv2dKernel: weight count overflows")
        precondition(weights.count >= outChannels * inChannels * kernel * kernel,
                     "Conv2dKernel: \(weights.count) weights for \(outChannels)x\(inChannels)x\(kernel)x\(kernel)")
        precondition((bias?.count ?? outChannels) >= outChannels,
                     "Conv2dKernel: \(bias?.count ?? 0) biases for \(outChannels) output channels")
        let weights = weights.base
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.config = config
        biasData = alignedFloats(outChannels)
        if let bias { biasData.update(from: bias.base, count: outChannels) } else { biasData.update(repeating: 0, count: outChannels) }
        var winograd: WinogradConv? = nil, gemm: PackedConvWeights? = nil, raw: UnsafeMutablePointer<Float>? = nil
        var columns: PackedColumns? = nil
        switch config.method {
        case .winogradF4, .winogradF2:
            winograd = WinogradConv(weights: weights, outChannels: outChannels, inChannels: inChannels,
                                    variant: config.method == .winogradF4 ? .f4 : .f2, isa: config.isa,
                                    kc: config.kBlock, tileBlock: config.tileBlock)
        case .gemm:
            gemm = PackedConvWeights(weights: weights, rows: outChannels, depth: inChannels * kernel * kernel)
        case .stream:
            let count = outChannels * inChannels * kernel * kernel
            raw = alignedFloats(count)
            raw!.update(from: weights, count: count)
        case .gemmRows:
            columns = PackedColumns(rowMajor: weights, n: outChannels, depth: inChannels * kernel * kernel)
        }
        columnWeights = columns
        winogradWeights = winograd
        gemmWeights = gemm
        rawWeights = raw
    }

    deinit {
        biasData.deallocate()
        gemmWeights?.data.deallocate()
        rawWeights?.deallocate()
        columnWeights?.data.deallocate()
    }

    // MARK: planning without weights (lets a caller size memory before loading weights)

    /// What `packedBytes` of such a kernel will be: the method's weight layout plus the bias.
    public static func packedBytes(outChannels: Int, inChannels: Int, kernel: Int, method: ConvMethod) -> Int {
        let floats: Int
        switch method {
        case .winogradF4: floats = WinogradConv.packedFloats(variant: .f4, cin: inChannels, cout: outChannels)
        case .winogradF2: floats = WinogradConv.packedFloats(variant: .f2, cin: inChannels, cout: outChannels)
        case .gemm: floats = roundUp(outChannels, 6) * inChannels * kernel * kernel
        case .stream: floats = outChannels * inChannels * kernel * kernel
        case .gemmRows: floats = PackedColumns.floats(n: outChannels, depth: inChannels * kernel * kernel)
        }
        return 4 * (floats + outChannels)
    }

    /// Columns the im2col GEMM multiplies for `batch` images of `pixels` output pixels: 16-column panels per image,
    /// or per group of whole images when a small map folds the batch into the columns (padding included).
    public static func gemmColumns(batch: Int, pixels: Int) -> Int {
        Im2colGEMM.paddedColumns(batch: batch, pixels: pixels)
    }

    /// How many times the im2col GEMM packs each im2col slice on `threads` (once per Cout chunk when there are fewer
    /// pixel tasks than threads to go round).
    public static func gemmPackingRepeats(batch: Int, pixels: Int, outChannels: Int, threads: Int) -> Int {
        Im2colGEMM.packingRepeats(batch: batch, pixels: pixels, cout: outChannels, threads: threads)
    }

    /// Whether the im2col GEMM folds the batch into its columns at this size (small maps at batch > 1).
    public static func gemmFoldsBatch(batch: Int, pixels: Int) -> Bool {
        Im2colGEMM.folds(batch: batch, pixels: pixels)
    }

    /// What `workspaceCount(batch:height:width:maxPool2x2:)` of such a kernel will return.
    public static func workspaceCount(outChannels: Int, inChannels: Int, kernel: Int, stride: Int, padding: Int,
                                      config: ConvConfig, batch: Int, height: Int, width: Int,
                                      maxPool2x2: Bool = false) -> Int {
        let workers = config.threads
        switch config.method {
        case .winogradF4, .winogradF2:
            return WinogradConv.workspaceCount(variant: config.method == .winogradF4 ? .f4 : .f2, cin: inChannels,
                                               cout: outChannels, batch: batch, height: height, width: width,
                                               workers: workers, isa: config.isa, tileBlock: config.tileBlock)
        case .stream:
            let (oh, ow) = outputSize(height: height, width: width, kernel: kernel, stride: stride, padding: padding)
            return StreamConv.workspaceCount(batch: batch, cin: inChannels, cout: outChannels, kernel: kernel, oh: oh, ow: ow)
        case .gemmRows:
            let (oh, ow) = outputSize(height: height, width: width, kernel: kernel, stride: stride, padding: padding)
            return RowGEMMConv.workspaceCount(batch: batch, cin: inChannels, cout: outChannels, kernel: kernel, oh: oh, ow: ow)
        case .gemm:
            let depth = inChannels * kernel * kernel
            let (oh, ow) = outputSize(height: height, width: width, kernel: kernel, stride: stride, padding: padding)
            if Im2colGEMM.folds(batch: batch, pixels: oh * ow) {
                return Im2colGEMM.foldedWorkspaceCount(depth: depth, cout: outChannels, workers: workers)
            }
            if maxPool2x2 {
                let ow = outputSize(height: height, width: width, kernel: kernel, stride: stride, padding: padding).width
                return Im2colGEMM.pooledWorkspaceCount(depth: depth, cout: outChannels, pooledWidth: ow / 2, workers: workers)
            }
            return Im2colGEMM.workspaceCount(depth: depth, workers: workers)
        }
    }

    static func outputSize(height: Int, width: Int, kernel: Int, stride: Int, padding: Int) -> (height: Int, width: Int) {
        let oh = (height + 2 * padding - kernel) >= 0 ? (height + 2 * padding - kernel) / stride + 1 : 0
        let ow = (width + 2 * padding - kernel) >= 0 ? (width + 2 * padding - kernel) / stride + 1 : 0
        return (oh, ow)
    }

    /// The conv output size; with maxPool2x2, the pooled size (floor(OH/2), floor(OW/2)) that forward writes.
    public func outputSize(height: Int, width: Int, maxPool2x2: Bool = false) -> (height: Int, width: Int) {
        let (oh, ow) = Conv2dKernel.outputSize(height: height, width: width, kernel: kernel, stride: stride, padding: padding)
        return maxPool2x2 ? (oh / 2, ow / 2) : (oh, ow)
    }

    /// The method this kernel runs, fixed at init whatever the map size.
    public var method: ConvMethod { config.method }

    public func workspaceCount(batch: Int, height: Int, width: Int, maxPool2x2: Bool = false) -> Int {
        Conv2dKernel.workspaceCount(outChannels: outChannels, inChannels: inChannels, kernel: kernel, stride: stride,
                                    padding: padding, config: config, batch: batch, height: height, width: width,
                                    maxPool2x2: maxPool2x2)
    }

    public var packedBytes: Int {
        Conv2dKernel.packedBytes(outChannels: outChannels, inChannels: inChannels, kernel: kernel, method: config.method)
    }

    /// Writes N x Cout x OH x OW, or with maxPool2x2 the pooled N x Cout x (OH/2) x (OW/2) (see outputSize).
    /// `input` holds at least N x Cin x H x W floats, `output` the written map and `workspace` workspaceCount (with the
    /// same maxPool2x2); checked once per call.
    public func forward(input: UnsafeBufferPointer<Float>, batch: Int, height: Int, width: Int,
                        output: UnsafeMutableBufferPointer<Float>, relu: Bool, maxPool2x2: Bool = false,
                        workspace: UnsafeMutableBufferPointer<Float>, pool: Parallelism) {
        precondition(batch >= 0 && height >= 0 && width >= 0, "Conv2dKernel.forward: negative size \(batch)x\(height)x\(width)")
        let (oh, ow) = outputSize(height: height, width: width)
        let written = outputSize(height: height, width: width, maxPool2x2: maxPool2x2)
        precondition(input.count >= batch * inChannels * height * width,
                     "Conv2dKernel.forward: input holds \(input.count) floats, \(batch)x\(inChannels)x\(height)x\(width) needed")
        precondition(output.count >= batch * outChannels * written.height * written.width,
                     "Conv2dKernel.forward: output holds \(output.count) floats, \(batch)x\(outChannels)x\(written.height)x\(written.width) needed")
        if written.height <= 0 || written.width <= 0 || batch <= 0 { return }
        let needed = workspaceCount(batch: batch, height: height, width: width, maxPool2x2: maxPool2x2)
        precondition(workspace.count >= needed,
                     "Conv2dKernel.forward: workspace holds \(workspace.count) floats, workspaceCount is \(needed)")
        let (input, output, workspace) = (input.base, output.base, workspace.base)
        let workers = config.threads, isa = config.isa
        let tp = Parallelism(threads: min(pool.threads, workers))
        if let wg = winogradWeights {
            wg.forward(input: input, batch: batch, height: height, width: width, bias: biasData,
                       output: output, relu: relu, maxPool2x2: maxPool2x2, workspace: workspace, workers: workers, pool: tp)
            return
        }
        let g = Im2colGEMM.Geometry(batch: batch, cin: inChannels, h: height, w: width, k: kernel, stride: stride,
                                    pad: padding, oh: oh, ow: ow)
        if let raw = rawWeights {
            StreamConv.forward(g, cout: outChannels, weights: raw, bias: biasData, input: input, output: output, relu: relu,
                               maxPool2x2: maxPool2x2, workspace: workspace, pool: tp)
            return
        }
        if let columns = columnWeights {
            RowGEMMConv.forward(g, weights: columns, bias: biasData, input: input, output: output, relu: relu,
                                maxPool2x2: maxPool2x2, workspace: workspace, isa: isa, pool: tp)
            return
        }
        if Im2colGEMM.folds(batch: batch, pixels: oh * ow) {
            Im2colGEMM.forwardFolded(g, weights: gemmWeights!, bias: biasData, input: input, output: output, relu: relu,
                                     maxPool2x2: maxPool2x2, workspace: workspace, workers: workers, isa: isa, pool: tp)
            return
        }
        if maxPool2x2 {
            Im2colGEMM.forwardPooled(g, weights: gemmWeights!, bias: biasData, input: input, output: output, relu: relu,
                                     workspace: workspace, workers: workers, isa: isa, pool: tp)
            return
        }
        Im2colGEMM.forward(g, weights: gemmWeights!, bias: biasData, input: input, output: output, relu: relu,
                           workspace: workspace, workers: workers, isa: isa, pool: tp)
    }
}
