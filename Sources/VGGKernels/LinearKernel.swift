// LinearKernel: y[b][o] = sum_i W[o][i] * x[b][i] + bias[o] (+ ReLU). W is [out][in] row-major (PyTorch),
// held by reference, never copied (VGG's FC weights are ~400 MB).
// batch <= 8: GEMV that streams W from memory once per call, rows split across threads; each W row is
// dotted with the inputs 4 at a time while it sits in L1/L2 (memory bound: the goal is streaming bandwidth).
// batch > 8: packed GEMM with B = W^T read through a strided view (no transposed copy), then bias/ReLU.

public final class LinearKernel: @unchecked Sendable {
    public let weights: Tensor
    public let bias: Tensor?
    public let inFeatures: Int
    public let outFeatures: Int

    public init(weights: Tensor, bias: Tensor?, inFeatures: Int, outFeatures: Int) {
        let (n, o) = inFeatures.multipliedReportingOverflow(by: outFeatures)
        precondition(!o && weights.count >= n, "LinearKernel: weights hold \(weights.count) floats, need \(outFeatures)x\(inFeatures)")
        precondition(bias == nil || bias!.count >= outFeatures, "LinearKernel: bias too short")
        self.weights = weights
        self.bias = bias
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    public func forward(input: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>, relu: Bool, pool: ThreadPool) {
        let nIn = inFeatures, nOut = outFeatures
        let w = UnsafePointer(weights.data)
        let bp: UnsafePointer<Float>? = bias.map { UnsafePointer($0.data) }
        if batch <= 0 || nOut == 0 { return }
        if batch > 8 {
            GEMM.gemm(m: batch, n: nOut, k: nIn, a: MatrixView(input, rs: nIn, cs: 1), b: MatrixView(w, rs: 1, cs: nIn),
                      c: output, ldc: nOut, accumulate: false, pool: pool)
            for b in 0..<batch {
                let row = output + b * nOut
                if let bp { for o in 0..<nOut { row[o] += bp[o] } }
                if relu { Pooling.relu(row, count: nOut) }
            }
            return
        }
        let tp = Double(nIn) * Double(nOut) < 65536 ? ThreadPool(threads: 1) : pool
        let tasks = min(nOut, tp.threads * 16)
        tp.parallelFor(tasks) { t in
            let o0 = t * nOut / tasks, o1 = (t + 1) * nOut / tasks
            var o = o0
            if batch == 1 {
                // Four W rows at once: four independent memory streams keep more misses in flight.
                while o + 4 <= o1 {
                    let s = LinearKernel.dotRows4(w + o &* nIn, nIn, input)
                    for r in 0..<4 {
                        var v = s[r] + (bp?[o + r] ?? 0)
                        if relu { v = max(v, 0) }
                        output[o + r] = v
                    }
                    o += 4
                }
            }
            for o in o..<o1 {
                let wr = w + o &* nIn
                let bo = bp?[o] ?? 0
                if batch == 1 {
                    var s = LinearKernel.dot(wr, input, nIn) + bo
                    if relu { s = max(s, 0) }
                    output[o] = s
                } else {
                    var b0 = 0
                    while b0 < batch {
                        // Groups of 4 inputs; a short last group repeats its first input (result discarded).
                        let n = min(4, batch - b0)
                        let x0 = input + b0 &* nIn
                        let x1 = x0 + (n > 1 ? nIn : 0), x2 = x0 + (n > 2 ? 2 &* nIn : 0), x3 = x0 + (n > 3 ? 3 &* nIn : 0)
                        let s = LinearKernel.dot4(wr, x0, x1, x2, x3, nIn)
                        for b in 0..<n {
                            var v = s[b] + bo
                            if relu { v = max(v, 0) }
                            output[(b0 &+ b) &* nOut &+ o] = v
                        }
                        b0 += 4
                    }
                }
            }
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

    /// Dot of one W row with four inputs (duplicates allowed), reading the W row once.
    @inline(__always)
    static func dot4(_ w: UnsafePointer<Float>, _ x0: UnsafePointer<Float>, _ x1: UnsafePointer<Float>,
                     _ x2: UnsafePointer<Float>, _ x3: UnsafePointer<Float>, _ n: Int) -> SIMD4<Float> {
        typealias V = SIMD8<Float>
        var a0 = V(), a1 = V(), a2 = V(), a3 = V(), b0 = V(), b1 = V(), b2 = V(), b3 = V()
        let rw = UnsafeRawPointer(w)
        let r0 = UnsafeRawPointer(x0), r1 = UnsafeRawPointer(x1), r2 = UnsafeRawPointer(x2), r3 = UnsafeRawPointer(x3)
        var i = 0
        while i &+ 16 <= n {
            let o = i &* 4
            let wa = rw.loadUnaligned(fromByteOffset: o, as: V.self), wb = rw.loadUnaligned(fromByteOffset: o &+ 32, as: V.self)
            a0 = a0.addingProduct(wa, r0.loadUnaligned(fromByteOffset: o, as: V.self))
            b0 = b0.addingProduct(wb, r0.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            a1 = a1.addingProduct(wa, r1.loadUnaligned(fromByteOffset: o, as: V.self))
            b1 = b1.addingProduct(wb, r1.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            a2 = a2.addingProduct(wa, r2.loadUnaligned(fromByteOffset: o, as: V.self))
            b2 = b2.addingProduct(wb, r2.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            a3 = a3.addingProduct(wa, r3.loadUnaligned(fromByteOffset: o, as: V.self))
            b3 = b3.addingProduct(wb, r3.loadUnaligned(fromByteOffset: o &+ 32, as: V.self))
            i &+= 16
        }
        var s = SIMD4<Float>((a0 + b0).sum(), (a1 + b1).sum(), (a2 + b2).sum(), (a3 + b3).sum())
        while i < n {
            let wv = w[i]
            s += SIMD4(wv * x0[i], wv * x1[i], wv * x2[i], wv * x3[i])
            i &+= 1
        }
        return s
    }
}
