// PackedGEMM: row-major C[m][n] (+)= A[m][k] * B[k][n], GotoBLAS/BLIS loop nest around Microkernel6x16 (TileRow).
// Loops: jc (NC = 1024 columns) > pc (KC = 256 deep) > [pack the KC x NC B block once, shared by all
// threads] > tasks over (MC-row block of A, packed per thread) x (column chunk) > ir (6-row A panel, L1)
// > jr (16-column B panels, L2). Walking jr innermost moves along C's rows, which the hardware
// prefetcher follows. A and B may have any row/col strides (MatrixView), which lets LinearKernel multiply
// by W^T without materialising it. Edge panels are zero padded by the packers; the microkernel writes only
// valid rows/cols (a 6x8 half kernel for narrow last panels). C rows are ldc apart; only the m x n block is
// written. k == 0 gives C = 0 (or leaves C if accumulating); m or n of 0 writes nothing. Sizes: 6x256 A panel
// (6 KB, L1), 256x1024 B block (1 MB, L2), A block <= 144x256 (144 KB): sized for a 48 KB L1d / 1.25 MB L2 core
// (docs/tuning.md). GEMM.sgemm allocates its packing buffers per call (packingCount floats).

public enum GEMM {
    static let mc = 120
    static let kc = 256
    static let nc = 1024

    /// A spans (m-1) x lda + k floats, B (k-1) x ldb + n, C (m-1) x ldc + n: checked against the buffers' counts.
    public static func sgemm(m: Int, n: Int, k: Int, a: UnsafeBufferPointer<Float>, lda: Int, b: UnsafeBufferPointer<Float>,
                             ldb: Int, c: UnsafeMutableBufferPointer<Float>, ldc: Int, accumulate: Bool, pool: Parallelism) {
        precondition(m >= 0 && n >= 0 && k >= 0 && lda >= max(k, 1) && ldb >= max(n, 1) && ldc >= max(n, 1), "sgemm: bad sizes")
        precondition(a.count >= matrixExtent(rows: m, cols: k, ld: lda) && b.count >= matrixExtent(rows: k, cols: n, ld: ldb)
                        && c.count >= matrixExtent(rows: m, cols: n, ld: ldc),
                     "sgemm: buffers of \(a.count), \(b.count), \(c.count) floats for m \(m) n \(n) k \(k)"
                        + " (lda \(lda), ldb \(ldb), ldc \(ldc))")
        gemm(m: m, n: n, k: k, a: MatrixView(a.base, rs: lda, cs: 1), b: MatrixView(b.base, rs: ldb, cs: 1),
             c: c.base, ldc: ldc, accumulate: accumulate, pool: pool)
    }

    /// Threads gemm runs on: small problems are not worth waking a second thread.
    static func threads(m: Int, n: Int, k: Int, poolThreads: Int) -> Int {
        Double(m) * Double(n) * Double(k) * 2 < 4e6 ? 1 : poolThreads
    }

    /// Floats gemm allocates for one call and frees before returning: the KC x NC B block and one MC x KC A block per
    /// thread (alignedFloats' 16-float minimum included); 0 when it returns before packing (m, n or k of 0).
    static func packingCount(m: Int, n: Int, k: Int, poolThreads: Int) -> Int {
        if m == 0 || n == 0 || k == 0 { return 0 }
        let threads = GEMM.threads(m: m, n: n, k: k, poolThreads: poolThreads)
        let kcMax = min(k, kc), ncMax = min(roundUp(n, 16), nc)
        return max(kcMax * ncMax, 16) + max(threads * mc * kcMax, 16)
    }

    static func gemm(m: Int, n: Int, k: Int, a: MatrixView, b: MatrixView, c: UnsafeMutablePointer<Float>, ldc: Int,
                     accumulate: Bool, pool: Parallelism) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let threads = GEMM.threads(m: m, n: n, k: k, poolThreads: pool.threads)
        let tp = Parallelism(threads: threads)
        let kcMax = min(k, kc)
        let ncMax = min(roundUp(n, 16), nc)
        // Sizes as in packingCount.
        let bbuf = alignedFloats(kcMax * ncMax)
        let abufs = alignedFloats(threads * mc * kcMax)
        defer { bbuf.deallocate(); abufs.deallocate() }
        // Row blocks: at most mc rows, count rounded up to a multiple of the thread count so no thread
        // idles at the end of a round (2048 rows: 16 blocks of 132 instead of 15 of 144).
        var mBlocks = ceilDiv(m, mc)
        if threads > 1 && mBlocks >= threads { mBlocks = roundUp(mBlocks, threads) }
        let mcEff = min(mc, roundUp(ceilDiv(m, mBlocks), 6))
        mBlocks = ceilDiv(m, mcEff)

        var jc = 0
        while jc < n {
            let ncb = min(nc, n - jc)
            let nPanels = ceilDiv(ncb, 16)
            var pc = 0
            while pc < k {
                let kcb = min(kc, k - pc)
                let packTasks = min(nPanels, threads * 4)
                tp.parallelFor(packTasks) { t in
                    let p0 = t * nPanels / packTasks, p1 = (t + 1) * nPanels / packTasks
                    for jp in p0..<p1 {
                        Packing.packB(b, p0: pc, kc: kcb, j0: jc + jp * 16, cols: min(16, ncb - jp * 16),
                                      dst: bbuf + jp * kcb * 16)
                    }
                }
                var nChunks = 1
                if mBlocks < 2 * threads { nChunks = min(nPanels, ceilDiv(2 * threads, mBlocks)) }
                let acc = accumulate || pc > 0
                tp.parallelForWorkers(mBlocks * nChunks) { t, w in
                    let ib = t / nChunks, ch = t % nChunks
                    let ic = ib * mcEff, mcb = min(mcEff, m - ic)
                    let abuf = abufs + w * mc * kcMax
                    let mPanels = ceilDiv(mcb, 6)
                    for ip in 0..<mPanels {
                        Packing.packA(a, i0: ic + ip * 6, rows: min(6, mcb - ip * 6), p0: pc, kc: kcb, dst: abuf + ip * kcb * 6)
                    }
                    // A panel (L1) outer, B panels (L2) inner: C is then walked along its rows, which the
                    // hardware prefetcher follows (column-wise tile order missed on every C tile).
                    let jp0 = ch * nPanels / nChunks, jp1 = (ch + 1) * nPanels / nChunks
                    let wide = KernelISA.active == .avx512
                    for ip in 0..<mPanels {
                        let ap = UnsafePointer(abuf + ip * kcb * 6)
                        let rows = min(6, mcb - ip * 6)
                        let cRow = c + (ic + ip * 6) * ldc + jc
                        TileRow.run(kc: kcb, a: ap, b: bbuf, c: cRow, ldc: ldc, rows: rows, jp0: jp0, jp1: jp1,
                                    lastPanel: nPanels - 1, lastCols: ncb - (nPanels - 1) * 16,
                                    accumulate: acc, bias: nil, relu: false, wide: wide)
                    }
                }
                pc += kcb
            }
            jc += ncb
        }
    }
}

/// Strided read-only matrix: element (i, j) is base[i*rs + j*cs].
struct MatrixView {
    let base: UnsafePointer<Float>
    let rs: Int
    let cs: Int
    init(_ base: UnsafePointer<Float>, rs: Int, cs: Int) { self.base = base; self.rs = rs; self.cs = cs }
}

enum Packing {
    /// One 6-row A panel: dst[p*6 + i] = A[i0+i][p0+p], rows >= `rows` zero.
    @inline(__always)
    static func packA(_ a: MatrixView, i0: Int, rows: Int, p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>) {
        let rs = a.rs, cs = a.cs
        if rows == 6 && cs == 1 {
            let r0 = a.base + (i0 &* rs &+ p0)
            let r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs, r4 = r3 + rs, r5 = r4 + rs
            var d = dst
            for p in 0..<kc {
                d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]; d[3] = r3[p]; d[4] = r4[p]; d[5] = r5[p]
                d += 6
            }
            return
        }
        for p in 0..<kc {
            for i in 0..<6 {
                dst[p &* 6 &+ i] = i < rows ? a.base[(i0 &+ i) &* rs &+ (p0 &+ p) &* cs] : 0
            }
        }
    }

    /// One 16-col B panel: dst[p*16 + j] = B[p0+p][j0+j], cols >= `cols` zero.
    @inline(__always)
    static func packB(_ b: MatrixView, p0: Int, kc: Int, j0: Int, cols: Int, dst: UnsafeMutablePointer<Float>) {
        let rs = b.rs, cs = b.cs
        if cs == 1 && cols == 16 {
            var src = UnsafeRawPointer(b.base + (p0 &* rs &+ j0))
            let step = rs &* 4
            var d = UnsafeMutableRawPointer(dst)
            for _ in 0..<kc {
                d.storeBytes(of: src.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                d.storeBytes(of: src.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self), toByteOffset: 32, as: SIMD8<Float>.self)
                src += step
                d += 64
            }
            return
        }
        if rs == 1 && cols == 16 {
            // Transposed source (W of a linear layer): 16 contiguous column streams. 8x8 blocks are loaded
            // as 8 vectors and transposed in registers (three 2-way deinterleaves = a 3-bit index rotation).
            let c0 = b.base + (j0 &* cs &+ p0)
            var p = 0
            while p &+ 8 <= kc {
                for half in 0..<2 {
                    let src = UnsafeRawPointer(c0 + (half &* 8 &* cs &+ p))
                    var v0 = src.loadUnaligned(as: V8.self), v1 = src.loadUnaligned(fromByteOffset: cs &* 4, as: V8.self)
                    var v2 = src.loadUnaligned(fromByteOffset: 2 &* cs &* 4, as: V8.self)
                    var v3 = src.loadUnaligned(fromByteOffset: 3 &* cs &* 4, as: V8.self)
                    var v4 = src.loadUnaligned(fromByteOffset: 4 &* cs &* 4, as: V8.self)
                    var v5 = src.loadUnaligned(fromByteOffset: 5 &* cs &* 4, as: V8.self)
                    var v6 = src.loadUnaligned(fromByteOffset: 6 &* cs &* 4, as: V8.self)
                    var v7 = src.loadUnaligned(fromByteOffset: 7 &* cs &* 4, as: V8.self)
                    for _ in 0..<3 {
                        let e0 = V8(lowHalf: v0.evenHalf, highHalf: v1.evenHalf), e1 = V8(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
                        let e2 = V8(lowHalf: v4.evenHalf, highHalf: v5.evenHalf), e3 = V8(lowHalf: v6.evenHalf, highHalf: v7.evenHalf)
                        let o0 = V8(lowHalf: v0.oddHalf, highHalf: v1.oddHalf), o1 = V8(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
                        let o2 = V8(lowHalf: v4.oddHalf, highHalf: v5.oddHalf), o3 = V8(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
                        v0 = e0; v1 = e1; v2 = e2; v3 = e3; v4 = o0; v5 = o1; v6 = o2; v7 = o3
                    }
                    // v_k now holds column p+k for the 8 rows of this half.
                    let d = UnsafeMutableRawPointer(dst + (p &* 16 &+ half &* 8))
                    d.storeBytes(of: v0, as: V8.self); d.storeBytes(of: v1, toByteOffset: 64, as: V8.self)
                    d.storeBytes(of: v2, toByteOffset: 128, as: V8.self); d.storeBytes(of: v3, toByteOffset: 192, as: V8.self)
                    d.storeBytes(of: v4, toByteOffset: 256, as: V8.self); d.storeBytes(of: v5, toByteOffset: 320, as: V8.self)
                    d.storeBytes(of: v6, toByteOffset: 384, as: V8.self); d.storeBytes(of: v7, toByteOffset: 448, as: V8.self)
                }
                p &+= 8
            }
            while p < kc {
                var q = c0 + p
                for j in 0..<16 { dst[p &* 16 &+ j] = q.pointee; q += cs }
                p &+= 1
            }
            return
        }
        for p in 0..<kc {
            for j in 0..<16 {
                dst[p &* 16 &+ j] = j < cols ? b.base[(p0 &+ p) &* rs &+ (j0 &+ j) &* cs] : 0
            }
        }
    }
}
