// LinearKernel: y[b][o] = sum_i W[o][i] * x[b][i] + bias[o] (+ ReLU). W is [out][in] row-major (PyTorch),
// held by reference, never copied (VGG's FC weights are ~400 MB) unless packed (.gemmRows, below). x is batch x in and y batch x out, dense rows.
// Edge cases: batch 0 or out 0 writes nothing; in 0 gives the bias (or 0) through ReLU; any in/out (tails in scalar).
// batch <= 32: W is streamed from memory exactly once per call (memory bound: the goal is streaming
// bandwidth), rows split across threads in contiguous 48-row-aligned chunks. Batch 1 is a GEMV over 8 rows
// at a time; batch 2-32 is a small GEMM of 3-row x 4-input register tiles over 1024-deep blocks of `in`,
// so each W segment is fetched from memory once and reused from L1 by every group of 4 inputs.
// batch > 32: packed GEMM with B = W^T read through a strided view (no transposed copy), then bias/ReLU; that path
// allocates its packing buffers per call (workspaceCount says how many floats; the streaming paths need none).
// Those are LinearMethod.stream; with .gemmRows (the plan's choice for larger batches) W^T is packed once at init
// instead and the tensor released (RowGEMM.swift): per call only the batch rows are packed.

/// How a LinearKernel multiplies (chosen by the execution plan's cost model from the batch and the sizes).
public enum LinearMethod: String, CaseIterable, Sendable {
    /// W as loaded: streamed once per call by a GEMV (batch 1) or 3x4 register tiles (batch <= 32), or a GEMM that
    /// packs W^T per call (larger batches).
    case stream
    /// W^T packed once at init as RowGEMM's B panels (the loaded tensor is released): the batch rows times them in
    /// full 6x32 tiles, each weight read once per call. Pays off for batches of dozens of rows.
    case gemmRows = "gemm-rows"
}

public final class LinearKernel: @unchecked Sendable {
    /// W as loaded ([out][in]); nil for .gemmRows, which keeps only its packed copy.
    public let weights: Tensor?
    public let bias: Tensor?
    public let inFeatures: Int
    public let outFeatures: Int
    /// Micro-kernels of the batch > streamBatchMax packed GEMM and of .gemmRows (the streaming paths are SIMD8 on
    /// every ISA).
    public let isa: KernelISA
    public let method: LinearMethod
    private let packed: PackedColumns?

    public init(weights: Tensor, bias: Tensor?, inFeatures: Int, outFeatures: Int, isa: KernelISA = .detected,
                method: LinearMethod = .stream) {
        let (n, o) = inFeatures.multipliedReportingOverflow(by: outFeatures)
        precondition(!o && weights.count >= n, "LinearKernel: weights hold \(weights.count) floats, need \(outFeatures)x\(inFeatures)")
        precondition(bias == nil || bias!.count >= outFeatures, "LinearKernel: bias too short")
        self.bias = bias
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.isa = KernelISA.usable(isa)
        self.method = method
        if method == .gemmRows {
            packed = PackedColumns(rowMajor: weights.pointer, n: outFeatures, depth: inFeatures)
            self.weights = nil
        } else {
            packed = nil
            self.weights = weights
        }
    }

    deinit { packed?.data.deallocate() }

    /// Bytes the kernel keeps: W as loaded or packed, and the bias.
    public var heldBytes: Int { 4 * ((weights?.count ?? packed?.floats ?? 0) + (bias?.count ?? 0)) }

    /// What heldBytes of such a kernel will be (without the bias).
    public static func weightBytes(inFeatures: Int, outFeatures: Int, method: LinearMethod) -> Int {
        4 * (method == .gemmRows ? PackedColumns.floats(n: outFeatures, depth: inFeatures) : inFeatures * outFeatures)
    }

    /// Largest batch served by the W-streaming kernels; larger batches use the packed GEMM, which re-lays out W^T
    /// and only pays that back over many rows of A (the crossover measured near 48: docs/tuning.md).
    public static let streamBatchMax = 32
    /// Rows per parallel work unit: a multiple of the 3-row and 4-row tiles and of 16 floats (one cache
    /// line of output), so threads never share an output line except at the very end.
    static let rowUnit = 48
    /// Depth of an input block in the batched path: a 3-row W segment (12 KB) stays in L1 while every
    /// batch group of 4 passes over it, and the batch's X block (batch x 4 KB) stays in L1/L2.
    static let kBlock = 1024

    /// Floats `forward` allocates for one call at this batch on a pool of `threads` (and frees before returning): the
    /// packed-GEMM path's packing buffers when batch > streamBatchMax, else 0. Needs no weights, so a caller can size
    /// memory before loading them.
    public static func workspaceCount(inFeatures: Int, outFeatures: Int, batch: Int, threads: Int,
                                      method: LinearMethod = .stream) -> Int {
        if method == .gemmRows {
            guard batch > 0, outFeatures > 0 else { return 0 }
            return RowGEMM.packedRowsCount(rows: batch, depth: inFeatures) + RowGEMM.resultCount(rows: batch, n: outFeatures)
        }
        guard batch > streamBatchMax, outFeatures > 0 else { return 0 }
        return GEMM.packingCount(m: batch, n: outFeatures, k: inFeatures, poolThreads: Parallelism(threads: threads).threads)
    }

    /// Reads batch x in, writes batch x out (buffer counts checked).
    public func forward(input: UnsafeBufferPointer<Float>, batch: Int, output: UnsafeMutableBufferPointer<Float>, relu: Bool,
                        pool: Parallelism) {
        let nIn = inFeatures, nOut = outFeatures
        precondition(batch >= 0, "LinearKernel.forward: negative batch \(batch)")
        precondition(input.count >= batch * nIn && output.count >= batch * nOut,
                     "LinearKernel.forward: buffers of \(input.count) and \(output.count) floats for batch \(batch), \(nIn) -> \(nOut)")
        let (input, output) = (input.base, output.base)
        let bp: UnsafePointer<Float>? = bias?.pointer
        if batch <= 0 || nOut == 0 { return }
        if let packed {
            forwardRows(packed, input: input, batch: batch, output: output, bias: bp, relu: relu, pool: pool)
            return
        }
        let w = weights!.pointer
        if batch > LinearKernel.streamBatchMax {
            GEMM.gemm(m: batch, n: nOut, k: nIn, a: MatrixView(input, rs: nIn, cs: 1), b: MatrixView(w, rs: 1, cs: nIn),
                      c: output, ldc: nOut, accumulate: false, isa: isa, pool: pool)
            for b in 0..<batch {
                let row = output + b * nOut
                if let bp { for o in 0..<nOut { row[o] += bp[o] } }
                if relu { Pooling.relu(row, count: nOut) }
            }
            return
        }
        // W is streamed from memory exactly once per call; rows are split across threads in contiguous
        // chunks of whole row units, handed out dynamically (a noisy core takes fewer chunks).
        let tp = Double(nIn) * Double(nOut) < 65536 ? Parallelism(threads: 1) : pool
        let unit = LinearKernel.rowUnit
        let units = ceilDiv(nOut, unit)
        let tasks = min(units, tp.threads * 16)
        tp.parallelFor(tasks) { t in
            let o0 = min(nOut, (t * units / tasks) * unit), o1 = min(nOut, ((t + 1) * units / tasks) * unit)
            if batch == 1 {
                LinearKernel.gemvRows(w, nIn, input, bp, output, o0, o1, relu)
            } else {
                LinearKernel.streamRows(w, nIn, nOut, input, batch, bp, output, o0, o1, relu)
            }
        }
    }

    /// .gemmRows: the batch rows packed into RowGEMM's A, times the packed W^T, then bias and ReLU into batch x out.
    private func forwardRows(_ packed: PackedColumns, input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>,
                             bias: UnsafePointer<Float>?, relu: Bool, pool: Parallelism) {
        let nIn = inFeatures, nOut = outFeatures
        let aCount = RowGEMM.packedRowsCount(rows: batch, depth: nIn)
        let ws = alignedFloats(LinearKernel.workspaceCount(inFeatures: nIn, outFeatures: nOut, batch: batch, threads: pool.threads,
                                                           method: .gemmRows))
        defer { ws.deallocate() }
        RowGEMM.packRows(input, rows: batch, depth: nIn, into: ws, pool: pool)
        let c = ws + aCount, ldc = packed.panels * 16
        RowGEMM.multiply(rows: batch, a: ws, b: packed, c: c, isa: isa, pool: pool) { c0, c1 in
            for r in 0..<batch {
                let src = c + r * ldc, dst = output + r * nOut
                for o in c0..<c1 {
                    let v = src[o] + (bias?[o] ?? 0)
                    dst[o] = relu ? max(v, 0) : v
                }
            }
        }
    }

    /// Batch 1, rows o0..<o1: eight W rows at a time (see dotRows8), then four (two accumulators each), then one.
    static func gemvRows(_ w: UnsafePointer<Float>, _ nIn: Int, _ x: UnsafePointer<Float>, _ bp: UnsafePointer<Float>?,
                         _ y: UnsafeMutablePointer<Float>, _ o0: Int, _ o1: Int, _ relu: Bool) {
        @inline(__always) func store(_ s: Float, _ o: Int) {
            let v = s + (bp?[o] ?? 0)
            y[o] = relu ? max(v, 0) : v
        }
        var o = o0
        while o &+ 8 <= o1 {
            let s = dotRows8(w + o &* nIn, nIn, x)
            for r in 0..<8 { store(s[r], o &+ r) }
            o &+= 8
        }
        while o &+ 4 <= o1 {
            let s = dotRows4(w + o &* nIn, nIn, x)
            for r in 0..<4 { store(s[r], o &+ r) }
            o &+= 4
        }
        while o < o1 {
            store(dot(w + o &* nIn, x, nIn), o)
            o &+= 1
        }
    }

    /// Batch 2...streamBatchMax, rows o0..<o1: a small GEMM that reads each W element from memory once.
    /// Tiles of 3 W rows x up to 4 inputs keep 12 SIMD8 accumulators in registers (7 loads per 12 FMAs).
    /// `in` is walked in blocks of kBlock: within a block the 3-row W segment is loaded from memory by the
    /// first batch group and from L1 by the others. Per-tile vector partial sums live in a small stack
    /// buffer across blocks and are reduced once per row; the in % 8 tail is added in scalar.
    /// From batch 5 up this is not at the bandwidth bound: the later groups' L1 passes do not overlap the stream
    /// (figures and what was tried: docs/tuning.md).
    static func streamRows(_ w: UnsafePointer<Float>, _ nIn: Int, _ nOut: Int, _ x: UnsafePointer<Float>, _ batch: Int,
                           _ bp: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>, _ o0: Int, _ o1: Int, _ relu: Bool) {
        let nVec = nIn & ~7
        withUnsafeTemporaryAllocation(of: V8.self, capacity: 3 * streamBatchMax) { accBuf in
            let acc = accBuf.baseAddress!
            var o = o0
            while o < o1 {
                let rows = min(3, o1 &- o)
                // A short last tile (the final 1-2 rows of W) repeats its last row; the extra sums are unused.
                let w0 = w + o &* nIn
                let w1 = rows > 1 ? w0 + nIn : w0, w2 = rows > 2 ? w1 + nIn : w1
                acc.initialize(repeating: V8(), count: 3 &* batch)
                var k0 = 0
                while k0 < nVec {
                    let kl = min(kBlock, nVec &- k0)
                    var b0 = 0
                    while b0 < batch {
                        // Groups of 4 inputs; batch 5-7 split 3+2, 3+3, 4+3 rather than leaving a group of 1.
                        let left = batch &- b0
                        let cols = left == 5 || left == 6 ? 3 : min(4, left)
                        let xb = x + (b0 &* nIn &+ k0)
                        let a = acc + b0
                        switch cols {
                        case 4: tile3x4(w0 + k0, w1 + k0, w2 + k0, xb, nIn, kl, a, batch)
                        case 3: tile3x3(w0 + k0, w1 + k0, w2 + k0, xb, nIn, kl, a, batch)
                        case 2: tile3x2(w0 + k0, w1 + k0, w2 + k0, xb, nIn, kl, a, batch)
                        default: tile3x1(w0 + k0, w1 + k0, w2 + k0, xb, nIn, kl, a, batch)
                        }
                        b0 &+= cols
                    }
                    k0 &+= kl
                }
                for r in 0..<rows {
                    let wr = w0 + r &* nIn
                    let bo = bp?[o &+ r] ?? 0
                    for b in 0..<batch {
                        var s = acc[r &* batch &+ b].sum()
                        let xr = x + b &* nIn
                        var i = nVec
                        while i < nIn { s += wr[i] * xr[i]; i &+= 1 }
                        var v = s + bo
                        if relu { v = max(v, 0) }
                        y[b &* nOut &+ o &+ r] = v
                    }
                }
                o &+= rows
            }
        }
    }

    typealias V8 = SIMD8<Float>

    // One specialisation per input-group width (the compiler does not reliably inline four copies of `tile`).
    @inline(never) static func tile3x4(_ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ w2: UnsafePointer<Float>,
                                       _ x: UnsafePointer<Float>, _ ldx: Int, _ n: Int, _ acc: UnsafeMutablePointer<V8>, _ ldAcc: Int) {
        tile(4, w0, w1, w2, x, ldx, n, acc, ldAcc)
    }
    @inline(never) static func tile3x3(_ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ w2: UnsafePointer<Float>,
                                       _ x: UnsafePointer<Float>, _ ldx: Int, _ n: Int, _ acc: UnsafeMutablePointer<V8>, _ ldAcc: Int) {
        tile(3, w0, w1, w2, x, ldx, n, acc, ldAcc)
    }
    @inline(never) static func tile3x2(_ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ w2: UnsafePointer<Float>,
                                       _ x: UnsafePointer<Float>, _ ldx: Int, _ n: Int, _ acc: UnsafeMutablePointer<V8>, _ ldAcc: Int) {
        tile(2, w0, w1, w2, x, ldx, n, acc, ldAcc)
    }
    @inline(never) static func tile3x1(_ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ w2: UnsafePointer<Float>,
                                       _ x: UnsafePointer<Float>, _ ldx: Int, _ n: Int, _ acc: UnsafeMutablePointer<V8>, _ ldAcc: Int) {
        tile(1, w0, w1, w2, x, ldx, n, acc, ldAcc)
    }

    /// acc[r*ldAcc + c] += Wr[0..<n] * X[c][0..<n] lane-wise (n a multiple of 8), for the rows W0, W1, W2 and
    /// c < cols, X[c] = x + c*ldx. 12 accumulators + 3 W + 1 X = all 16 ymm registers at cols 4.
    @inline(__always)
    static func tile(_ cols: Int, _ w0: UnsafePointer<Float>, _ w1: UnsafePointer<Float>, _ w2: UnsafePointer<Float>,
                     _ x: UnsafePointer<Float>, _ ldx: Int, _ n: Int, _ acc: UnsafeMutablePointer<V8>, _ ldAcc: Int) {
        let rw0 = UnsafeRawPointer(w0), rw1 = UnsafeRawPointer(w1), rw2 = UnsafeRawPointer(w2)
        let rx0 = UnsafeRawPointer(x), rx1 = UnsafeRawPointer(x + (cols > 1 ? ldx : 0))
        let rx2 = UnsafeRawPointer(x + (cols > 2 ? 2 &* ldx : 0)), rx3 = UnsafeRawPointer(x + (cols > 3 ? 3 &* ldx : 0))
        let p0 = acc, p1 = acc + ldAcc, p2 = acc + 2 &* ldAcc
        var a00 = p0[0], a01 = cols > 1 ? p0[1] : V8(), a02 = cols > 2 ? p0[2] : V8(), a03 = cols > 3 ? p0[3] : V8()
        var a10 = V8(), a11 = V8(), a12 = V8(), a13 = V8(), a20 = V8(), a21 = V8(), a22 = V8(), a23 = V8()
        do {
            a10 = p1[0]
            if cols > 1 { a11 = p1[1] }
            if cols > 2 { a12 = p1[2] }
            if cols > 3 { a13 = p1[3] }
        }
        do {
            a20 = p2[0]
            if cols > 1 { a21 = p2[1] }
            if cols > 2 { a22 = p2[2] }
            if cols > 3 { a23 = p2[3] }
        }
        var off = 0
        let end = n &* 4
        while off < end {
            let w0 = rw0.loadUnaligned(fromByteOffset: off, as: V8.self)
            let w1 = rw1.loadUnaligned(fromByteOffset: off, as: V8.self)
            let w2 = rw2.loadUnaligned(fromByteOffset: off, as: V8.self)
            let x0 = rx0.loadUnaligned(fromByteOffset: off, as: V8.self)
            a00 = a00.addingProduct(w0, x0)
            a10 = a10.addingProduct(w1, x0)
            a20 = a20.addingProduct(w2, x0)
            if cols > 1 {
                let x1 = rx1.loadUnaligned(fromByteOffset: off, as: V8.self)
                a01 = a01.addingProduct(w0, x1)
                a11 = a11.addingProduct(w1, x1)
                a21 = a21.addingProduct(w2, x1)
            }
            if cols > 2 {
                let x2 = rx2.loadUnaligned(fromByteOffset: off, as: V8.self)
                a02 = a02.addingProduct(w0, x2)
                a12 = a12.addingProduct(w1, x2)
                a22 = a22.addingProduct(w2, x2)
            }
            if cols > 3 {
                let x3 = rx3.loadUnaligned(fromByteOffset: off, as: V8.self)
                a03 = a03.addingProduct(w0, x3)
                a13 = a13.addingProduct(w1, x3)
                a23 = a23.addingProduct(w2, x3)
            }
            off &+= 32
        }
        p0[0] = a00
        if cols > 1 { p0[1] = a01 }
        if cols > 2 { p0[2] = a02 }
        if cols > 3 { p0[3] = a03 }
        do {
            p1[0] = a10
            if cols > 1 { p1[1] = a11 }
            if cols > 2 { p1[2] = a12 }
            if cols > 3 { p1[3] = a13 }
        }
        do {
            p2[0] = a20
            if cols > 1 { p2[1] = a21 }
            if cols > 2 { p2[2] = a22 }
            if cols > 3 { p2[3] = a23 }
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        typealias V = SIMD8<Float>
        var s0 = V(), s1 = V(), s2 = V(), s3 = V()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i &+ 32 <= n {
            let o = i &* 4
            s0 = s0.addingProduct(ra.loadUnaligned(fromByteOffset: o, as: V.self), rb.loadUnaligned(fromByteOffset: o, as: V.self))
            s1 = s1.addingProduct(ra.loadUnaligned(fromByteOffset: o &+ 32, as: V.self), rb.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            s2 = s2.addingProduct(ra.loadUnaligned(fromByteOffset: o &+ 64, as: V.self), rb.loadUnaligned(fromByteOffset: o &+ 64, as: V.self))
            s3 = s3.addingProduct(ra.loadUnaligned(fromByteOffset: o &+ 96, as: V.self), rb.loadUnaligned(fromByteOffset: o &+ 96, as: V.self))
            i &+= 32
        }
        while i &+ 8 <= n {
            let o = i &* 4
            s0 = s0.addingProduct(ra.loadUnaligned(fromByteOffset: o, as: V.self), rb.loadUnaligned(fromByteOffset: o, as: V.self))
            i &+= 8
        }
        var s = ((s0 + s1) + (s2 + s3)).sum()
        while i < n { s += a[i] * b[i]; i &+= 1 }
        return s
    }

    /// Dots of four consecutive W rows (stride ld) with one input.
    @inline(__always)
    static func dotRows4(_ w: UnsafePointer<Float>, _ ld: Int, _ x: UnsafePointer<Float>) -> SIMD4<Float> {
        typealias V = SIMD8<Float>
        var a0 = V(), a1 = V(), a2 = V(), a3 = V(), b0 = V(), b1 = V(), b2 = V(), b3 = V()
        let r0 = UnsafeRawPointer(w), r1 = UnsafeRawPointer(w + ld), r2 = UnsafeRawPointer(w + 2 &* ld), r3 = UnsafeRawPointer(w + 3 &* ld)
        let rx = UnsafeRawPointer(x)
        var i = 0
        while i &+ 16 <= ld {
            let o = i &* 4
            let xa = rx.loadUnaligned(fromByteOffset: o, as: V.self), xb = rx.loadUnaligned(fromByteOffset: o &+ 32, as: V.self)
            a0 = a0.addingProduct(xa, r0.loadUnaligned(fromByteOffset: o, as: V.self))
            b0 = b0.addingProduct(xb, r0.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            a1 = a1.addingProduct(xa, r1.loadUnaligned(fromByteOffset: o, as: V.self))
            b1 = b1.addingProduct(xb, r1.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            a2 = a2.addingProduct(xa, r2.loadUnaligned(fromByteOffset: o, as: V.self))
            b2 = b2.addingProduct(xb, r2.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            a3 = a3.addingProduct(xa, r3.loadUnaligned(fromByteOffset: o, as: V.self))
            b3 = b3.addingProduct(xb, r3.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            i &+= 16
        }
        var s = SIMD4<Float>((a0 + b0).sum(), (a1 + b1).sum(), (a2 + b2).sum(), (a3 + b3).sum())
        while i < ld {
            let xv = x[i]
            s += SIMD4(w[i] * xv, w[ld &+ i] * xv, w[2 &* ld &+ i] * xv, w[3 &* ld &+ i] * xv)
            i &+= 1
        }
        return s
    }

    /// Batch 1 streams W eight rows at a time (eight memory streams, x loaded once per 8 floats for all of them), then
    /// four, then one: more misses in flight than four rows (5-10% less time, docs/tuning.md).
    static func dotRows8(_ w: UnsafePointer<Float>, _ ld: Int, _ x: UnsafePointer<Float>) -> SIMD8<Float> {
        typealias V = SIMD8<Float>
        var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V(), a6 = V(), a7 = V()
        let r = UnsafeRawPointer(w), st = ld &* 4
        let rx = UnsafeRawPointer(x)
        var i = 0
        while i &+ 8 <= ld {
            let o = i &* 4
            let xa = rx.loadUnaligned(fromByteOffset: o, as: V.self)
            a0 = a0.addingProduct(xa, r.loadUnaligned(fromByteOffset: o, as: V.self))
            a1 = a1.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ st, as: V.self))
            a2 = a2.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ 2 &* st, as: V.self))
            a3 = a3.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ 3 &* st, as: V.self))
            a4 = a4.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ 4 &* st, as: V.self))
            a5 = a5.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ 5 &* st, as: V.self))
            a6 = a6.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ 6 &* st, as: V.self))
            a7 = a7.addingProduct(xa, r.loadUnaligned(fromByteOffset: o &+ 7 &* st, as: V.self))
            i &+= 8
        }
        var s = SIMD8<Float>(a0.sum(), a1.sum(), a2.sum(), a3.sum(), a4.sum(), a5.sum(), a6.sum(), a7.sum())
        while i < ld {
            let xv = x[i]
            for k in 0..<8 { s[k] += w[k &* ld &+ i] * xv }
            i &+= 1
        }
        return s
    }
}
