// Im2colGEMM+MaxPool: the im2col GEMM conv with a fused 2x2/stride-2 max pool (floor rule: an odd last conv
// row/column is dropped, and never computed). Output: the (OH/2) x (OW/2) NCHW map.
// Only the top-left 2*(OH/2) x 2*(OW/2) conv pixels are computed (a conv output pixel does not depend on the map
// size, so the GEMM runs on that cropped geometry). A task owns a group of whole row pairs ("bands", 2*OW' pixels)
// of one image and a Cout chunk: it runs the usual GEMM (bias and ReLU fused into the last K block's store) over
// the group in <= `chunk`-pixel slices into a per-worker buffer (Cout chunk x group pixels, L2-sized), then pools
// that cache-hot buffer into the output. Narrow maps group several bands per task (~2*`chunk` pixels), so each pass
// over the weights serves as many pixels as in the unpooled kernel, and slices are mostly 32-pixel multiples.
// Workspace per worker: the im2col slice (kc x chunk) then the buffer (see pooledWorkspaceCount).

extension Im2colGEMM {
    /// Bands per task: up to 2*`chunk` pixels (1 when a band alone has that many). VGG bands are 7*2^k pixels wide;
    /// 2*chunk makes tasks of 224 pixels at 56x56, 28x28 and 14x14 (196 there), sliced 128 + 96: the 6x32 kernel's
    /// pairs, so the A panels are reused across more pixels (docs/tuning.md has the measurement).
    static func bandsPerTask(pooledWidth pw: Int) -> Int { max(1, 2 * chunk / max(4 * pw, 1)) }

    /// Floats of the per-worker conv buffer: Cout (rounded to the 6-row panels) x pixels of a band group.
    static func pooledBufferCount(cout: Int, pooledWidth pw: Int) -> Int {
        roundUp(cout, 6) * bandsPerTask(pooledWidth: pw) * 4 * pw
    }

    static func pooledWorkspaceCount(depth: Int, cout: Int, pooledWidth pw: Int, workers: Int) -> Int {
        workers * (min(depth, PackedConvWeights.kc) * chunk + pooledBufferCount(cout: cout, pooledWidth: pw))
    }

    /// `g` is the full conv geometry; `output` is N x Cout x (g.oh/2) x (g.ow/2).
    static func forwardPooled(_ g: Geometry, weights pw: PackedConvWeights, bias: UnsafePointer<Float>,
                              input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, relu: Bool,
                              workspace: UnsafeMutablePointer<Float>, workers: Int, isa: KernelISA, pool: Parallelism) {
        let cout = pw.rows, depth = pw.depth
        let ph = g.oh / 2, pwid = g.ow / 2
        if ph == 0 || pwid == 0 || cout == 0 || g.batch == 0 { return }
        let cg = Geometry(batch: g.batch, cin: g.cin, h: g.h, w: g.w, k: g.k, stride: g.stride, pad: g.pad,
                          oh: 2 * ph, ow: 2 * pwid)
        let band = 2 * cg.ow                        // conv pixels per pooled row
        let threads = min(pool.threads, workers)
        var perTask = bandsPerTask(pooledWidth: pwid)
        if g.batch * ceilDiv(ph, perTask) < 2 * threads {
            // Too few groups for the threads (small maps): ~chunk-pixel groups split the pixels before Cout is split, as
            // in the unpooled kernel; each Cout chunk repeats the im2col packing (scalar on maps narrower than 16), so
            // one large group split four ways by Cout would pack four times (docs/tuning.md).
            perTask = max(1, min(perTask, chunk / band))
        }
        let groups = ceilDiv(ph, perTask)
        let coChunks = coutChunks(tasks: g.batch * groups, panels: pw.panels, threads: threads)
        let tasks = g.batch * groups * coChunks
        let kcMax = min(depth, PackedConvWeights.kc)
        let perWorker = kcMax * chunk + pooledBufferCount(cout: cout, pooledWidth: pwid)
        let outPlane = ph * pwid
        let tp = Parallelism(threads: threads)
        tp.parallelForWorkers(tasks) { t, w in
            let cc = t % coChunks
            let gi = (t / coChunks) % groups
            let b = t / (coChunks * groups)
            let r0 = gi * perTask, r1 = min(ph, r0 + perTask)      // pooled rows of this task
            let pixels = (r1 - r0) * band                          // conv pixels, from pixel r0 * band of the image
            let ip0 = cc * pw.panels / coChunks, ip1 = (cc + 1) * pw.panels / coChunks
            let co0 = ip0 * 6, co1 = min(cout, ip1 * 6)
            let out = output + b * cout * outPlane
            if depth == 0 {
                // No inputs: every conv pixel, hence every pooled one, is bias (+ReLU).
                for co in co0..<co1 {
                    let v = relu ? max(bias[co], 0) : bias[co]
                    (out + co * outPlane + r0 * pwid).update(repeating: v, count: (r1 - r0) * pwid)
                }
                return
            }
            let slab = workspace + w * perWorker
            let conv = slab + kcMax * chunk                        // [co - co0][pixel], ld = pixels
            let img = input + b * g.cin * g.h * g.w
            let wide = isa == .avx512
            // Slices of <= chunk pixels, near even (no tiny trailing slice) and multiples of 32 but the last: an odd
            // panel count would leave a lone 16-wide panel per A panel, off the paired 6x32 AVX-512 kernel.
            let slices = ceilDiv(pixels, chunk)
            let sliceWidth = min(chunk, roundUp(ceilDiv(pixels, slices), 32))
            var j0 = 0
            while j0 < pixels {
                let nch = min(sliceWidth, pixels - j0)
                let nPanels = ceilDiv(nch, 16)
                var k0 = 0
                while k0 < depth {
                    let kcb = min(PackedConvWeights.kc, depth - k0)
                    let last = k0 + kcb == depth
                    for jp in 0..<nPanels {
                        packIm2col(cg, img: img, k0: k0, kc: kcb, j: r0 * band + j0 + jp * 16, cols: min(16, nch - jp * 16),
                                   dst: slab + jp * kcb * 16)
                    }
                    TileRow.runPanels(kc: kcb, a: UnsafePointer(pw.data + k0 * pw.panels * 6 + ip0 * kcb * 6),
                                      panels: ip1 - ip0, rows: cout - ip0 * 6, b: slab, c: conv + j0, ldc: pixels,
                                      nPanels: nPanels, lastCols: nch - (nPanels - 1) * 16, accumulate: k0 > 0,
                                      bias: last ? bias + ip0 * 6 : nil, relu: last && relu, wide: wide)
                    k0 += kcb
                }
                j0 += nch
            }
            for co in co0..<co1 {
                let src = conv + (co - co0) * pixels
                let dst = out + co * outPlane + r0 * pwid
                for r in 0..<(r1 - r0) {
                    let row = src + r * band
                    Pooling.maxPoolRow(row, row + cg.ow, dst + r * pwid, pwid)
                }
            }
        }
    }
}
