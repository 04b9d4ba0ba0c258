// WinogradPhases: kernel-bench's `phases` timing of the Winograd transforms alone, not API: behind @_spi(Tuning).
// (The former global tuning knobs are gone: a WinogradConv gets its ISA, K block and tile block when built.)

/// Phase timing for kernel-bench `phases`: the F(4x4,3x3) input transform alone, single-threaded, over every tile
/// block of a 1 x cin x hw x hw map (`hot`: block 0 over and over, so its input stays in cache).
@_spi(Tuning)
public enum WinogradPhases {
    public static func inputTransformSweep(input: UnsafeBufferPointer<Float>, cin: Int, hw: Int, hot: Bool, isa: KernelISA,
                                           v: UnsafeMutableBufferPointer<Float>) {
        let isa = KernelISA.usable(isa)
        precondition(cin >= 0 && hw >= 0 && input.count >= cin * hw * hw && v.count >= vFloats(cin: cin, hw: hw, isa: isa),
                     "inputTransformSweep: buffers of \(input.count) and \(v.count) floats for \(cin)x\(hw)x\(hw)")
        let (input, v) = (input.base, v.base)
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
    /// conv output, from one pass's M (reused for every block); `wide`: the AVX-512 16-lane transform (AVX-512 plan).
    public static func pooledOutputSweep(m: UnsafeBufferPointer<Float>, cout: Int, hw: Int, bias: UnsafeBufferPointer<Float>,
                                         wide: Bool, output: UnsafeMutableBufferPointer<Float>) {
        let isa: KernelISA = wide ? KernelISA.usable(.avx512) : .avx2
        precondition(cout >= 0 && hw >= 0 && m.count >= mFloats(cout: cout, hw: hw, isa: isa) && bias.count >= cout
                        && output.count >= cout * (hw / 2) * (hw / 2),
                     "pooledOutputSweep: buffers of \(m.count), \(bias.count), \(output.count) floats for \(cout)x\(hw)x\(hw)")
        let (m, bias, output) = (m.base, bias.base, output.base)
        let p = WinogradConv.plan(variant: .f4, cin: 64, cout: cout, batch: 1, height: hw, width: hw, isa: isa)
        var t0 = 0
        while t0 < p.tiles {
            let count = min(p.tPer, p.tiles - t0)
            var co = 0
            while co < cout {
                let co1 = min(cout, co + p.rows)
                WinogradConv.outputTransformPooled(WinogradF4x3.self, mBuf: m, p, cout: cout, co0: co, co1: co1, t0: t0, count: count,
                                                   height: hw, width: hw, bias: bias, relu: true, output: output,
                                                   wide: isa == .avx512)
                co = co1
            }
            t0 += count
        }
    }

    public static func mFloats(cout: Int, hw: Int, isa: KernelISA) -> Int {
        WinogradConv.plan(variant: .f4, cin: 64, cout: cout, batch: 1, height: hw, width: hw, isa: KernelISA.usable(isa)).mSize
    }

    public static func vFloats(cin: Int, hw: Int, isa: KernelISA) -> Int {
        WinogradConv.plan(variant: .f4, cin: cin, cout: 64, batch: 1, height: hw, width: hw, isa: KernelISA.usable(isa)).vSize
    }
}
