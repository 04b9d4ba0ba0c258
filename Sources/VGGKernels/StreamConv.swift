// StreamConv: Conv2d for tiny maps as weight streaming. The batch x OH x OW output pixels are few (a 1x1 or 2x2 map),
// so packing panels or transforming the weights costs more than the arithmetic: each pixel's receptive field is
// gathered into a row of an im2col matrix (rows = pixels, K = Cin*k*k, zero outside the map), and the raw OIHW
// weights, which are already a [Cout][K] row-major matrix, are streamed once per 32 rows through LinearKernel's
// batched GEMV (3-row x 4-input register tiles), or with at most 8 rows by its 8-row GEMV per row over blocks of
// weight rows that stay in L2 after the first. Output rows are split across threads in 48-row units.
// Layout: input N x Cin x H x W, output N x Cout x OH x OW dense NCHW (pooled: OH/2 x OW/2, floor rule).
// Workspace: rows x (K + Cout) floats (the im2col rows, then the [pixel][Cout] results before bias/ReLU/pool).

enum StreamConv {
    /// Up to this many rows, the weights are streamed by the 8-row GEMV per row over L2-sized blocks of weight rows.
    static let gemvRowsMax = 8
    /// Weight rows per block (a multiple of 8): 24 rows of a 4608-deep layer are 442 KB, well inside L2.
    static let blockRows = 24

    static func workspaceCount(batch: Int, cin: Int, cout: Int, kernel: Int, oh: Int, ow: Int) -> Int {
        batch * oh * ow * (cin * kernel * kernel + cout)
    }

    /// `weights`: [Cout][Cin*k*k] (OIHW), `bias`: Cout. Writes the conv (or with maxPool2x2 the pooled) output.
    static func forward(_ g: Im2colGEMM.Geometry, cout: Int, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, relu: Bool, maxPool2x2: Bool,
                        workspace: UnsafeMutablePointer<Float>, pool: Parallelism) {
        let pixels = g.oh * g.ow, rows = g.batch * pixels
        let depth = g.cin * g.k * g.k
        if rows == 0 || cout == 0 { return }
        let col = workspace, y = workspace + rows * depth
        // im2col rows: row r = (b, oy, ox), column (ci, ky, kx).
        let kk = g.k * g.k
        for r in 0..<rows {
            let b = r / pixels, p = r - b * pixels
            let oy = p / g.ow, ox = p - oy * g.ow
            let img = input + b * g.cin * g.h * g.w
            let dst = col + r * depth
            for ci in 0..<g.cin {
                let plane = img + ci * g.h * g.w
                for ky in 0..<g.k {
                    let iy = oy * g.stride - g.pad + ky
                    for kx in 0..<g.k {
                        let ix = ox * g.stride - g.pad + kx
                        dst[ci * kk + ky * g.k + kx] = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w ? plane[iy * g.w + ix] : 0
                    }
                }
            }
        }
        if depth == 0 {
            y.update(repeating: 0, count: rows * cout)
        } else {
            let unit = LinearKernel.rowUnit, units = ceilDiv(cout, unit)
            let tasks = min(units, pool.threads * 4)
            let group = LinearKernel.streamBatchMax
            pool.parallelFor(tasks) { t in
                let o0 = min(cout, (t * units / tasks) * unit), o1 = min(cout, ((t + 1) * units / tasks) * unit)
                if rows <= gemvRowsMax {
                    // Few rows: each block of weight rows streams from memory once, eight rows at a time (eight
                    // concurrent streams, the batch-1 GEMV's rate), for the first row, then from L2 for the others.
                    var b0 = o0
                    while b0 < o1 {
                        let b1 = min(o1, b0 + blockRows)
                        for r in 0..<rows {
                            LinearKernel.gemvRows(weights, depth, col + r * depth, nil, y + r * cout, b0, b1, false)
                        }
                        b0 = b1
                    }
                    return
                }
                var r0 = 0
                while r0 < rows {
                    let n = min(group, rows - r0)
                    if n == 1 {
                        LinearKernel.gemvRows(weights, depth, col + r0 * depth, nil, y + r0 * cout, o0, o1, false)
                    } else {
                        LinearKernel.streamRows(weights, depth, cout, col + r0 * depth, n, nil, y + r0 * cout, o0, o1, false)
                    }
                    r0 += n
                }
            }
        }
        RowGEMMConv.storeNCHW(y, ld: cout, g, cout: cout, channels: 0..<cout, bias: bias, relu: relu, maxPool2x2: maxPool2x2,
                              output: output)
    }
}
