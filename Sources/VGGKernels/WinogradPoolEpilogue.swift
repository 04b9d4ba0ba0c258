// WinogradPoolEpilogue: WinogradConv's output transform with a fused 2x2/stride-2 max pool (PyTorch MaxPool2d(2, 2):
// padding 0, dilation 1, floor rule - an odd last conv row/column is dropped). Writes the (H/2) x (W/2) NCHW map
// straight from M, so the full conv output is never stored and the pool needs no pass of its own.
// Tiles are m x m (m = 4: F(4x4,3x3); m = 2: F(2x2,3x3)) and start at multiples of m, so every pooling window lies
// inside one tile: tile (th, tw) owns the (m/2) x (m/2) pooled block at (th*m/2, tw*m/2), clipped to the map (a tile
// holding only a dropped odd row/column owns nothing). Tasks own disjoint tiles, hence disjoint pooled outputs.
// Order: max over the window first, then + bias and ReLU. fl(x + b) and ReLU are monotone, so this equals
// max(ReLU(x_i + b)) bit for bit (up to the sign of a zero) at a quarter of the bias/ReLU work.
// Stores: 8 horizontally adjacent tiles whose pooled blocks are inside the map write m/2 rows of 8*m/2 contiguous
// floats (F4: a 2-way lane interleave per row; F2: one vector); the others go through a stack stage, per tile.

#if arch(x86_64)
import VGGKernelsAVX512
#endif

extension WinogradConv {
    static func outputTransformPooled<W: WinogradTile>(_: W.Type, mBuf: UnsafePointer<Float>, _ p: Plan, cout: Int,
                                                        co0: Int, co1: Int, t0: Int, count: Int, height: Int, width: Int,
                                                        bias: UnsafePointer<Float>, relu: Bool,
                                                        output: UnsafeMutablePointer<Float>, wide: Bool) {
        if wide && W.alpha == 6 && outputTransformPooledWide(mBuf: mBuf, p, cout: cout, co0: co0, co1: co1, t0: t0, count: count,
                                                             height: height, width: width, bias: bias, relu: relu,
                                                             output: output) { return }
        let a = W.alpha, a2 = a * a, m = W.m, pm = m / 2
        let tPer = p.tPer
        let valid = count
        let eStride = tPer          // M is [co][e][t]
        let ph = height / 2, pw = width / 2, planeOut = ph * pw
        if planeOut == 0 { return }
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a2 + a * m + m * m + pm * pm) { bufP in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * pm * pm) { stageP in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * tPer + tPer / 8) { infoP in
                let buf = bufP.baseAddress!, tmp = buf + a2, y = tmp + a * m, q = y + m * m
                let stage = stageP.baseAddress!
                // Per tile: its pooled pm x pm block's offset and valid rows/cols (0...pm); per group: whole blocks inside.
                let info = infoP.baseAddress!, fast = info + 3 * tPer
                tileTable(p, t0: t0, valid: valid, cout: cout, block: pm, outHeight: ph, outWidth: pw, info: info, fast: fast)
                let zero = SIMD8<Float>()
                for co in co0..<co1 {
                    let bv = SIMD8<Float>(repeating: bias[co])
                    let src = mBuf + (co - co0) * a2 * tPer
                    let outC = output + co * planeOut
                    var g = 0
                    while g * 8 < valid {
                        transform8(W.self, src + g * 8, eStride, buf, tmp, y)
                        // q[i*pm + j] = max of the 2x2 window at (2i, 2j) of each lane's m x m tile, + bias, ReLU.
                        for i in 0..<pm {
                            for j in 0..<pm {
                                let r0 = y + (2 &* i &* m &+ 2 &* j), r1 = r0 + m
                                var v = vmax(vmax(r0[0], r0[1]), vmax(r1[0], r1[1])) + bv
                                if relu { v = v.replacing(with: zero, where: v .< zero) }
                                q[i &* pm &+ j] = v
                            }
                        }
                        if fast[g] != 0 {
                            let dst = outC + info[3 * g * 8]
                            if pm == 2 {
                                WinogradF2x3.storeRows8(q, dst, pw)     // 2x2 per lane -> 2 rows of 16 floats
                            } else {
                                UnsafeMutableRawPointer(dst).storeBytes(of: q[0], as: SIMD8<Float>.self)
                            }
                            g += 1
                            continue
                        }
                        // Scattered or clipped tiles: stage[i][l*pm + j], then each tile's valid pooled cells.
                        if pm == 2 {
                            WinogradF2x3.storeRows8(q, stage, 16)
                        } else {
                            UnsafeMutableRawPointer(stage).storeBytes(of: q[0], as: SIMD8<Float>.self)
                        }
                        let lanes = min(8, valid - g * 8)
                        for l in 0..<lanes {
                            let ti = g * 8 + l
                            let base = outC + info[3 * ti]
                            let vr = info[3 * ti + 1], vc = info[3 * ti + 2]
                            let st = stage + l &* pm
                            for i in 0..<vr {
                                for j in 0..<vc { base[i &* pw &+ j] = st[i &* 8 &* pm &+ j] }
                            }
                        }
                        g += 1
                    }
                }
            }
        }
        }
    }

    /// The AVX-512 F4 pooled output transform (WinogradOutput16), unless tuning asks for the SIMD8 path (then false).
    static func outputTransformPooledWide(mBuf: UnsafePointer<Float>, _ p: Plan, cout: Int, co0: Int, co1: Int, t0: Int, count: Int,
                                          height: Int, width: Int, bias: UnsafePointer<Float>, relu: Bool,
                                          output: UnsafeMutablePointer<Float>) -> Bool {
        #if arch(x86_64)
        if WinogradTuning.narrowOutput { return false }
        let oh = height / 2, ow = width / 2
        if oh * ow == 0 { return true }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * p.tPer + p.tPer / 16 + p.tPer / 8 + 1) { infoP in
            let info = infoP.baseAddress!, fast = info + 3 * p.tPer, fast8 = fast + p.tPer / 16
            tileTable(p, t0: t0, valid: count, cout: cout, block: 2, outHeight: oh, outWidth: ow, info: info, fast: fast8, lanes: 8)
            tileTable(p, t0: t0, valid: count, cout: cout, block: 2, outHeight: oh, outWidth: ow, info: info, fast: fast, lanes: 16)
            WinogradOutput16.transformPooled(mBuf: mBuf, tPer: p.tPer, co0: co0, co1: co1, count: count, bias: bias, relu: relu,
                                             output: output, planeOut: oh * ow, outWidth: ow, info: info, fast: fast, fast8: fast8,
                                             prefetchPlanes: WinogradTuning.prefetchOut)
        }
        return true
        #else
        return false
        #endif
    }
}
