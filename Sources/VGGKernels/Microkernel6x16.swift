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
        store2(c, accumulate, bias, 0, relu, c00, c01)
        store2(c + ldc, accumulate, bias, 1, relu, c10, c11)
        store2(c + 2 &* ldc, accumulate, bias, 2, relu, c20, c21)
        store2(c + 3 &* ldc, accumulate, bias, 3, relu, c30, c31)
        store2(c + 4 &* ldc, accumulate, bias, 4, relu, c40, c41)
        store2(c + 5 &* ldc, accumulate, bias, 5, relu, c50, c51)
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
        store1(c, accumulate, bias, 0, relu, c0)
        store1(c + ldc, accumulate, bias, 1, relu, c1)
        store1(c + 2 &* ldc, accumulate, bias, 2, relu, c2)
        store1(c + 3 &* ldc, accumulate, bias, 3, relu, c3)
        store1(c + 4 &* ldc, accumulate, bias, 4, relu, c4)
        store1(c + 5 &* ldc, accumulate, bias, 5, relu, c5)
    }

    @inline(__always)
    static func finish(_ x: SIMD8<Float>, _ r: UnsafeMutableRawPointer, _ off: Int, _ accumulate: Bool,
                       _ bias: UnsafePointer<Float>?, _ i: Int, _ relu: Bool) -> SIMD8<Float> {
        var v = x
        if accumulate { v += r.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self) }
        if let bias { v += SIMD8<Float>(repeating: bias[i]) }
        if relu { v = v.replacing(with: SIMD8<Float>(), where: v .< SIMD8<Float>()) }
        return v
    }

    @inline(__always)
    static func store2(_ row: UnsafeMutablePointer<Float>, _ accumulate: Bool, _ bias: UnsafePointer<Float>?,
                       _ i: Int, _ relu: Bool, _ v0: SIMD8<Float>, _ v1: SIMD8<Float>) {
        let r = UnsafeMutableRawPointer(row)
        r.storeBytes(of: finish(v0, r, 0, accumulate, bias, i, relu), as: SIMD8<Float>.self)
        r.storeBytes(of: finish(v1, r, 32, accumulate, bias, i, relu), toByteOffset: 32, as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store1(_ row: UnsafeMutablePointer<Float>, _ accumulate: Bool, _ bias: UnsafePointer<Float>?,
                       _ i: Int, _ relu: Bool, _ v0: SIMD8<Float>) {
        let r = UnsafeMutableRawPointer(row)
        r.storeBytes(of: finish(v0, r, 0, accumulate, bias, i, relu), as: SIMD8<Float>.self)
    }
}
