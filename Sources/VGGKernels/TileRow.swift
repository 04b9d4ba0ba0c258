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
}
