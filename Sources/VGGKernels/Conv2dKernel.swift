// Conv2dKernel: NCHW float32 convolution (OIHW weights, bias, optional fused ReLU), weights prepared once at init.
// Layout: input N x Cin x H x W and output N x Cout x OH x OW, dense (no row or plane padding); OH/OW follow PyTorch's
// floor rule. Algorithms: .gemm = implicit im2col + packed GEMM (any kernel/stride/padding); .winograd = F(4x4,3x3)
// (3x3, stride 1, padding 1 and Cin > 0 only; other shapes use .gemm). Edge cases: an empty output (H+2p < k) or
// batch 0 is a no-op; Cin 0 gives the bias (through ReLU). The caller provides `workspace` of workspaceCount floats,
// sized for Parallelism.available workers (a Parallelism with more threads is clamped to that). init and forward check
// every buffer's count against the geometry (weights Cout x Cin x k x k, input, output, workspace) before running.
// maxPool2x2: MaxPool2d(2, 2) (floor rule) fused into the epilogue: `output` receives the pooled
// (OH/2) x (OW/2) map and the full conv output is never stored (Winograd: WinogradPoolEpilogue.swift;
// GEMM: Im2colGEMM+MaxPool.swift, which needs a larger workspace: pass the same flag to workspaceCount).

public enum ConvAlgorithm: String, CaseIterable, Sendable { case auto, gemm, winograd }

public final class Conv2dKernel: @unchecked Sendable {
    public let outChannels: Int
    public let inChannels: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    /// The algorithm asked for at init.
    public let requestedAlgorithm: ConvAlgorithm

    private let biasData: UnsafeMutablePointer<Float>
    private let gemmWeights: PackedConvWeights?
    private let winogradWeights: WinogradConv?
    private let workers: Int

    public convenience init(weights: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?, outChannels: Int, inChannels: Int,
                            kernel: Int, stride: Int, padding: Int, algorithm: ConvAlgorithm = .auto) {
        self.init(weights: weights, bias: bias, outChannels: outChannels, inChannels: inChannels, kernel: kernel,
                  stride: stride, padding: padding, algorithm: algorithm, winogradVariant: .f4)
    }

    /// F(4x4,3x3) is the production choice: it measured faster than F(2x2,3x3) at every VGG map size (docs/tuning.md).
    /// F2 stays selectable for tests and experiments.
    init(weights: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?, outChannels: Int, inChannels: Int,
         kernel: Int, stride: Int, padding: Int, algorithm: ConvAlgorithm, winogradVariant: WinogradConv.Variant) {
        precondition(outChannels >= 0 && inChannels >= 0 && kernel >= 1 && stride >= 1 && padding >= 0,
                     "Conv2dKernel: bad geometry")
        let (_, o1) = outChannels.multipliedReportingOverflow(by: inChannels)
        let (_, o2) = (outChannels * inChannels).multipliedReportingOverflow(by: kernel * kernel * 36)
        precondition(!o1 && !o2, "Conv2dKernel: weight count overflows")
        precondition(weights.count >= outChannels * inChannels * kernel * kernel,
                     "Conv2dKernel: \(weights.count) weights for \(outChannels)x\(inChannels)x\(kernel)x\(kernel)")
        precondition((bias?.count ?? outChannels) >= outChannels,
                     "Conv2dKernel: \(bias?.count ?? 0) biases for \(outChannels) output channels")
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.requestedAlgorithm = algorithm
        self.workers = Parallelism.available
        biasData = alignedFloats(outChannels)
        if let bias { biasData.update(from: bias.base, count: outChannels) } else { biasData.update(repeating: 0, count: outChannels) }

        let useWinograd = Conv2dKernel.plannedAlgorithm(inChannels: inChannels, kernel: kernel, stride: stride,
                                                        padding: padding, algorithm: algorithm) == .winograd
        if useWinograd {
            winogradWeights = WinogradConv(weights: weights.base, outChannels: outChannels, inChannels: inChannels, variant: winogradVariant)
            gemmWeights = nil
        } else {
            winogradWeights = nil
            gemmWeights = PackedConvWeights(weights: weights.base, rows: outChannels, depth: inChannels * kernel * kernel)
        }
    }

    deinit {
        biasData.deallocate()
        gemmWeights?.data.deallocate()
    }

    static func winogradEligible(kernel: Int, stride: Int, padding: Int) -> Bool {
        kernel == 3 && stride == 1 && padding == 1
    }

    /// Cost-model rule for .auto (see kernel-bench): Winograd's transforms cost O(Cin + Cout) per tile and its
    /// products O(Cin*Cout); with few input channels (the RGB layer) the transforms dominate and im2col wins.
    static func autoPrefersWinograd(inChannels: Int) -> Bool { inChannels >= 16 }

    // MARK: planning without weights (additive API: lets a caller size memory before loading weights)

    /// The algorithm a kernel built with these arguments will run (never .auto); same rule as init.
    public static func plannedAlgorithm(inChannels: Int, kernel: Int, stride: Int, padding: Int,
                                        algorithm: ConvAlgorithm = .auto) -> ConvAlgorithm {
        inChannels > 0 && winogradEligible(kernel: kernel, stride: stride, padding: padding)
            && (algorithm == .winograd || (algorithm == .auto && autoPrefersWinograd(inChannels: inChannels))) ? .winograd : .gemm
    }

    /// What `packedBytes` of such a kernel will be.
    public static func packedBytes(outChannels: Int, inChannels: Int, kernel: Int, stride: Int, padding: Int,
                                   algorithm: ConvAlgorithm = .auto) -> Int {
        let floats: Int
        switch plannedAlgorithm(inChannels: inChannels, kernel: kernel, stride: stride, padding: padding, algorithm: algorithm) {
        case .winograd: floats = WinogradConv.packedFloats(variant: .f4, cin: inChannels, cout: outChannels)
        default: floats = roundUp(outChannels, 6) * inChannels * kernel * kernel
        }
        return 4 * (floats + outChannels)
    }

    /// What `workspaceCount(batch:height:width:maxPool2x2:)` of such a kernel will return. A kernel sizes its workspace
    /// for `Parallelism.available` workers whatever Parallelism it runs with; `workers` plans for another count (another
    /// machine, or a test that must not depend on this one's cores).
    public static func workspaceCount(outChannels: Int, inChannels: Int, kernel: Int, stride: Int, padding: Int,
                                      algorithm: ConvAlgorithm = .auto, batch: Int, height: Int, width: Int,
                                      maxPool2x2: Bool = false, workers: Int = Parallelism.available) -> Int {
        switch plannedAlgorithm(inChannels: inChannels, kernel: kernel, stride: stride, padding: padding, algorithm: algorithm) {
        case .winograd:
            return WinogradConv.workspaceCount(variant: .f4, cin: inChannels, cout: outChannels, batch: batch, height: height,
                                               width: width, workers: workers)
        default:
            let depth = inChannels * kernel * kernel
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

    /// The algorithm this kernel runs (never .auto): fixed at init, whatever the map size.
    public var algorithm: ConvAlgorithm { winogradWeights != nil ? .winograd : .gemm }

    public func workspaceCount(batch: Int, height: Int, width: Int, maxPool2x2: Bool = false) -> Int {
        if let wg = winogradWeights {
            return wg.workspaceCount(batch: batch, height: height, width: width, workers: workers)
        }
        if maxPool2x2 {
            return Im2colGEMM.pooledWorkspaceCount(depth: inChannels * kernel * kernel, cout: outChannels,
                                                   pooledWidth: outputSize(height: height, width: width).width / 2,
                                                   workers: workers)
        }
        return Im2colGEMM.workspaceCount(depth: inChannels * kernel * kernel, workers: workers)
    }

    public var packedBytes: Int {
        4 * ((gemmWeights?.floats ?? 0) + (winogradWeights?.floats ?? 0) + outChannels)
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
        if let wg = winogradWeights {
            wg.forward(input: input, batch: batch, height: height, width: width, bias: biasData,
                       output: output, relu: relu, maxPool2x2: maxPool2x2, workspace: workspace, workers: workers, pool: pool)
            return
        }
        let g = Im2colGEMM.Geometry(batch: batch, cin: inChannels, h: height, w: width, k: kernel, stride: stride,
                                    pad: padding, oh: oh, ow: ow)
        if maxPool2x2 {
            Im2colGEMM.forwardPooled(g, weights: gemmWeights!, bias: biasData, input: input, output: output, relu: relu,
                                     workspace: workspace, workers: workers, pool: pool)
            return
        }
        Im2colGEMM.forward(g, weights: gemmWeights!, bias: biasData, input: input, output: output, relu: relu,
                           workspace: workspace, workers: workers, pool: pool)
    }
}
