import Foundation
import VGGKernels

/// Predicts how long one conv step takes with each algorithm and thread count on a machine, and picks the cheapest.
/// A prediction is compute + memory + overhead, each from the shape alone:
/// - compute: the FLOPs the algorithm really issues (tile and panel padding included: 6-row weight panels, 16-column
///   pixel/tile panels, Winograd's alpha^2 products per m^2 outputs) / (threads x per-core GEMM peak x the
///   algorithm's efficiency), plus the Winograd transforms and im2col packing as floats moved per second;
/// - memory: bytes that must come from DRAM (weights in the method's layout, once per tile block for Winograd when
///   they do not stay in the last-level cache; input; output) / (0.6 x the probed bandwidth, 90% of that on one core);
/// - overhead: a fixed cost per call and a synchronisation cost per parallel region per extra thread.
/// The constants are round numbers fitted to `bench`'s predicted-vs-measured columns on the machines in
/// docs/tuning.md; they decide rankings, not exact times (tests check choices and monotonicity, never ms).
public struct ConvCostModel: Sendable {
    public struct Shape: Equatable, Sendable {
        public var batch, inChannels, outChannels, kernel, stride, padding, height, width: Int
        public var maxPool2x2: Bool

        public init(batch: Int, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 1,
                    height: Int, width: Int, maxPool2x2: Bool = false) {
            self.batch = batch; self.inChannels = inChannels; self.outChannels = outChannels; self.kernel = kernel
            self.stride = stride; self.padding = padding; self.height = height; self.width = width
            self.maxPool2x2 = maxPool2x2
        }

        var outHeight: Int { height + 2 * padding >= kernel ? (height + 2 * padding - kernel) / stride + 1 : 0 }
        var outWidth: Int { width + 2 * padding >= kernel ? (width + 2 * padding - kernel) / stride + 1 : 0 }
        var depth: Double { Double(inChannels * kernel * kernel) }
        /// Output pixels over the batch.
        var pixels: Double { Double(batch) * Double(outHeight) * Double(outWidth) }
        /// Direct-convolution FLOPs (2 x MACs).
        var flops: Double { 2 * pixels * Double(outChannels) * depth }
    }

    public struct Prediction: Equatable, Sendable {
        public var method: ConvMethod
        public var threads: Int
        public var seconds: Double
        public var computeSeconds: Double
        public var memorySeconds: Double
    }

    public let machine: MachineProfile

    /// Share of the GEMM peak each algorithm's inner loop reaches on full panels.
    static let gemmEfficiency = 0.9
    static let winogradEfficiency = 0.9
    /// gemm-rows' full 6x32 tiles over a K block of packed im2col rows.
    static let gemmRowsEfficiency = 0.85
    /// The stream path's SIMD8 3x4 tiles, relative to the GEMM peak (each constant's fit: docs/plan.md).
    static let streamEfficiency = 0.4
    /// Floats per second one core moves through a Winograd transform (SIMD, contiguous).
    static let transformFloatsPerSecond = 2.75e9
    /// Floats per second one core gathers into im2col panels (per-lane bounds checks on small or odd maps).
    static let packFloatsPerSecond = 0.65e9
    /// A short K (few input channels) pays a tile's load/store over fewer FMAs: efficiency x K / (K + this), with K
    /// = Cin x k x k for the GEMMs and Cin for each Winograd product.
    static let gemmDepthHalf = 24.0
    static let winogradDepthHalf = 16.0
    /// Share of the probed bandwidth (the better of a 4-stream read and a copy) the kernels' weight streams reach.
    static let memoryEfficiency = 0.65
    /// A GEMM task with a single 16-column panel per image (maps of <= 16 pixels) runs 6x16 or 12x16 tiles, not the
    /// 12x32 pairs, at a fraction of their rate.
    static let narrowPanelEfficiency = 0.75
    static let callSeconds = 8e-6
    static let syncSeconds = 12e-6
    /// Rows above which the stream path is not offered: it re-reads the weights once per 32 rows.
    public static let streamMaxRows = 64
    /// Rows above which gemm-rows is not offered: its packed im2col rows (rows x K per call) leave L2.
    public static let gemmRowsMaxRows = 512

    public init(machine: MachineProfile) { self.machine = machine }

    /// Every (method, threads) candidate the shape allows, for threads 1 and `maxThreads` (and the core count
    /// between them when different), cheapest first.
    public func predictions(_ s: Shape, maxThreads: Int, methods: [ConvMethod] = ConvMethod.allCases) -> [Prediction] {
        var counts = Set([1, max(1, maxThreads)])
        if maxThreads > machine.cores { counts.insert(machine.cores) }
        var out: [Prediction] = []
        for method in methods where available(method, s) {
            for t in counts.sorted() { out.append(predict(method, s, threads: t)) }
        }
        return out.sorted { $0.seconds < $1.seconds }
    }

    /// The cheapest candidate (gemm when nothing else applies, e.g. an empty output).
    public func choose(_ s: Shape, maxThreads: Int, methods: [ConvMethod] = ConvMethod.allCases) -> Prediction {
        predictions(s, maxThreads: maxThreads, methods: methods).first ?? predict(.gemm, s, threads: 1)
    }

    func available(_ method: ConvMethod, _ s: Shape) -> Bool {
        guard method.supports(kernel: s.kernel, stride: s.stride, padding: s.padding, inChannels: s.inChannels) else {
            return false
        }
        if method == .stream { return s.pixels <= Double(Self.streamMaxRows) }
        if method == .gemmRows { return s.pixels <= Double(Self.gemmRowsMaxRows) }
        return true
    }

    public func predict(_ method: ConvMethod, _ s: Shape, threads: Int) -> Prediction {
        let t = Double(max(1, threads))
        // More threads than cores share them: no faster than the cores, and every region syncs them all.
        let cores = min(t, Double(machine.cores))
        let peak = machine.gemmGFLOPsPerCore * 1e9 * cores
        let bandwidth = machine.bandwidthGBs * 1e9 * (cores >= 2 ? 1 : 0.9) * Self.memoryEfficiency
        let cout = Double(s.outChannels), cin = Double(s.inChannels)
        let outBytes = 4 * cout * (s.maxPool2x2 ? s.pixels / 4 : s.pixels)
        let inBytes = 4 * Double(s.batch) * cin * Double(s.height) * Double(s.width)
        var compute = 0.0, weightBytes = 0.0, regions = 1.0
        let panelRows = ceil(cout / 6) * 6
        switch method {
        case .gemm:
            // Pixels in 16-wide panels per image (small maps: per group of images, the batch folded into the columns);
            // Cout in 6-row panels.
            let padded = Double(Conv2dKernel.gemmColumns(batch: s.batch, pixels: s.outHeight * s.outWidth))
            // A K block shorter than 256 (few input channels) pays the tile's load/store overhead over fewer FMAs.
            let depthEff = min(1, s.depth / (s.depth + Self.gemmDepthHalf))
            let narrow = padded <= 16 * Double(s.batch)
                && !Conv2dKernel.gemmFoldsBatch(batch: s.batch, pixels: s.outHeight * s.outWidth) ? Self.narrowPanelEfficiency : 1
            compute = 2 * padded * panelRows * s.depth / (peak * Self.gemmEfficiency * depthEff * narrow)
            let repeats = Double(Conv2dKernel.gemmPackingRepeats(batch: s.batch, pixels: s.outHeight * s.outWidth,
                                                                 outChannels: s.outChannels, threads: Int(t)))
            // Im2colGEMM.packIm2col copies 16 contiguous floats per row for a plain 1x1 conv and for stride-1 rows of
            // maps at least 16 wide; narrower or strided maps gather lane by lane.
            let contiguous = (s.kernel == 1 && s.stride == 1 && s.padding == 0) || (s.stride == 1 && s.outWidth >= 16)
            let packRate = contiguous ? Self.transformFloatsPerSecond : Self.packFloatsPerSecond
            compute += repeats * padded * s.depth / (packRate * cores)
            weightBytes = 4 * panelRows * s.depth
        case .winogradF4, .winogradF2:
            let m = method == .winogradF4 ? 4.0 : 2.0, a2 = (m + 2) * (m + 2)
            let tiles = Double(s.batch) * ceil(Double(s.height) / m) * ceil(Double(s.width) / m)
            let block = Double(ConvConfig(method: method, isa: machine.isa)
                .winogradTileBlock(batch: s.batch, height: s.height, width: s.width) ?? 16)
            let blocks = max(1, ceil(tiles / block))
            let paddedTiles = ceil(tiles / 16) * 16
            // As in GEMM, a short K (few input channels: the RGB or grey first layer) pays the tile's load/store per
            // K step, here on every one of the alpha^2 products.
            let depthEff = min(1, cin / (cin + Self.winogradDepthHalf))
            compute = 2 * a2 * paddedTiles * panelRows * cin / (peak * Self.winogradEfficiency * depthEff)
            // Input transform writes alpha^2 floats per tile and input channel, the output transform reads alpha^2
            // per tile and output channel.
            compute += a2 * paddedTiles * (cin + cout) / (Self.transformFloatsPerSecond * cores)
            let transformed = 4 * a2 * panelRows * cin
            // U streams once per tile block unless it stays in the last-level cache between blocks.
            weightBytes = transformed * (transformed > Double(machine.l3Bytes) / 2 ? blocks : 1)
            regions = blocks < 3 * t ? 2 : 1
        case .stream:
            let passes = max(1, ceil(s.pixels / 32))
            compute = s.flops / (peak * Self.streamEfficiency) + s.pixels * s.depth / Self.packFloatsPerSecond
            let raw = 4 * cout * s.depth
            weightBytes = raw * (raw > Double(machine.l2Bytes) ? passes : 1)
        case .gemmRows:
            // Pixels in 6-row panels, Cout in 32-column units (full tiles); the im2col rows are packed once per call
            // (a second parallel region), the weights stream once.
            let rows = ceil(s.pixels / 6) * 6, cols = ceil(cout / 32) * 32
            let depthEff = min(1, s.depth / (s.depth + Self.gemmDepthHalf))
            compute = 2 * rows * cols * s.depth / (peak * Self.gemmRowsEfficiency * depthEff)
            compute += rows * s.depth / (Self.packFloatsPerSecond * cores)
            weightBytes = 4 * cols * s.depth
            regions = 2
        }
        let memory = (weightBytes + inBytes + outBytes) / bandwidth
        let overhead = Self.callSeconds + (t > 1 ? Self.syncSeconds * (t - 1) * regions : 0)
        let seconds = max(compute, memory) + 0.2 * min(compute, memory) + overhead
        return Prediction(method: method, threads: Int(t), seconds: seconds, computeSeconds: compute, memorySeconds: memory)
    }
}
