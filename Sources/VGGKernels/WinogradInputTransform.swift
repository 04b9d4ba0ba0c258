// WinogradConv's input transform: V[e] = B^T d B for every tile's alpha x alpha window d, read straight from the NCHW
// input (zero outside the map) and written in the packed-B layout the multiply reads: per K block of Cin, 16-tile
// panels of kcb x 16 floats. Lanes past the block's last tile are computed on a clamped tile (the multiply reads them,
// the epilogue discards them). On AVX-512 the F4 transform runs 16 tiles per zmm (VGGKernelsAVX512.WinogradInput16).
// Prefetch: the channel-outer sweep jumps a whole plane per step, faster than the hardware prefetcher locks on, so the
// rows the next plane's windows will read are prefetched (WinogradTuning.prefetchIn planes ahead).

#if arch(x86_64)
import VGGKernelsAVX512
#endif

extension WinogradConv {
    /// V[e][ci][t] for the task's tiles and channels ci0..<ci1, read straight from the NCHW input (the
    /// 1-pixel zero border is virtual). Per 8-tile group, one of three loaders:
    ///   interior: 8 adjacent tiles whose alpha rows x (8m+4) window is inside the map: vector loads + deinterleave;
    ///   edge:     8 adjacent tiles touching the border: the window is copied into a zero-filled stack strip first;
    ///   gather:   tiles spread over rows/images (small maps): per-lane scalar loads with bounds checks.
    /// Channel-outer loop: each input plane is swept sequentially (prefetch friendly).
    static func inputTransform<W: WinogradTile>(_: W.Type, input: UnsafePointer<Float>, height: Int, width: Int, _ p: Plan,
                                                 cin: Int, ci0: Int, ci1: Int, t0: Int, count: Int,
                                                 v: UnsafeMutablePointer<Float>, wide: Bool) {
        #if arch(x86_64)
        if wide && W.alpha == 6 && !WinogradTuning.narrowInput {
            WinogradInput16.transform(input: input, .init(channels: cin, height: height, width: width, tilesH: p.tH, tilesW: p.tW),
                                      ci0: ci0, ci1: ci1, t0: t0, count: count, v: v, vE: p.vE, tPer: p.tPer, kc: p.kc,
                                      prefetchPlanes: WinogradTuning.prefetchIn, wholeRowsOnly: WinogradTuning.input16Legacy)
            return
        }
        #endif
        let a = W.alpha, m = W.m
        let tPer = p.tPer, planeSize = height * width
        let groups = ceilDiv(count, 16) * 2
        let span = 8 * m + 4            // floats loadRow8 reads per row
        let info = 26                   // per group: mode, then (image offset, y0, x0) x 8 lanes
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a * a) { bufP in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: a * 40 + a * a * 8) { stageP in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: info * groups) { infoP in
            let buf = bufP.baseAddress!, stage = stageP.baseAddress!, gat = stage + a * 40, gi = infoP.baseAddress!
            for g in 0..<groups {
                let d = gi + info * g
                for l in 0..<8 {
                    let o = tileOrigin(p, tile: min(t0 + g * 8 + l, p.tiles - 1))
                    d[2 + 3 * l] = o.b * cin * planeSize
                    d[3 + 3 * l] = o.th * m - 1
                    d[4 + 3 * l] = o.tw * m - 1
                }
                let first = tileOrigin(p, tile: min(t0 + g * 8, p.tiles - 1))
                let adjacent = t0 + g * 8 + 8 <= p.tiles && first.tw + 8 <= p.tW
                let y0 = d[3], x0 = d[4]
                let inside = y0 >= 0 && y0 + a <= height && x0 >= 0 && x0 + span <= width
                d[0] = adjacent ? (inside ? 1 : 2) : 0
            }
            let eStride = p.vE &* 4
            var ci = ci0
            while ci < ci1 {
                let chan = input + ci &* planeSize
                let kStart = ci / p.kc * p.kc, kcb = min(p.kc, cin - kStart)
                let vci = v + (kStart &* tPer &+ (ci &- kStart) &* 16)
                for g in 0..<groups {
                    let d = gi + info &* g
                    switch d[0] {
                    case 1:
                        let q = chan + (d[2] &+ d[3] &* width &+ d[4])
                        if WinogradTuning.prefetchIn > 0 {
                            let nq = q + planeSize &* WinogradTuning.prefetchIn
                            for r in 0..<a { prefetch(nq + r &* width); prefetch(nq + (r &* width &+ 16)) }
                        }
                        for r in 0..<a { W.loadRow8(q + r &* width, buf + r &* a) }
                    case 2:
                        let img = chan + d[2], y0 = d[3], x0 = d[4]
                        let xs = max(x0, 0), xe = min(x0 &+ span, width)
                        if WinogradTuning.prefetchIn > 0 {
                            let nq = img + (planeSize &* WinogradTuning.prefetchIn &+ xs)
                            var r = max(y0, 0)
                            while r < min(y0 &+ a, height) { prefetch(nq + r &* width); prefetch(nq + (r &* width &+ 16)); r &+= 1 }
                        }
                        for r in 0..<a {
                            let dst = stage + r &* 40
                            let y = y0 &+ r
                            // Inline copy/fill (memmove/memset calls cost more than these ~36 floats).
                            if y < 0 || y >= height || xe <= xs {
                                for c in 0..<span { dst[c] = 0 }
                            } else {
                                var c = 0
                                while c < xs &- x0 { dst[c] = 0; c &+= 1 }
                                let src = img + (y &* width &+ x0)
                                while c &+ 8 <= xe &- x0 {
                                    UnsafeMutableRawPointer(dst + c).storeBytes(
                                        of: UnsafeRawPointer(src + c).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                                    c &+= 8
                                }
                                while c < xe &- x0 { dst[c] = src[c]; c &+= 1 }
                                while c < span { dst[c] = 0; c &+= 1 }
                            }
                            W.loadRow8(dst, buf + r &* a)
                        }
                    default:
                        for l in 0..<8 {
                            let img = chan + d[2 &+ 3 &* l], y0 = d[3 &+ 3 &* l], x0 = d[4 &+ 3 &* l]
                            let colsInside = x0 >= 0 && x0 &+ a <= width
                            for r in 0..<a {
                                let y = y0 &+ r
                                let g8 = gat + (r &* a &* 8 &+ l)
                                if y < 0 || y >= height {
                                    for c in 0..<a { g8[c &* 8] = 0 }
                                } else {
                                    let row = img + y &* width
                                    if colsInside && a == 6 {
                                        // Unrolled: the generic loop was the hot spot on 14x14/28x28 maps.
                                        let q = row + x0
                                        g8[0] = q[0]; g8[8] = q[1]; g8[16] = q[2]; g8[24] = q[3]; g8[32] = q[4]; g8[40] = q[5]
                                    } else if colsInside {
                                        for c in 0..<a { g8[c &* 8] = row[x0 &+ c] }
                                    } else {
                                        for c in 0..<a {
                                            let x = x0 &+ c
                                            g8[c &* 8] = x >= 0 && x < width ? row[x] : 0
                                        }
                                    }
                                }
                            }
                        }
                        let raw = UnsafeRawPointer(gat)
                        for k in 0..<(a * a) { buf[k] = raw.loadUnaligned(fromByteOffset: k &* 32, as: SIMD8<Float>.self) }
                    }
                    for r in 0..<a { W.input1D(buf + r &* a, 1) }
                    for c in 0..<a { W.input1D(buf + c, a) }
                    let dst = UnsafeMutableRawPointer(vci + ((g >> 1) &* kcb &* 16 &+ (g & 1) &* 8))
                    for e in 0..<(a * a) { dst.storeBytes(of: buf[e], toByteOffset: e &* eStride, as: SIMD8<Float>.self) }
                }
                ci &+= 1
            }
        }
        }
        }
    }
}
