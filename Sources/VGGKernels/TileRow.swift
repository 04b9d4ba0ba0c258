// TileRow: one 6-row A panel times a run of 16-column B panels, the inner loop shared by PackedGEMM, Im2colGEMM and
// the Winograd multiply. With `wide` (KernelISA.active == .avx512, read once per task by the caller) full-height
// tiles go through the AVX-512 kernels two panels at a time (6x32), a lone last full panel through the 6x16 zmm
// kernel; on an A-edge panel (rows < 6) pairs of full panels run 6x32 into a stack tile whose valid rows are merged;
// the rest (narrow last panel, lone panel of an edge row) keeps the AVX2 path (Microkernel6x16.tile).

#if arch(x86_64)
import VGGKernelsAVX512
#endif

enum TileRow {
    /// Panels jp0..<jp1: panel jp's packed B is at b + jp*kc*16 and its C columns start at c + jp*16. Every panel has
    /// 16 valid columns except `lastPanel`, which has `lastCols` (pass lastPanel >= jp1 if all are full).
    @inline(__always)
    static func run(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                    rows: Int, jp0: Int, jp1: Int, lastPanel: Int, lastCols: Int,
                    accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool, wide: Bool) {
        let ps = kc &* 16
        var jp = jp0
        #if arch(x86_64)
        if wide && rows < 6 {
            // A-edge panel (zero padded): full 6x32 tiles into a stack tile, then only the valid rows are merged.
            let full = lastCols == 16 ? jp1 : min(jp1, lastPanel)
            if jp &+ 1 < full {
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 6 * 32) { tbuf in
                    let t = tbuf.baseAddress!
                    while jp &+ 1 < full {
                        Microkernel6x32.run32(kc: kc, a: a, b0: b + jp &* ps, b1: b + (jp &+ 1) &* ps, c: t, ldc: 32,
                                              accumulate: false, bias: nil, relu: false)
                        let c0 = c + jp &* 16
                        for i in 0..<rows {
                            let row = c0 + i &* ldc, trow = t + i &* 32
                            let bi: Float = bias.map { $0[i] } ?? 0
                            for j in 0..<32 {
                                var v = trow[j] + bi
                                if accumulate { v += row[j] }
                                if relu { v = max(v, 0) }
                                row[j] = v
                            }
                        }
                        jp &+= 2
                    }
                }
            }
        }
        if wide && rows == 6 {
            let full = lastCols == 16 ? jp1 : min(jp1, lastPanel)   // panels jp < full are 16 wide
            while jp &+ 1 < full {
                Microkernel6x32.run32(kc: kc, a: a, b0: b + jp &* ps, b1: b + (jp &+ 1) &* ps, c: c + jp &* 16, ldc: ldc,
                                      accumulate: accumulate, bias: bias, relu: relu)
                jp &+= 2
            }
            if jp < full {
                Microkernel6x32.run16(kc: kc, a: a, b: b + jp &* ps, c: c + jp &* 16, ldc: ldc,
                                      accumulate: accumulate, bias: bias, relu: relu)
                jp &+= 1
            }
        }
        #endif
        while jp < jp1 {
            Microkernel6x16.tile(kc: kc, a: a, b: b + jp &* ps, c: c + jp &* 16, ldc: ldc, rows: rows,
                                 cols: jp == lastPanel ? lastCols : 16, accumulate: accumulate, bias: bias, relu: relu)
            jp &+= 1
        }
    }

    /// A packed A block's panels 0..<panels (panel i at a + i*kc*6; `total` live rows from the first) times the same B
    /// panels into C (panel i's rows at c + i*6*ldc), bias (+ i*6) and ReLU as in run. On AVX-512 a lone full 16-column
    /// B panel (a 4x4 map's 16 pixels) is multiplied two A panels at a time, as 12x16 tiles: 12 accumulators instead of
    /// the latency-bound 6 of a 6x16 tile.
    static func runPanels(kc: Int, a: UnsafePointer<Float>, panels: Int, rows total: Int, b: UnsafePointer<Float>,
                          c: UnsafeMutablePointer<Float>, ldc: Int, nPanels: Int, lastCols: Int, accumulate: Bool,
                          bias: UnsafePointer<Float>?, relu: Bool, wide: Bool) {
        var ip = 0
        #if arch(x86_64)
        if wide && nPanels == 1 && lastCols == 16 {
            while ip &+ 1 < panels && total &- ip &* 6 >= 12 {
                let a0 = a + ip &* kc &* 6, c0 = c + ip &* 6 &* ldc
                Microkernel6x32.run12x16(kc: kc, a0: a0, a1: a0 + kc &* 6, b: b, c: c0, c1: c0 + 6 &* ldc, ldc: ldc,
                                         accumulate: accumulate)
                if bias != nil || relu {
                    for r in 0..<12 {
                        let row = c0 + r &* ldc
                        let bv: Float = bias.map { $0[ip &* 6 &+ r] } ?? 0
                        for j in 0..<16 {
                            let v = row[j] + bv
                            row[j] = relu ? max(v, 0) : v
                        }
                    }
                }
                ip &+= 2
            }
        }
        #endif
        while ip < panels {
            run(kc: kc, a: a + ip &* kc &* 6, b: b, c: c + ip &* 6 &* ldc, ldc: ldc, rows: min(6, total &- ip &* 6), jp0: 0,
                jp1: nPanels, lastPanel: nPanels &- 1, lastCols: lastCols, accumulate: accumulate,
                bias: bias.map { $0 + ip &* 6 }, relu: relu, wide: wide)
            ip &+= 1
        }
    }
}
