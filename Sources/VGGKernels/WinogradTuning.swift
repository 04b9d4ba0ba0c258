// WinogradTuning: knobs for kernel-bench's paired A/B runs (`tpb`), not API: they sit behind @_spi(Tuning).
// Set them only between forward calls, and size the workspace while they hold the values used (workspaceCount
// reads tilesOverride, mFloats and vPad); kcOverride applies to convs built after it is set.

@_spi(Tuning)
public enum WinogradTuning {
    /// When set (a multiple of 16), replaces the tile-block cap of tilesPerBlock.
    nonisolated(unsafe) public static var tilesOverride: Int? = nil
    /// Restores the old AVX-512 multiply of a block's partial last panel (8/16 columns on the AVX2 kernel).
    nonisolated(unsafe) public static var narrowLastPanel = false
    /// When set, replaces rowsPerPass's M budget (floats).
    nonisolated(unsafe) public static var mFloats: Int? = nil
    /// Floats of padding between V[e] slices (see Plan.vE).
    nonisolated(unsafe) public static var vPad = 16
    /// Input planes ahead that the input transform prefetches (0: off).
    nonisolated(unsafe) public static var prefetchIn = 1
    /// Output planes ahead that the output transform prefetches for writing (0: off).
    nonisolated(unsafe) public static var prefetchOut = 1
    /// AVX-512 multiply: two A panels per 12x32 tile (false: 6x32 tiles).
    nonisolated(unsafe) public static var pairRows = true
    /// AVX-512 multiply: a pair of full A panels times a lone 16-column B panel as one 12x16 tile (false: two 6x16).
    nonisolated(unsafe) public static var pair16 = true
    /// AVX-512 input transform: direct loads only for groups inside the map, strips of whole rows (the first version).
    nonisolated(unsafe) public static var input16Legacy = false
    /// When set, the Winograd K block of convs built from now on (default: 512 on AVX-512, 256 on AVX2).
    nonisolated(unsafe) public static var kcOverride: Int? = nil
    /// AVX-512: the F4 input transform on the SIMD8 path instead of WinogradInput16's 16-lane one.
    nonisolated(unsafe) public static var narrowInput = false
    /// AVX-512: the F4 pooled output transform on the SIMD8 path instead of WinogradOutput16's 16-lane one.
    nonisolated(unsafe) public static var narrowOutput = false
}

/// Phase timing for kernel-bench `phases`: the F(4x4,3x3) input transform alone, single-threaded, over every tile
/// block of a 1 x cin x hw x hw map (`hot`: block 0 over and over, so its input stays in cache).
@_spi(Tuning)
public enum WinogradPhases {
    public static func inputTransformSweep(input: UnsafeBufferPointer<Float>, cin: Int, hw: Int, hot: Bool,
                                           v: UnsafeMutableBufferPointer<Float>) {
        precondition(cin >= 0 && hw >= 0 && input.count >= cin * hw * hw && v.count >= vFloats(cin: cin, hw: hw),
                     "inputTransformSweep: buffers of \(input.count) and \(v.count) floats for \(cin)x\(hw)x\(hw)")
        let (input, v) = (input.base, v.base)
        var p = WinogradConv.plan(variant: .f4, cin: cin, cout: 64, batch: 1, height: hw, width: hw, isa: KernelISA.active)
        p.kc = WinogradConv.defaultKC(KernelISA.active)
        let totalPanels = ceilDiv(p.tiles, 16)
        let blocks = ceilDiv(totalPanels, p.tPer / 16)
        for tb in 0..<blocks {
            let b = hot ? 0 : tb
            let t0 = b * p.tPer
            WinogradConv.inputTransform(WinogradF4x3.self, input: input, height: hw, width: hw, p, cin: cin, ci0: 0, ci1: cin,
                                        t0: t0, count: min(p.tPer, p.tiles - t0), v: v, wide: KernelISA.active == .avx512)
        }
    }

    /// The pooled output transform alone (+ bias, ReLU, 2x2 max pool), 1 thread, over every tile block of a 1 x cout x hw x hw
    /// conv output, from one pass's M (reused for every block).
    public static func pooledOutputSweep(m: UnsafeBufferPointer<Float>, cout: Int, hw: Int, bias: UnsafeBufferPointer<Float>,
                                         wide: Bool, output: UnsafeMutableBufferPointer<Float>) {
        precondition(cout >= 0 && hw >= 0 && m.count >= mFloats(cout: cout, hw: hw) && bias.count >= cout
                        && output.count >= cout * (hw / 2) * (hw / 2),
                     "pooledOutputSweep: buffers of \(m.count), \(bias.count), \(output.count) floats for \(cout)x\(hw)x\(hw)")
        let (m, bias, output) = (m.base, bias.base, output.base)
        let p = WinogradConv.plan(variant: .f4, cin: 64, cout: cout, batch: 1, height: hw, width: hw, isa: KernelISA.active)
        var t0 = 0
        while t0 < p.tiles {
            let count = min(p.tPer, p.tiles - t0)
            var co = 0
            while co < cout {
                let co1 = min(cout, co + p.rows)
                WinogradConv.outputTransformPooled(WinogradF4x3.self, mBuf: m, p, cout: cout, co0: co, co1: co1, t0: t0, count: count,
                                                   height: hw, width: hw, bias: bias, relu: true, output: output, wide: wide)
                co = co1
            }
            t0 += count
        }
    }

    public static func mFloats(cout: Int, hw: Int) -> Int {
        WinogradConv.plan(variant: .f4, cin: 64, cout: cout, batch: 1, height: hw, width: hw, isa: KernelISA.active).mSize
    }

    public static func vFloats(cin: Int, hw: Int) -> Int {
        WinogradConv.plan(variant: .f4, cin: cin, cout: 64, batch: 1, height: hw, width: hw, isa: KernelISA.active).vSize
    }
}
