// WinogradOutput16: the F(4x4,3x3) output transform with the fused 2x2/2 max pool, bias and optional ReLU on AVX-512
// for VGGKernels' WinogradConv, 16 tiles per zmm. Same arithmetic in the same order as the SIMD8 path
// (WinogradConv.outputTransformPooled), so outputs are bit-identical. Only the pooled epilogue has a 16-lane twin: a
// plain one measured no faster than its SIMD8 path and was dropped (docs/tuning.md).
// M is [co][e][t] (t contiguous, tPer columns per e row). The tile table comes from VGGKernels' tileTable with 16-tile
// groups: info[3t] = offset of tile t's pooled 2x2 block (channel 0), info[3t+1], info[3t+2] = its valid rows and columns;
// fast[g] = 1 when group g's 16 tiles are adjacent in one tile row with whole pieces inside the map: those store whole
// rows (a lane-to-row interleave); the others go through a stack stage, from which 8-tile halves with fast8 = 1 (the
// same test for 8 tiles) copy whole rows and the remaining tiles copy piece by piece.
// Not @inlinable: compiled for AVX-512 in this module; call only after VGGKernels' KernelISA check.

#if arch(x86_64)

public enum WinogradOutput16 {
    typealias V = SIMD16<Float>

    /// The pooled 2x2 block of each tile's 4x4 outputs (+ bias, ReLU) into an outWidth-wide map of planeOut floats per channel.
    public static func transformPooled(mBuf: UnsafePointer<Float>, tPer: Int, co0: Int, co1: Int, count: Int,
                                       bias: UnsafePointer<Float>, relu: Bool,
                                       output: UnsafeMutablePointer<Float>, planeOut: Int, outWidth: Int,
                                       info: UnsafePointer<Int>, fast: UnsafePointer<Int>, fast8: UnsafePointer<Int>,
                                       prefetchPlanes: Int) {
        let groups = (count + 15) / 16
        withUnsafeTemporaryAllocation(of: V.self, capacity: 16) { yP in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * 32) { stageP in
            let y = yP.baseAddress!, stage = stageP.baseAddress!
            let zero = V()
            for co in co0..<co1 {
                let bv = V(repeating: bias[co])
                let src = mBuf + (co - co0) &* 36 &* tPer
                let outC = output + co &* planeOut
                for g in 0..<groups {
                    transform16(src + g &* 16, tPer, y)
                    // q[i*2 + j] = max of the 2x2 window at (2i, 2j), then + bias, ReLU (as the SIMD8 pooled path).
                    var q = (V(), V(), V(), V())
                    for i in 0..<2 {
                        for j in 0..<2 {
                            let r0 = 2 &* i &* 4 &+ 2 &* j, r1 = r0 &+ 4
                            var v = vmax(vmax(y[r0], y[r0 &+ 1]), vmax(y[r1], y[r1 &+ 1])) + bv
                            if relu { v = v.replacing(with: zero, where: v .< zero) }
                            switch i &* 2 &+ j { case 0: q.0 = v; case 1: q.1 = v; case 2: q.2 = v; default: q.3 = v }
                        }
                    }
                    let dstFast = fast[g] != 0 ? outC + info[3 &* g &* 16] : nil
                    if let d = dstFast, prefetchPlanes > 0, co &+ prefetchPlanes < co1 {
                        // The next channel's rows of this group, fetched for writing while this one computes (as in
                        // WinogradEpilogue: channel-outer stores jump a plane per step, ahead of the hardware prefetcher).
                        let n = UnsafeRawPointer(d + planeOut &* prefetchPlanes)
                        llvmPrefetch512(n, 1, 3, 1); llvmPrefetch512(n + 64, 1, 3, 1)
                        llvmPrefetch512(n + outWidth &* 4, 1, 3, 1); llvmPrefetch512(n + (outWidth &* 4 &+ 64), 1, 3, 1)
                    }
                    // Row i of the 16 pooled 2x2 blocks: out[2l + j] = q[2i + j][l].
                    let rowStride = dstFast != nil ? outWidth : 32
                    let rows = UnsafeMutableRawPointer(dstFast ?? stage)
                    rows.storeBytes(of: zipLow(q.0, q.1), as: V.self)
                    rows.storeBytes(of: zipHigh(q.0, q.1), toByteOffset: 64, as: V.self)
                    rows.storeBytes(of: zipLow(q.2, q.3), toByteOffset: rowStride &* 4, as: V.self)
                    rows.storeBytes(of: zipHigh(q.2, q.3), toByteOffset: rowStride &* 4 &+ 64, as: V.self)
                    if dstFast != nil { continue }
                    // Scattered or clipped tiles: an 8-tile half that is adjacent and inside (fast8) copies its two
                    // 16-float rows; other tiles copy their valid cells one by one.
                    let lanes = min(16, count &- g &* 16)
                    for l in 0..<lanes {
                        let ti = g &* 16 &+ l
                        if fast8[ti >> 3] != 0 {
                            if l & 7 == 0 {
                                let d = UnsafeMutableRawPointer(outC + info[3 &* ti])
                                let st = UnsafeRawPointer(stage + l &* 2)
                                d.storeBytes(of: st.loadUnaligned(as: V.self), as: V.self)
                                d.storeBytes(of: st.loadUnaligned(fromByteOffset: 128, as: V.self), toByteOffset: outWidth &* 4, as: V.self)
                            }
                            continue
                        }
                        let base = outC + info[3 &* ti]
                        let vr = info[3 &* ti &+ 1], vc = info[3 &* ti &+ 2]
                        let st = stage + l &* 2
                        for i in 0..<vr {
                            for j in 0..<vc { base[i &* outWidth &+ j] = st[i &* 32 &+ j] }
                        }
                    }
                }
            }
        }
        }
    }

    /// y[i*4 + j] (lane = tile) = (A^T M A)[i][j] for the 16 tiles whose M columns start at src (36 rows `ld` apart).
    @inline(__always)
    static func transform16(_ src: UnsafePointer<Float>, _ ld: Int, _ y: UnsafeMutablePointer<V>) {
        let s = UnsafeRawPointer(src)
        @inline(__always) func m(_ e: Int) -> V { s.loadUnaligned(fromByteOffset: e &* ld &* 4, as: V.self) }
        // t_r = A^T (row r of M), then each column of (t_0 ... t_5) -> y.
        let t0 = output1D(m(0), m(1), m(2), m(3), m(4), m(5))
        let t1 = output1D(m(6), m(7), m(8), m(9), m(10), m(11))
        let t2 = output1D(m(12), m(13), m(14), m(15), m(16), m(17))
        let t3 = output1D(m(18), m(19), m(20), m(21), m(22), m(23))
        let t4 = output1D(m(24), m(25), m(26), m(27), m(28), m(29))
        let t5 = output1D(m(30), m(31), m(32), m(33), m(34), m(35))
        let c0 = output1D(t0.0, t1.0, t2.0, t3.0, t4.0, t5.0)
        let c1 = output1D(t0.1, t1.1, t2.1, t3.1, t4.1, t5.1)
        let c2 = output1D(t0.2, t1.2, t2.2, t3.2, t4.2, t5.2)
        let c3 = output1D(t0.3, t1.3, t2.3, t3.3, t4.3, t5.3)
        y[0] = c0.0; y[4] = c0.1; y[8] = c0.2; y[12] = c0.3
        y[1] = c1.0; y[5] = c1.1; y[9] = c1.2; y[13] = c1.3
        y[2] = c2.0; y[6] = c2.1; y[10] = c2.2; y[14] = c2.3
        y[3] = c3.0; y[7] = c3.1; y[11] = c3.2; y[15] = c3.3
    }

    /// A^T x for F(4x4,3x3), written exactly as VGGKernels' WinogradF4x3.output1D.
    @inline(__always)
    static func output1D(_ x0: V, _ x1: V, _ x2: V, _ x3: V, _ x4: V, _ x5: V) -> (V, V, V, V) {
        let a = x1 + x2, b = x1 - x2
        let c = x3 + x4, d = x3 - x4
        return (x0 + a + c, b.addingProduct(V(repeating: 2), d), a.addingProduct(V(repeating: 4), c),
                (b + x5).addingProduct(V(repeating: 8), d))
    }

    /// As VGGKernels' vmax: b where a < b, else a.
    @inline(__always)
    static func vmax(_ a: V, _ b: V) -> V { a.replacing(with: b, where: a .< b) }

    /// (a0, b0, a1, b1, ..., a7, b7) and (a8, b8, ..., a15, b15).
    @inline(__always)
    static func zipLow(_ a: V, _ b: V) -> V {
        V(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
    }

    @inline(__always)
    static func zipHigh(_ a: V, _ b: V) -> V {
        V(a[8], b[8], a[9], b[9], a[10], b[10], a[11], b[11], a[12], b[12], a[13], b[13], a[14], b[14], a[15], b[15])
    }
}

#endif
