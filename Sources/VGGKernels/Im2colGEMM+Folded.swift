// Im2colGEMM+Folded: the im2col GEMM for small maps at batch > 1, with the batch folded into the GEMM's N. One image
// of a small map has fewer pixels than a 16-column panel or a 128-pixel chunk (2x2 = 4, 6x6 = 36), so per-image
// tasks would multiply mostly padding and re-read the weights per image. Here a task's columns are the pixels of a
// group of whole images (up to `chunk`), packed into 16-column panels across image boundaries; the micro-kernels
// write a cache-hot [Cout chunk][columns] buffer, which the epilogue scatters to NCHW with bias and ReLU (and with
// maxPool2x2 pools each image's map from it: the groups hold whole images).
// Workspace per worker: the kc x chunk im2col slice, then the roundUp(Cout, 6) x chunk column buffer.

extension Im2colGEMM {
    /// Whether forward/forwardPooled fold the batch: several images per 128-pixel chunk.
    static func folds(batch: Int, pixels: Int) -> Bool { batch > 1 && pixels > 0 && 2 * pixels <= chunk }

    static func foldedWorkspaceCount(depth: Int, cout: Int, workers: Int) -> Int {
        workers * (min(depth, PackedConvWeights.kc) * chunk + roundUp(cout, 6) * chunk)
    }

    /// Times each im2col slice is packed (once per Cout chunk: coutChunks) for `batch` images of `pixels` output pixels
    /// on `threads` (the unpooled and folded paths' task split).
    static func packingRepeats(batch: Int, pixels: Int, cout: Int, threads: Int) -> Int {
        let tasks = folds(batch: batch, pixels: pixels) ? ceilDiv(batch, max(1, chunk / max(pixels, 1)))
            : batch * ceilDiv(pixels, chunk)
        return coutChunks(tasks: tasks, panels: ceilDiv(cout, 6), threads: threads)
    }

    /// Columns the GEMM multiplies (panels of 16, padding included) for `batch` images of `pixels` output pixels.
    static func paddedColumns(batch: Int, pixels: Int) -> Int {
        guard folds(batch: batch, pixels: pixels) else { return batch * roundUp(pixels, 16) }
        let per = chunk / pixels, groups = ceilDiv(batch, per)
        let last = batch - (groups - 1) * per
        return (groups - 1) * roundUp(per * pixels, 16) + roundUp(last * pixels, 16)
    }

    /// `g` is the full conv geometry; `output` is N x Cout x OH x OW, or with maxPool2x2 N x Cout x (OH/2) x (OW/2).
    static func forwardFolded(_ g: Geometry, weights pw: PackedConvWeights, bias: UnsafePointer<Float>,
                              input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, relu: Bool, maxPool2x2: Bool,
                              workspace: UnsafeMutablePointer<Float>, workers: Int, isa: KernelISA, pool: Parallelism) {
        let cout = pw.rows, depth = pw.depth
        let pixels = g.oh * g.ow
        if pixels == 0 || cout == 0 || g.batch == 0 { return }
        let perGroup = max(1, chunk / pixels), groups = ceilDiv(g.batch, perGroup)
        let threads = min(pool.threads, workers)
        let coChunks = coutChunks(tasks: groups, panels: pw.panels, threads: threads)
        let kcMax = min(depth, PackedConvWeights.kc)
        let perWorker = kcMax * chunk + roundUp(cout, 6) * chunk
        let ph = g.oh / 2, pwid = g.ow / 2
        let wide = isa == .avx512
        Parallelism(threads: threads).parallelForWorkers(groups * coChunks) { t, w in
            let cc = t % coChunks, gi = t / coChunks
            let b0 = gi * perGroup, images = min(perGroup, g.batch - b0)
            let cols = images * pixels, nPanels = ceilDiv(cols, 16)
            let ip0 = cc * pw.panels / coChunks, ip1 = (cc + 1) * pw.panels / coChunks
            let slab = workspace + w * perWorker
            let conv = slab + kcMax * chunk                 // [co - ip0*6][column], ld = cols
            if depth == 0 {
                for r in 0..<((ip1 - ip0) * 6) { (conv + r * cols).update(repeating: 0, count: cols) }
            }
            var k0 = 0
            while k0 < depth {
                let kcb = min(PackedConvWeights.kc, depth - k0)
                for jp in 0..<nPanels {
                    packFolded(g, input: input, b0: b0, pixels: pixels, k0: k0, kc: kcb, j: jp * 16,
                               cols: min(16, cols - jp * 16), dst: slab + jp * kcb * 16)
                }
                for ip in ip0..<ip1 {
                    let rows = min(6, cout - ip * 6)
                    let ap = UnsafePointer(pw.data + k0 * pw.panels * 6 + ip * kcb * 6)
                    TileRow.run(kc: kcb, a: ap, b: slab, c: conv + (ip - ip0) * 6 * cols, ldc: cols, rows: rows, jp0: 0,
                                jp1: nPanels, lastPanel: nPanels - 1, lastCols: cols - (nPanels - 1) * 16,
                                accumulate: k0 > 0, bias: nil, relu: false, wide: wide)
                }
                k0 += kcb
            }
            // Epilogue: bias, ReLU, NCHW (max commutes with the per-channel bias and with ReLU, so pooling after is exact).
            for co in (ip0 * 6)..<min(cout, ip1 * 6) {
                let row = conv + (co - ip0 * 6) * cols
                let bv = bias[co]
                for i in 0..<images {
                    let src = row + i * pixels
                    if maxPool2x2 {
                        let dst = output + ((b0 + i) * cout + co) * ph * pwid
                        for py in 0..<ph {
                            for px in 0..<pwid {
                                let s = src + 2 * py * g.ow + 2 * px
                                let m = max(max(s[0], s[1]), max(s[g.ow], s[g.ow + 1])) + bv
                                dst[py * pwid + px] = relu ? max(m, 0) : m
                            }
                        }
                    } else {
                        let dst = output + ((b0 + i) * cout + co) * pixels
                        for p in 0..<pixels {
                            let v = src[p] + bv
                            dst[p] = relu ? max(v, 0) : v
                        }
                    }
                }
            }
        }
    }

    /// A 16-column im2col panel whose columns are pixels j..<j+cols of the group (image b0 + column / pixels), zero
    /// outside the map and past `cols`: dst[p*16 + l] for rows k0..<k0+kc.
    @inline(__always)
    static func packFolded(_ g: Geometry, input: UnsafePointer<Float>, b0: Int, pixels: Int, k0: Int, kc: Int, j: Int,
                           cols: Int, dst: UnsafeMutablePointer<Float>) {
        let k = g.k, kk = k * k, h = g.h, w = g.w
        let imageSize = g.cin * h * w
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 48) { lanes in
            let base = lanes.baseAddress!, ly = base + 16, lx = base + 32
            for l in 0..<16 {
                let jj = j + min(l, max(cols - 1, 0))
                let b = jj / pixels, p = jj - b * pixels
                let oy = p / g.ow
                base[l] = (b0 + b) * imageSize
                ly[l] = oy * g.stride - g.pad
                lx[l] = (p - oy * g.ow) * g.stride - g.pad
            }
            var ci = k0 / kk, r = k0 - ci * kk
            var ky = r / k, kx = r - ky * k
            for p in 0..<kc {
                let d = dst + p &* 16
                let plane = ci &* h &* w
                for l in 0..<16 {
                    let yy = ly[l] &+ ky, xx = lx[l] &+ kx
                    d[l] = (l < cols && yy >= 0 && yy < h && xx >= 0 && xx < w) ? input[base[l] &+ plane &+ yy &* w &+ xx] : 0
                }
                kx &+= 1
                if kx == k { kx = 0; ky &+= 1; if ky == k { ky = 0; ci &+= 1 } }
            }
        }
    }
}
