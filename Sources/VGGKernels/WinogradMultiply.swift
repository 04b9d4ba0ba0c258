// WinogradConv's multiply: the alpha^2 products M[e] = U[e] * V[e] of a task's Cout panels and tile block, on the
// packed micro-kernels (TileRow; on AVX-512 also Microkernel6x32's 12x32 and 12x16 tiles over pairs of A panels).

#if arch(x86_64)
import VGGKernelsAVX512
#endif

extension WinogradConv {
    /// M[co - co0][e][t] = sum_ci U[e][co][ci] * V[e][ci][t] for the task's Cout panels (co-major so the
    /// output transform reads one channel's 36 rows from a few contiguous KB instead of 36 pages). A last panel with
    /// <= 8 live tiles uses the half-width kernel (whole 8-lane groups are still written for the output pass).
    /// On AVX-512 the partial last panel is multiplied 16 wide instead (V holds all 16 columns: lanes past the last
    /// tile are transformed from a clamped tile; M has T columns), so it pairs into 6x32 tiles (12 accumulators)
    /// rather than ending on the latency-bound 6-accumulator 6x16/6x8 kernels. Pairs of full A panels run as 12x32 tiles
    /// (half the B loads from L2 per FMA), and a pair's lone full B panel (the 14x14 maps' only panel, a block's odd last
    /// one) as one 12x16 tile (12 accumulators instead of two latency-bound 6x16s).
    static func multiply<W: WinogradTile>(_: W.Type, u: UnsafePointer<Float>, v: UnsafePointer<Float>, mBuf: UnsafeMutablePointer<Float>,
                                          cin: Int, cout: Int, panels: Int, ip0: Int, ip1: Int, tPer: Int, vE: Int, kc: Int,
                                          nPanels: Int, lastCols: Int, wide: Bool) {
        let a2 = W.alpha * W.alpha
        let ldm = a2 * tPer        // M is [co][e][t]: one output channel's alpha^2 x T block is contiguous
        let perE = panels * 6 * cin
        let lastW = wide && !WinogradTuning.narrowLastPanel ? 16 : min(16, roundUp(lastCols, 8))
        for e in 0..<a2 {
            let ue = u + e * perE, ve = v + e * vE, me = mBuf + e * tPer
            var k0 = 0
            while k0 < cin {
                let kcb = min(kc, cin - k0)
                let bk = ve + k0 * tPer
                var ip = ip0
                while ip < ip1 {
                    let ap = ue + k0 * panels * 6 + ip * kcb * 6
                    let rows = min(6, cout - ip * 6)
                    let cRow = me + (ip - ip0) * 6 * ldm
                    #if arch(x86_64)
                    if wide && WinogradTuning.pairRows && ip + 1 < ip1 && cout - ip * 6 >= 12 {
                        // Two full A panels at once: 12x32 tiles over the 16-wide panel pairs, the rest per panel.
                        let ap1 = ap + kcb * 6, cRow1 = cRow + 6 * ldm
                        let full = lastW == 16 ? nPanels : nPanels - 1
                        var jp = 0
                        while jp + 1 < full {
                            Microkernel6x32.run12x32(kc: kcb, a0: ap, a1: ap1, b0: bk + jp * kcb * 16, b1: bk + (jp + 1) * kcb * 16,
                                                     c: cRow + jp * 16, c1: cRow1 + jp * 16, ldc: ldm, accumulate: k0 > 0)
                            jp += 2
                        }
                        if jp < full && WinogradTuning.pair16 {
                            Microkernel6x32.run12x16(kc: kcb, a0: ap, a1: ap1, b: bk + jp * kcb * 16, c: cRow + jp * 16,
                                                     c1: cRow1 + jp * 16, ldc: ldm, accumulate: k0 > 0)
                            jp += 1
                        }
                        if jp < nPanels {
                            for (a, c) in [(ap, cRow), (ap1, cRow1)] {
                                TileRow.run(kc: kcb, a: a, b: bk, c: c, ldc: ldm, rows: 6, jp0: jp, jp1: nPanels,
                                            lastPanel: nPanels - 1, lastCols: lastW, accumulate: k0 > 0, bias: nil, relu: false, wide: wide)
                            }
                        }
                        ip += 2
                        continue
                    }
                    #endif
                    TileRow.run(kc: kcb, a: ap, b: bk, c: cRow, ldc: ldm, rows: rows, jp0: 0, jp1: nPanels,
                                lastPanel: nPanels - 1, lastCols: lastW, accumulate: k0 > 0,
                                bias: nil, relu: false, wide: wide)
                    ip += 1
                }
                k0 += kcb
            }
        }
    }
}
