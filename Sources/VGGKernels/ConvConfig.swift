// ConvConfig: everything a Conv2dKernel is built with besides its weights: the algorithm, the ISA its micro-kernels
// use, the K block and Winograd tile block, and the thread count its forward runs on (and sizes its workspace for).
// The runtime's execution plan fills it in from its cost model; nothing in the kernels reads a global setting.

/// The algorithm a conv kernel runs (resolved: never "auto").
public enum ConvMethod: String, CaseIterable, Sendable {
    /// Implicit im2col + packed GEMM (any kernel size, stride, padding).
    case gemm
    /// Winograd F(4x4,3x3): 36 products per 16 outputs; 3x3, stride 1, padding 1 only.
    case winogradF4 = "winograd-f4"
    /// Winograd F(2x2,3x3): 16 products per 4 outputs, transformed weights 16/9 of the raw ones; 3x3/1/1 only.
    case winogradF2 = "winograd-f2"
    /// Weight streaming for tiny maps: the (batch x OH x OW) im2col rows times the raw OIHW weights as a batched GEMV,
    /// reading the weights once per 32 rows (no packing padding, no transformed weights).
    case stream
    /// Im2col GEMM with the output pixels as the micro-kernel's rows and the output channels across its vector lanes
    /// (weights packed once as B panels): full tiles on maps of a few pixels, where `gemm`'s pixel panels are mostly empty.
    case gemmRows = "gemm-rows"

    public var isWinograd: Bool { self == .winogradF4 || self == .winogradF2 }

    /// Whether a kernel of this geometry can run the method.
    public func supports(kernel: Int, stride: Int, padding: Int, inChannels: Int) -> Bool {
        switch self {
        case .gemm, .stream, .gemmRows: return true
        case .winogradF4, .winogradF2: return kernel == 3 && stride == 1 && padding == 1 && inChannels > 0
        }
    }
}

/// What a user asks for (`--conv-algo`): the plan's choice (`auto`) or one method wherever the layer supports it.
public enum ConvAlgorithm: String, CaseIterable, Sendable {
    case auto, gemm, winograd
    case winogradF2 = "winograd-f2"
    case stream
    case gemmRows = "gemm-rows"

    /// The method forced by this request, nil for auto. `winograd` is F(4x4,3x3).
    public var forced: ConvMethod? {
        switch self {
        case .auto: return nil
        case .gemm: return .gemm
        case .winograd: return .winogradF4
        case .winogradF2: return .winogradF2
        case .stream: return .stream
        case .gemmRows: return .gemmRows
        }
    }
}

public struct ConvConfig: Equatable, Sendable {
    public var method: ConvMethod
    /// AVX-512 tiles and transforms, or the AVX2 (SIMD8) path; .avx512 on a CPU without it runs the AVX2 path.
    public var isa: KernelISA
    /// Threads a forward uses; the workspace is sized for this many workers.
    public var threads: Int
    /// Winograd: input channels per packed K block of the transformed weights (nil: 512 on AVX-512, 256 on AVX2).
    public var kBlock: Int?
    /// Winograd: tiles per task, a multiple of 16 (nil: WinogradConv.tilesPerBlock's rule).
    public var tileBlock: Int?

    public init(method: ConvMethod, isa: KernelISA = .detected, threads: Int = 1, kBlock: Int? = nil, tileBlock: Int? = nil) {
        self.method = method
        self.isa = KernelISA.usable(isa)
        self.threads = max(1, threads)
        self.kBlock = kBlock
        self.tileBlock = tileBlock
    }

    /// The K block the kernel packs with (Winograd: kBlock or the ISA's default; im2col GEMM: its fixed 256).
    public var effectiveKBlock: Int {
        method.isWinograd ? (kBlock ?? WinogradConv.defaultKC(isa)) : PackedConvWeights.kc
    }

    /// The Winograd tile block a forward at this shape uses (nil for the other methods).
    public func winogradTileBlock(batch: Int, height: Int, width: Int) -> Int? {
        guard method.isWinograd else { return nil }
        let m = method == .winogradF4 ? 4 : 2
        let tiles = batch * ceilDiv(height, m) * ceilDiv(width, m)
        return WinogradConv.tilesPerBlock(totalTiles: tiles, isa: isa, cap: tileBlock)
    }
}
