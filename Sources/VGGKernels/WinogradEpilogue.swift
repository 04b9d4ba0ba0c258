// WinogradConv's epilogue: the output transform y = A^T M A of each tile, + bias, optional ReLU, stored into the NCHW
// output. 8 horizontally adjacent tiles whose m x m outputs lie inside the map store m rows of 8m contiguous floats
// (a lane-to-row transpose); the others (scattered over rows or images, or clipped at the right/bottom edges) go
// through a stack stage and copy only their valid rows and columns. The pooled variant is in WinogradPoolEpilogue.swift.
// Prefetch: stores go channel-outer, a plane apart per step, ahead of what the hardware prefetcher follows; the next
// plane's output rows are prefetched for writing (hides the read-for-ownership), WinogradTuning.prefetchOut planes ahead.

extension WinogradConv {
    /// The output side's per-tile table, for an output made of `block` x `block` pieces per tile (the m x m tile itself,
    /// or its pooled m/2 x m/2 block) in an outHeight x outWidth map: info[3l] = offset of tile t0+l's piece (channel 0),
    /// info[3l+1], info[3l+2] = its valid rows and columns (0 when it lies wholly past the edge); fast[g] = 1 when the
    /// `lanes` (8, or 16 for the AVX-512 transforms) tiles of group g are adjacent in one tile row and their pieces are whole
    /// and inside the map.
    @inline(__always)
    static func tileTable(_ p: Plan, t0: Int, valid: Int, cout: Int, block: Int, outHeight: Int, outWidth: Int,
                          info: UnsafeMutablePointer<Int>, fast: UnsafeMutablePointer<Int>, lanes: Int = 8) {
        let plane = outHeight * outWidth
        for l in 0..<valid {
            let o = tileOrigin(p, tile: t0 + l)
            info[3 * l] = o.b * cout * plane + o.th * block * outWidth + o.tw * block
            info[3 * l + 1] = max(0, min(block, outHeight - o.th * block))
            info[3 * l + 2] = max(0, min(block, outWidth - o.tw * block))
        }
        for g in 0..<(p.tPer / lanes) {
            fast[g] = 0
            if g * lanes + lanes <= valid {
                let o = tileOrigin(p, tile: t0 + g * lanes)
                if o.tw + lanes <= p.tW && (o.tw + lanes) * block <= outWidth && o.th * block + block <= outHeight { fast[g] = 1 }
            }
        }
    }

    /// y (m x m, lane = tile) = A^T M A for the 8 tiles whose M columns start at `src` (alpha^2 rows `eStride` apart).
    @inline(__always)
    static func transform8<W: WinogradTile>(_: W.Type, _ src: UnsafePointer<Float>, _ eStride: Int, _ buf: UnsafeMutablePointer<SIMD8<Float>>,
                                            _ tmp: UnsafeMutablePointer<SIMD8<Float>>, _ y: UnsafeMutablePointer<SIMD8<Float>>) {
        let a = W.alpha, m = W.m
        let s = UnsafeRawPointer(src)
        for e in 0..<(a * a) { buf[e] = s.loadUnaligned(fromByteOffset: e &* eStride &* 4, as: SIMD8<Float>.self) }
        for r in 0..<a { W.output1D(buf + r &* a, 1, tmp + r &* m, 1) }
        for j in 0..<m { W.output1D(tmp + j, m, y + j, m) }
    }
    static func outputTransform<W: WinogradTile>(_: W.Type, mBuf: UnsafePointer<Float>, _ p: Plan, cout: Int, co0: Int, co1: Int,
                                                  t0: Int, count: Int, height: Int, width: Int, bias: UnsafePointer<Float>, relu: Bool,
                                                  output: UnsafeMutablePointer<Float>) {
        let a = W.alpha, a2 = a * a, m = W.m
        let tPer = p.tPer
        let valid = count
        let eStride = tPer          // M is [co][e][t]
        let planeOut = height * width
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a2 + a * m + m * m) { bufP in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * m * m) { stageP in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * tPer + tPer / 8) { infoP in
                let buf = bufP.baseAddress!, tmp = buf + a2, y = tmp + a * m
                let stage = stageP.baseAddress!
                let info = infoP.baseAddress!, fast = info + 3 * tPer
                tileTable(p, t0: t0, valid: valid, cout: cout, block: m, outHeight: height, outWidth: width, info: info, fast: fast)
                let zero = SIMD8<Float>()
                for co in co0..<co1 {
                    let bv = SIMD8<Float>(repeating: bias[co])
                    let src = mBuf + (co - co0) * a2 * tPer
                    let outC = output + co * planeOut
                    var g = 0
                    while g * 8 < valid {
                        transform8(W.self, src + g * 8, eStride, buf, tmp, y)
                        for k in 0..<(m * m) {
                            var yv = y[k] + bv
                            if relu { yv = yv.replacing(with: zero, where: yv .< zero) }
                            y[k] = yv
                        }
                        if fast[g] != 0 {
                            if WinogradTuning.prefetchOut > 0 && co &+ WinogradTuning.prefetchOut < co1 {
                                // The next channel's rows for this group: fetched for writing while this one computes.
                                let nxt = outC + (info[3 * g * 8] &+ planeOut &* WinogradTuning.prefetchOut)
                                for i in 0..<m { prefetchForWrite(nxt + i &* width); prefetchForWrite(nxt + (i &* width &+ 16)) }
                            }
                            W.storeRows8(y, outC + info[3 * g * 8], width)
                            g += 1
                            continue
                        }
                        // Scattered tiles: transpose lanes to tile rows on the stack (stage[i][l*m + j]),
                        // then copy each tile's rows with one short vector store per row.
                        W.storeRows8(y, stage, 8 &* m)
                        let lanes = min(8, valid - g * 8)
                        for l in 0..<lanes {
                            let ti = g * 8 + l
                            let base = outC + info[3 * ti]
                            let vr = info[3 * ti + 1], vc = info[3 * ti + 2]
                            let src = stage + l &* m
                            if vc == m {
                                for i in 0..<vr { W.copyRow(src + i &* 8 &* m, base + i &* width) }
                            } else {
                                for i in 0..<vr {
                                    for j in 0..<vc { base[i &* width &+ j] = src[i &* 8 &* m &+ j] }
                                }
                            }
                        }
                        g += 1
                    }
                }
            }
        }
        }
    }
}

