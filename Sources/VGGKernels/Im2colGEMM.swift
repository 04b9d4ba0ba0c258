// Im2colGEMM: general Conv2d (any kernel, stride, padding) as implicit-im2col GEMM.
//   out[b][co][pixel] = sum_k W[co][k] * col[k][pixel] + bias[co], k = (ci, ky, kx), pixel = (oy, ox).
// A = weights, packed once at init into 6-row panels per KC block (PackedConvWeights). B = im2col, never
// materialised: each task packs a KC x chunk slice of it straight from the NCHW input into 16-pixel
// panels (zero for padding and for pixels past the end). C = NCHW output with ldc = OH*OW, so the
// microkernel writes the output in place; bias and ReLU are fused into the last K block's store.
// Tasks: (image, pixel chunk, Cout chunk); each worker owns kc*chunk floats of the caller's workspace.
// A 1x1 stride-1 unpadded conv is a plain GEMM (its im2col rows are the input planes): packing copies 16 floats a row.

struct PackedConvWeights {
    static let kc = 256
    let rows: Int        // Cout
    let depth: Int       // Cin*k*k
    let panels: Int
    let data: UnsafeMutablePointer<Float>

    /// Panel `ip` of K block starting at k0 (size kcb) is at data + k0*panels*6 + ip*kcb*6.
    init(weights: UnsafePointer<Float>, rows: Int, depth: Int) {
        self.rows = rows
        self.depth = depth
        panels = ceilDiv(rows, 6)
        data = alignedFloats(panels * 6 * depth)
        let view = MatrixView(weights, rs: depth, cs: 1)
        var k0 = 0
        while k0 < depth {
            let kcb = min(PackedConvWeights.kc, depth - k0)
            for ip in 0..<panels {
                Packing.packA(view, i0: ip * 6, rows: min(6, rows - ip * 6), p0: k0, kc: kcb,
                              dst: data + k0 * panels * 6 + ip * kcb * 6)
            }
            k0 += kcb
        }
    }

    var floats: Int { panels * 6 * depth }
}

enum Im2colGEMM {
    static let chunk = 128   // pixels per task (multiple of 16)

    /// Cout chunks per pixel task: with fewer pixel tasks than 2 x threads, each is split by weight panels so every
    /// thread has work; each chunk packs its own im2col slice (the same one), so packing repeats this many times.
    static func coutChunks(tasks: Int, panels: Int, threads: Int) -> Int {
        tasks < 2 * threads ? max(1, min(panels, ceilDiv(2 * threads, max(tasks, 1)))) : 1
    }

    static func workspaceCount(depth: Int, workers: Int) -> Int {
        workers * min(depth, PackedConvWeights.kc) * chunk
    }

    struct Geometry {
        let batch, cin, h, w, k, stride, pad, oh, ow: Int
    }

    static func forward(_ g: Geometry, weights pw: PackedConvWeights, bias: UnsafePointer<Float>,
                        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, relu: Bool,
                        workspace: UnsafeMutablePointer<Float>, workers: Int, isa: KernelISA, pool: Parallelism) {
        let cout = pw.rows, depth = pw.depth
        let pixels = g.oh * g.ow
        if pixels == 0 || cout == 0 || g.batch == 0 { return }
        let pixChunks = ceilDiv(pixels, chunk)
        let threads = min(pool.threads, workers)
        let coChunks = coutChunks(tasks: g.batch * pixChunks, panels: pw.panels, threads: threads)
        let tasks = g.batch * pixChunks * coChunks
        let kcMax = min(depth, PackedConvWeights.kc)
        let tp = Parallelism(threads: threads)
        tp.parallelForWorkers(tasks) { t, w in
            let cc = t % coChunks
            let pcI = (t / coChunks) % pixChunks
            let b = t / (coChunks * pixChunks)
            let j0 = pcI * chunk, nch = min(chunk, pixels - j0)
            let nPanels = ceilDiv(nch, 16)
            let ip0 = cc * pw.panels / coChunks, ip1 = (cc + 1) * pw.panels / coChunks
            let buf = workspace + w * kcMax * chunk
            let img = input + b * g.cin * g.h * g.w
            let out = output + b * cout * pixels
            let wide = isa == .avx512
            var k0 = 0
            if depth == 0 {
                // No inputs: output is bias (+ReLU).
                for co in (ip0 * 6)..<min(cout, ip1 * 6) {
                    let v = relu ? max(bias[co], 0) : bias[co]
                    (out + co * pixels + j0).update(repeating: v, count: nch)
                }
                return
            }
            while k0 < depth {
                let kcb = min(PackedConvWeights.kc, depth - k0)
                let last = k0 + kcb == depth
                for jp in 0..<nPanels {
                    packIm2col(g, img: img, k0: k0, kc: kcb, j: j0 + jp * 16, cols: min(16, nch - jp * 16),
                               dst: buf + jp * kcb * 16)
                }
                TileRow.runPanels(kc: kcb, a: UnsafePointer(pw.data + k0 * pw.panels * 6 + ip0 * kcb * 6), panels: ip1 - ip0,
                                  rows: cout - ip0 * 6, b: buf, c: out + ip0 * 6 * pixels + j0, ldc: pixels, nPanels: nPanels,
                                  lastCols: nch - (nPanels - 1) * 16, accumulate: k0 > 0, bias: last ? bias + ip0 * 6 : nil,
                                  relu: last && relu, wide: wide)
                k0 += kcb
            }
        }
    }

    /// 16-pixel im2col panel: dst[p*16 + l] = input value for row k0+p and pixel j+l (0 outside).
    @inline(__always)
    static func packIm2col(_ g: Geometry, img: UnsafePointer<Float>, k0: Int, kc: Int, j: Int, cols: Int,
                           dst: UnsafeMutablePointer<Float>) {
        let k = g.k, kk = k * k, h = g.h, w = g.w, s = g.stride, pad = g.pad
        if k == 1 && s == 1 && pad == 0 && g.ow == w {
            // 1x1, stride 1, no padding: row ci of the im2col matrix is input plane ci itself (a plain GEMM's B panel).
            // (Not on the fused pool's cropped geometry of an odd-width map, whose pixel rows are shorter than the input's.)
            let plane = h &* w
            for p in 0..<kc {
                let src = img + ((k0 &+ p) &* plane &+ j)
                let d = dst + p &* 16
                if cols == 16 {
                    let sr = UnsafeRawPointer(src), dr = UnsafeMutableRawPointer(d)
                    dr.storeBytes(of: sr.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                    dr.storeBytes(of: sr.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self), toByteOffset: 32, as: SIMD8<Float>.self)
                } else {
                    for l in 0..<16 { d[l] = l < cols ? src[l] : 0 }
                }
            }
            return
        }
        let oy = j / g.ow, ox0 = j - oy * g.ow
        // All 16 lanes in one output row: a contiguous (stride 1) or evenly strided input row segment.
        let oneRow = cols == 16 && ox0 + 16 <= g.ow
        let rowFast = s == 1 && oneRow
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 32) { lanes in
            // Per-lane origin (y, x) of the receptive field; used by the general path.
            let ly = lanes.baseAddress!, lx = ly + 16
            for l in 0..<16 {
                let jj = j + min(l, cols - 1)
                let yy = jj / g.ow
                ly[l] = yy * s - pad
                lx[l] = (jj - yy * g.ow) * s - pad
            }
            var ci = k0 / kk, r = k0 - ci * kk
            var ky = r / k, kx = r - ky * k
            for p in 0..<kc {
                let d = dst + p &* 16
                let plane = img + ci &* h &* w
                let y = oy &* s &+ ky &- pad
                let x0 = ox0 &* s &+ kx &- pad
                if rowFast && y >= 0 && y < h && x0 >= 0 && x0 &+ 16 <= w {
                    let src = UnsafeRawPointer(plane + (y &* w &+ x0))
                    let dr = UnsafeMutableRawPointer(d)
                    dr.storeBytes(of: src.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                    dr.storeBytes(of: src.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self), toByteOffset: 32, as: SIMD8<Float>.self)
                } else if oneRow && y >= 0 && y < h && x0 >= 0 && x0 &+ 15 &* s < w {
                    // Strided conv (AlexNet's 11x11/4): every lane in bounds, so no per-lane tests.
                    let src = plane + (y &* w &+ x0)
                    for l in 0..<16 { d[l] = src[l &* s] }
                } else {
                    for l in 0..<16 {
                        let yy = ly[l] &+ ky, xx = lx[l] &+ kx
                        d[l] = (l < cols && yy >= 0 && yy < h && xx >= 0 && xx < w) ? plane[yy &* w &+ xx] : 0
                    }
                }
                kx &+= 1
                if kx == k { kx = 0; ky &+= 1; if ky == k { ky = 0; ci &+= 1 } }
            }
        }
    }
}
