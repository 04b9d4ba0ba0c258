// RowGEMM: C[rows][n] = A[rows][depth] x B[depth][n] for few rows and many columns: the pixels of a small map (or
// a Linear's batch) times the weights, which are the B side here, packed once at init. The ordinary orientation
// (Im2colGEMM: weights as 6-row A panels, pixels across 16-column B panels) leaves most of a 16- or 32-wide panel
// empty on a 4x4 or 2x2 map; here the output channels fill the vector lanes and the few pixels are the broadcast
// rows, so every tile is a full 6x32 (AVX-512) or two 6x16 (AVX2) tile and each weight streams from memory once.
// Layouts: B (PackedColumns): 16-column panels of depth x 16 floats, each whole (a task's weights are two sequential
// streams per 32-column unit, whatever the K block), n padded to a multiple of 32;
// A (packed per call by the caller) per K block: 6-row panels of kcb x 6 floats (a[p*6 + i]), rows padded to 6 with
// zeros. C is a [roundUp(rows, 6)][roundUp(n, 32)] buffer (the padding rows/columns receive zeros x weights).
// Threads take 32-column units; each runs every K block over its units, so its C tiles stay in cache between blocks.

#if arch(x86_64)
import VGGKernelsAVX512
#endif

/// B = the transpose of a row-major [n][depth] matrix (OIHW conv weights, a Linear's [out][in]), packed for RowGEMM.
struct PackedColumns {
    static let kc = 256
    let n: Int
    let depth: Int
    /// 16-column panels (even: n is padded to 32).
    let panels: Int
    let data: UnsafeMutablePointer<Float>

    static func floats(n: Int, depth: Int) -> Int { roundUp(n, 32) * depth }

    /// Panel `jp` is at data + jp*depth*16; its K block starting at k0 at + k0*16.
    init(rowMajor w: UnsafePointer<Float>, n: Int, depth: Int) {
        self.n = n
        self.depth = depth
        panels = roundUp(n, 32) / 16
        data = alignedFloats(panels * 16 * depth)
        // Writes in order (the packed copy of a 411 MB Linear is written once, sequentially); the 16 source rows are
        // read as 16 sequential streams.
        for jp in 0..<panels {
            let dst = data + jp * depth * 16
            let live = min(16, n - jp * 16)
            let src = w + jp * 16 * depth
            for p in 0..<depth {
                let d = dst + p * 16
                for j in 0..<16 { d[j] = j < live ? src[j * depth + p] : 0 }
            }
        }
    }

    var floats: Int { panels * 16 * depth }
}

enum RowGEMM {
    /// 6-row panels of the per-call A, K-blocked like B.
    static func packedRowsCount(rows: Int, depth: Int) -> Int { roundUp(rows, 6) * depth }
    /// The C buffer: padded rows x padded columns.
    static func resultCount(rows: Int, n: Int) -> Int { roundUp(rows, 6) * roundUp(n, 32) }

    /// A's panel `rp` of the K block at k0 (kcb deep) is at a + k0*rowPanels*6 + rp*kcb*6.
    @inline(__always)
    static func panelA(_ a: UnsafeMutablePointer<Float>, rowPanels: Int, k0: Int, kcb: Int, rp: Int) -> UnsafeMutablePointer<Float> {
        let block: Int = k0 &* rowPanels &* 6
        let panel: Int = rp &* kcb &* 6
        return a + (block &+ panel)
    }

    /// Packs rows of a row-major [rows][depth] matrix (a Linear's input) into A; `pool` splits the K blocks.
    static func packRows(_ x: UnsafePointer<Float>, rows: Int, depth: Int, into a: UnsafeMutablePointer<Float>, pool: Parallelism) {
        let rowPanels = ceilDiv(rows, 6), blocks = ceilDiv(depth, PackedColumns.kc)
        pool.parallelFor(blocks) { kb in
            let k0 = kb * PackedColumns.kc, kcb = min(PackedColumns.kc, depth - k0)
            for rp in 0..<rowPanels {
                let dst = panelA(a, rowPanels: rowPanels, k0: k0, kcb: kcb, rp: rp)
                for i in 0..<6 {
                    let r = rp * 6 + i
                    if r < rows {
                        let src = x + r * depth + k0
                        for p in 0..<kcb { dst[p * 6 + i] = src[p] }
                    } else {
                        for p in 0..<kcb { dst[p * 6 + i] = 0 }
                    }
                }
            }
        }
    }

    /// C = A x B over all K blocks for 32-column units split across `pool`; after a unit's last K block,
    /// `epilogue(c0, c1)` runs on that task for its columns c0..<c1 (clipped to n), with C complete there.
    static func multiply(rows: Int, a: UnsafePointer<Float>, b: PackedColumns, c: UnsafeMutablePointer<Float>, isa: KernelISA,
                         pool: Parallelism, epilogue: (_ c0: Int, _ c1: Int) -> Void) {
        let depth = b.depth, n = b.n
        let rowPanels = ceilDiv(rows, 6), ldc = b.panels * 16
        let units = b.panels / 2
        if rows == 0 || units == 0 { return }
        let tasks = min(units, pool.threads * 4)
        let wide = isa == .avx512
        pool.parallelFor(tasks) { t in
            let u0 = t * units / tasks, u1 = (t + 1) * units / tasks
            if depth == 0 {
                for r in 0..<(rowPanels * 6) { (c + r * ldc + u0 * 32).update(repeating: 0, count: (u1 - u0) * 32) }
            }
            var k0 = 0
            while k0 < depth {
                let kcb = min(PackedColumns.kc, depth - k0)
                let bBlock = UnsafePointer(b.data + k0 * 16)
                let aBlock = a + k0 * rowPanels * 6
                let accumulate = k0 > 0
                for u in u0..<u1 {
                    let b0 = bBlock + (2 * u) * depth * 16, b1 = b0 + depth * 16
                    for rp in 0..<rowPanels {
                        let ap = aBlock + rp * kcb * 6
                        let cp = c + rp * 6 * ldc + u * 32
                        #if arch(x86_64)
                        if wide {
                            Microkernel6x32.run32(kc: kcb, a: ap, b0: b0, b1: b1, c: cp, ldc: ldc, accumulate: accumulate,
                                                  bias: nil, relu: false)
                            continue
                        }
                        #endif
                        Microkernel6x16.run(kc: kcb, a: ap, b: b0, c: cp, ldc: ldc, accumulate: accumulate, bias: nil, relu: false)
                        Microkernel6x16.run(kc: kcb, a: ap, b: b1, c: cp + 16, ldc: ldc, accumulate: accumulate, bias: nil,
                                            relu: false)
                    }
                }
                k0 += kcb
            }
            epilogue(min(n, u0 * 32), min(n, u1 * 32))
        }
    }
}
