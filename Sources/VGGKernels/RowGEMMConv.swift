// RowGEMMConv: Conv2d (any kernel, stride, padding) on a small output as RowGEMM: the batch x OH x OW output pixels
// are the rows of an im2col matrix (packed once per call into 6-row panels, zero outside the map), the weights the
// packed B columns, so output channels fill the vector lanes however few the pixels. The epilogue reads the
// [pixel][Cout] result and writes NCHW with bias and ReLU, or with maxPool2x2 the pooled map (max commutes with the
// per-channel bias and with ReLU). Workspace: the packed rows, then the result buffer (RowGEMM's counts).

enum RowGEMMConv {
    static func workspaceCount(batch: Int, cin: Int, cout: Int, kernel: Int, oh: Int, ow: Int) -> Int {
        let rows = batch * oh * ow
        return RowGEMM.packedRowsCount(rows: rows, depth: cin * kernel * kernel) + RowGEMM.resultCount(rows: rows, n: cout)
    }

    static func forward(_ g: Im2colGEMM.Geometry, weights: PackedColumns, bias: UnsafePointer<Float>,
                        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, relu: Bool, maxPool2x2: Bool,
                        workspace: UnsafeMutablePointer<Float>, isa: KernelISA, pool: Parallelism) {
        let pixels = g.oh * g.ow, rows = g.batch * pixels
        let depth = weights.depth, cout = weights.n
        if rows == 0 || cout == 0 { return }
        let a = workspace, c = workspace + RowGEMM.packedRowsCount(rows: rows, depth: depth)
        packIm2colRows(g, input: input, rows: rows, into: a, pool: pool)
        let ldc = weights.panels * 16
        RowGEMM.multiply(rows: rows, a: a, b: weights, c: c, isa: isa, pool: pool) { c0, c1 in
            storeNCHW(c, ld: ldc, g, cout: cout, channels: c0..<c1, bias: bias, relu: relu, maxPool2x2: maxPool2x2,
                      output: output)
        }
    }

    /// The epilogue of the pixels-as-rows convs (this one and StreamConv): result[r * ld + co] for row r = (image, oy,
    /// ox) plus bias[co], through ReLU, into NCHW `output` for `channels`; with maxPool2x2 the pooled (OH/2) x (OW/2)
    /// map (max commutes with the per-channel bias and with ReLU, so pooling the raw sums first is exact).
    static func storeNCHW(_ result: UnsafePointer<Float>, ld: Int, _ g: Im2colGEMM.Geometry, cout: Int, channels: Range<Int>,
                          bias: UnsafePointer<Float>, relu: Bool, maxPool2x2: Bool, output: UnsafeMutablePointer<Float>) {
        let pixels = g.oh * g.ow
        let ph = g.oh / 2, pw = g.ow / 2
        for co in channels {
            let bv = bias[co]
            let col = result + co
            for b in 0..<g.batch {
                let src = col + b * pixels * ld
                if maxPool2x2 {
                    let dst = output + (b * cout + co) * ph * pw
                    for py in 0..<ph {
                        for px in 0..<pw {
                            let s = src + (2 * py * g.ow + 2 * px) * ld
                            let m = max(max(s[0], s[ld]), max(s[g.ow * ld], s[(g.ow + 1) * ld])) + bv
                            dst[py * pw + px] = relu ? max(m, 0) : m
                        }
                    }
                } else {
                    let dst = output + (b * cout + co) * pixels
                    for p in 0..<pixels {
                        let v = src[p * ld] + bv
                        dst[p] = relu ? max(v, 0) : v
                    }
                }
            }
        }
    }

    /// A's 6-row panels: row r = (image, oy, ox), column (ci, ky, kx). Per panel, each row's (ky, kx) tap is resolved
    /// once to an in-plane offset (or -1 outside the map), so the loop over input channels only adds plane strides.
    static func packIm2colRows(_ g: Im2colGEMM.Geometry, input: UnsafePointer<Float>, rows: Int,
                               into a: UnsafeMutablePointer<Float>, pool: Parallelism) {
        let kk = g.k * g.k, plane = g.h * g.w, pixels = g.oh * g.ow
        let depth = g.cin * kk, rowPanels = ceilDiv(rows, 6)
        let kc = PackedColumns.kc, blocks = ceilDiv(depth, kc)
        // Tasks: (row panel, K block) pairs, so a single panel's long K still splits across threads.
        pool.parallelFor(rowPanels * blocks) { t in
            let rp = t / blocks, kb = t - rp * blocks
            let k0 = kb * kc, kcb = min(kc, depth - k0)
            let dst = RowGEMM.panelA(a, rowPanels: rowPanels, k0: k0, kcb: kcb, rp: rp)
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 6 * kk + 6) { scratch in
                let offsets = scratch.baseAddress!, images = offsets + 6 * kk
                for i in 0..<6 {
                    let r = rp * 6 + i
                    guard r < rows else {
                        images[i] = -1
                        continue
                    }
                    let b = r / pixels, p = r - b * pixels
                    let oy = p / g.ow, ox = p - oy * g.ow
                    images[i] = b * g.cin * plane
                    for ky in 0..<g.k {
                        let y = oy * g.stride - g.pad + ky
                        for kx in 0..<g.k {
                            let x = ox * g.stride - g.pad + kx
                            offsets[i * kk + ky * g.k + kx] = y >= 0 && y < g.h && x >= 0 && x < g.w ? y * g.w + x : -1
                        }
                    }
                }
                var ci = k0 / kk, tap = k0 - ci * kk
                for p in 0..<kcb {
                    let d = dst + p &* 6
                    let planeBase = ci &* plane
                    for i in 0..<6 {
                        let off = images[i] < 0 ? -1 : offsets[i &* kk &+ tap]
                        d[i] = off < 0 ? 0 : input[images[i] &+ planeBase &+ off]
                    }
                    tap &+= 1
                    if tap == kk { tap = 0; ci &+= 1 }
                }
            }
        }
    }
}
