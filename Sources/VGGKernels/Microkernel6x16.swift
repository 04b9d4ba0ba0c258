// Microkernel6x16: C[6][16] (+)= Apanel * Bpanel over kc steps, then optional per-row bias and ReLU.
// Apanel: kc x 6 floats (p-major: a[p*6 + i]), Bpanel: kc x 16 floats (b[p*16 + j]); both packed, any
// alignment. C is row-major with row stride ldc. 12 ymm accumulators + 2 B vectors + 1 broadcast = 15 of
// 16 ymm registers. `run` (6x16) and `runHalf` (6x8, left half of the same 16-wide B panel) handle full
// tiles only and keep no stack frame; `tile` is the entry point: edge tiles (rows < 6, or cols not 8/16)
// are computed into a stack tile (packed panels are zero padded) and only the valid rows/cols are merged
// into C. Bias/ReLU are applied after the accumulation (pass them only with the last K block).

@usableFromInline
enum Microkernel6x16 {
    static let mr = 6
    static let nr = 16

    /// Entry point for any tile of rows <= 6, cols <= 16.
    @inline(__always)
    static func tile(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                     accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        if rows == 6 && cols == 16 {
            run(kc: kc, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, bias: bias, relu: relu)
        } else if rows == 6 && cols == 8 {
            runHalf(kc: kc, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate, bias: bias, relu: relu)
        } else {
            edge(kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, cols: cols, accumulate: accumulate, bias: bias, relu: relu)
        }
    }

    @inline(never)
    static func edge(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                     accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 96) { tbuf in
            let t = tbuf.baseAddress!
            if cols <= 8 {
                runHalf(kc: kc, a: a, b: b, c: t, ldc: 16, accumulate: false, bias: nil, relu: false)
            } else {
                run(kc: kc, a: a, b: b, c: t, ldc: 16, accumulate: false, bias: nil, relu: false)
            }
            for i in 0..<rows {
                let row = c + i &* ldc
                let bi: Float = bias.map { $0[i] } ?? 0
                for j in 0..<cols {
                    var v = t[i &* 16 &+ j] + bi
                    if accumulate { v += row[j] }
                    if relu { v = max(v, 0) }
                    row[j] = v
                }
            }
        }
    }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int,
                    accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: V.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
            var av = V(repeating: pa[0])
            c00 = c00.addingProduct(av, b0); c01 = c01.addingProduct(av, b1)
            av = V(repeating: pa[1])
            c10 = c10.addingProduct(av, b0); c11 = c11.addingProduct(av, b1)
            av = V(repeating: pa[2])
            c20 = c20.addingProduct(av, b0); c21 = c21.addingProduct(av, b1)
            av = V(repeating: pa[3])
            c30 = c30.addingProduct(av, b0); c31 = c31.addingProduct(av, b1)
            av = V(repeating: pa[4])
            c40 = c40.addingProduct(av, b0); c41 = c41.addingProduct(av, b1)
            av = V(repeating: pa[5])
            c50 = c50.addingProduct(av, b0); c51 = c51.addingProduct(av, b1)
            pa += 6
            pb += 64
            p &+= 1
        }
        // Epilogue written out (a helper marked @inline(__always) was still emitted as a call).
        let r0 = UnsafeMutableRawPointer(c), r1 = UnsafeMutableRawPointer(c + ldc)
        let r2 = UnsafeMutableRawPointer(c + 2 &* ldc), r3 = UnsafeMutableRawPointer(c + 3 &* ldc)
        let r4 = UnsafeMutableRawPointer(c + 4 &* ldc), r5 = UnsafeMutableRawPointer(c + 5 &* ldc)
        if accumulate {
            c00 += r0.loadUnaligned(as: V.self); c01 += r0.loadUnaligned(fromByteOffset: 32, as: V.self)
            c10 += r1.loadUnaligned(as: V.self); c11 += r1.loadUnaligned(fromByteOffset: 32, as: V.self)
            c20 += r2.loadUnaligned(as: V.self); c21 += r2.loadUnaligned(fromByteOffset: 32, as: V.self)
            c30 += r3.loadUnaligned(as: V.self); c31 += r3.loadUnaligned(fromByteOffset: 32, as: V.self)
            c40 += r4.loadUnaligned(as: V.self); c41 += r4.loadUnaligned(fromByteOffset: 32, as: V.self)
            c50 += r5.loadUnaligned(as: V.self); c51 += r5.loadUnaligned(fromByteOffset: 32, as: V.self)
        }
        if let bias {
            var bv = V(repeating: bias[0]); c00 += bv; c01 += bv
            bv = V(repeating: bias[1]); c10 += bv; c11 += bv
            bv = V(repeating: bias[2]); c20 += bv; c21 += bv
            bv = V(repeating: bias[3]); c30 += bv; c31 += bv
            bv = V(repeating: bias[4]); c40 += bv; c41 += bv
            bv = V(repeating: bias[5]); c50 += bv; c51 += bv
        }
        if relu {
            let z = V()
            c00 = c00.replacing(with: z, where: c00 .< z); c01 = c01.replacing(with: z, where: c01 .< z)
            c10 = c10.replacing(with: z, where: c10 .< z); c11 = c11.replacing(with: z, where: c11 .< z)
            c20 = c20.replacing(with: z, where: c20 .< z); c21 = c21.replacing(with: z, where: c21 .< z)
            c30 = c30.replacing(with: z, where: c30 .< z); c31 = c31.replacing(with: z, where: c31 .< z)
            c40 = c40.replacing(with: z, where: c40 .< z); c41 = c41.replacing(with: z, where: c41 .< z)
            c50 = c50.replacing(with: z, where: c50 .< z); c51 = c51.replacing(with: z, where: c51 .< z)
        }
        r0.storeBytes(of: c00, as: V.self); r0.storeBytes(of: c01, toByteOffset: 32, as: V.self)
        r1.storeBytes(of: c10, as: V.self); r1.storeBytes(of: c11, toByteOffset: 32, as: V.self)
        r2.storeBytes(of: c20, as: V.self); r2.storeBytes(of: c21, toByteOffset: 32, as: V.self)
        r3.storeBytes(of: c30, as: V.self); r3.storeBytes(of: c31, toByteOffset: 32, as: V.self)
        r4.storeBytes(of: c40, as: V.self); r4.storeBytes(of: c41, toByteOffset: 32, as: V.self)
        r5.storeBytes(of: c50, as: V.self); r5.storeBytes(of: c51, toByteOffset: 32, as: V.self)
    }

    /// 6x8: the left 8 columns of the 16-wide B panel (6 accumulators, 6 FMAs per k step), so a last panel
    /// holding a few columns costs about half.
    @inline(never)
    static func runHalf(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                        c: UnsafeMutablePointer<Float>, ldc: Int,
                        accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        typealias V = SIMD8<Float>
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: V.self)
            c0 = c0.addingProduct(V(repeating: pa[0]), b0)
            c1 = c1.addingProduct(V(repeating: pa[1]), b0)
            c2 = c2.addingProduct(V(repeating: pa[2]), b0)
            c3 = c3.addingProduct(V(repeating: pa[3]), b0)
            c4 = c4.addingProduct(V(repeating: pa[4]), b0)
            c5 = c5.addingProduct(V(repeating: pa[5]), b0)
            pa += 6
            pb += 64
            p &+= 1
        }
        let r0 = UnsafeMutableRawPointer(c), r1 = UnsafeMutableRawPointer(c + ldc)
        let r2 = UnsafeMutableRawPointer(c + 2 &* ldc), r3 = UnsafeMutableRawPointer(c + 3 &* ldc)
        let r4 = UnsafeMutableRawPointer(c + 4 &* ldc), r5 = UnsafeMutableRawPointer(c + 5 &* ldc)
        if accumulate {
            c0 += r0.loadUnaligned(as: V.self); c1 += r1.loadUnaligned(as: V.self); c2 += r2.loadUnaligned(as: V.self)
            c3 += r3.loadUnaligned(as: V.self); c4 += r4.loadUnaligned(as: V.self); c5 += r5.loadUnaligned(as: V.self)
        }
        if let bias {
            c0 += V(repeating: bias[0]); c1 += V(repeating: bias[1]); c2 += V(repeating: bias[2])
            c3 += V(repeating: bias[3]); c4 += V(repeating: bias[4]); c5 += V(repeating: bias[5])
        }
        if relu {
            let z = V()
            c0 = c0.replacing(with: z, where: c0 .< z); c1 = c1.replacing(with: z, where: c1 .< z)
            c2 = c2.replacing(with: z, where: c2 .< z); c3 = c3.replacing(with: z, where: c3 .< z)
            c4 = c4.replacing(with: z, where: c4 .< z); c5 = c5.replacing(with: z, where: c5 .< z)
        }
        r0.storeBytes(of: c0, as: V.self); r1.storeBytes(of: c1, as: V.self); r2.storeBytes(of: c2, as: V.self)
        r3.storeBytes(of: c3, as: V.self); r4.storeBytes(of: c4, as: V.self); r5.storeBytes(of: c5, as: V.self)
    }
}
