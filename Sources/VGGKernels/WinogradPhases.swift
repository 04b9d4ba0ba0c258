// WinogradPhases: kernel-bench's `phases` timing of the Winograd transforms alone, not API: behind @_spi(Tuning).
// (The former global tuning knobs are gone: a WinogradConv gets its ISA, K block and tile block when built.)

/// Phase timing for kernel-bench `phases`: the F(4x4,3x3) input transform alone, single-threaded, over every tile
/// block of a 1 x cin x hw x hw map (`hot`: block 0 over and over, so its input stays in cache).
@_spi(Tuning)
public enum WinogradPhases {
    public static func inputTransformSweep(input: UnsafePointer<Float>, cin: Int, hw: Int, hot: Bool, isa: KernelISA,
                                           v: UnsafeMutablePointer<Float>) {
        var p = WinogradConv.plan(variant: .f4, cin: cin, cout: 64, batch: 1, height: hw, width: hw, isa: isa)
        p.kc = WinogradConv.defaultKC(isa)
        let totalPanels = ceilDiv(p.tiles, 16)
        let blocks = ceilDiv(totalPanels, p.tPer / 16)
        for tb in 0..<blocks {
            let b = hot ? 0 : tb
            let t0 = b * p.tPer
            WinogradConv.inputTransform(WinogradF4x3.self, input: input, height: hw, width: hw, p, cin: cin, ci0: 0, ci1: cin,
                                        t0: t0, count: min(p.tPer, p.tiles - t0), v: v, wide: isa == .avx512)
        }
    }

    /// The pooled output transform alone (+ bias, ReLU, 2x2 max pool), 1 thread, over every tile block of a 1 x cout x hw x hw
    /// conv output, from one pass's M (reused for every block).
    public static func pooledOutputSweep(m: UnsafePointer<Float>, cout: Int, hw: Int, bias: UnsafePointer<Float>, wide: Bool,
                                         output: UnsafeMutablePointer<Float>) {
        let p = WinogradConv.plan(variant: .f4, cin: 64, cout: cout, batch: 1, height: hw, width: hw, isa: wide ? .avx512 : .avx2)
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

    public static func mFloats(cout: Int, hw: Int, isa: KernelISA) -> Int {
        WinogradConv.plan(variant: .f4, cin: 64, cout: cout, batch: 1, height: hw, width: hw, isa: isa).mSize
    }

    public static func vFloats(cin: Int, hw: Int, isa: KernelISA) -> Int {
        WinogradConv.plan(variant: .f4, cin: cin, cout: 64, batch: 1, height: hw, width: hw, isa: isa).vSize
    }
}
