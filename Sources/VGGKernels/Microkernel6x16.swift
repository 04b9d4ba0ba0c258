// Microkernel6x16: C[6][16] (+)= Apanel * Bpanel over kc steps, with an optional per-row bias and ReLU.
// Apanel: kc x 6 floats (p-major: a[p*6 + i]), Bpanel: kc x 16 floats (b[p*16 + j]); both packed, any
// alignment. C is row-major with row stride ldc. 12 ymm accumulators + 2 B vectors + 1 broadcast = 15 of
// 16 ymm registers. Edge tiles (rows < 6 or cols < 16) are computed in full (packed panels are zero
// padded) and only the valid rows/cols are read from / written to C. Bias/ReLU are applied after the
// accumulation (call with them only on the last K block). `tile` routes tiles of <= 8 columns to the
// 6x8 half kernel (same packed B panel, left half only).

@usableFromInline
enum Microkernel6x16 {
    static let mr = 6
    static let nr = 16

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
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
        if rows == 6 && cols == 16 {
            store(c, ldc, accumulate, bias, 0, relu, c00, c01)
            store(c + ldc, ldc, accumulate, bias, 1, relu, c10, c11)
            store(c + 2 &* ldc, ldc, accumulate, bias, 2, relu, c20, c21)
            store(c + 3 &* ldc, ldc, accumulate, bias, 3, relu, c30, c31)
            store(c + 4 &* ldc, ldc, accumulate, bias, 4, relu, c40, c41)
            store(c + 5 &* ldc, ldc, accumulate, bias, 5, relu, c50, c51)
            return
        }
        // Edge tile: spill to a stack tile, then copy the valid part.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 96) { tbuf in
            let t = UnsafeMutableRawPointer(tbuf.baseAddress!)
            t.storeBytes(of: c00, toByteOffset: 0, as: V.self); t.storeBytes(of: c01, toByteOffset: 32, as: V.self)
            t.storeBytes(of: c10, toByteOffset: 64, as: V.self); t.storeBytes(of: c11, toByteOffset: 96, as: V.self)
            t.storeBytes(of: c20, toByteOffset: 128, as: V.self); t.storeBytes(of: c21, toByteOffset: 160, as: V.self)
            t.storeBytes(of: c30, toByteOffset: 192, as: V.self); t.storeBytes(of: c31, toByteOffset: 224, as: V.self)
            t.storeBytes(of: c40, toByteOffset: 256, as: V.self); t.storeBytes(of: c41, toByteOffset: 288, as: V.self)
            t.storeBytes(of: c50, toByteOffset: 320, as: V.self); t.storeBytes(of: c51, toByteOffset: 352, as: V.self)
            let tf = tbuf.baseAddress!
            for i in 0..<rows {
                let row = c + i * ldc
                let bi: Float = bias.map { $0[i] } ?? 0
                for j in 0..<cols {
                    var v = tf[i * 16 + j] + bi
                    if accumulate { v += row[j] }
                    if relu { v = max(v, 0) }
                    row[j] = v
                }
            }
        }
    }

    /// Same contract for a tile with cols <= 8: uses only the left half of the 16-wide B panel, so a last
    /// panel holding a few columns costs half (6 accumulators, 6 FMAs per k step).
    @inline(never)
    static func runHalf(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                        c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
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
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 48) { tbuf in
            let t = UnsafeMutableRawPointer(tbuf.baseAddress!)
            t.storeBytes(of: c0, toByteOffset: 0, as: V.self); t.storeBytes(of: c1, toByteOffset: 32, as: V.self)
            t.storeBytes(of: c2, toByteOffset: 64, as: V.self); t.storeBytes(of: c3, toByteOffset: 96, as: V.self)
            t.storeBytes(of: c4, toByteOffset: 128, as: V.self); t.storeBytes(of: c5, toByteOffset: 160, as: V.self)
            let tf = tbuf.baseAddress!
            for i in 0..<rows {
                let row = c + i &* ldc
                let bi: Float = bias.map { $0[i] } ?? 0
                for j in 0..<cols {
                    var v = tf[i &* 8 &+ j] + bi
                    if accumulate { v += row[j] }
                    if relu { v = max(v, 0) }
                    row[j] = v
                }
            }
        }
    }

    /// Dispatch on the tile width: half kernel for a narrow last panel.
    @inline(__always)
    static func tile(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                     accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        if cols <= 8 {
            runHalf(kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, cols: cols, accumulate: accumulate, bias: bias, relu: relu)
        } else {
            run(kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, cols: cols, accumulate: accumulate, bias: bias, relu: relu)
        }
    }

    @inline(__always)
    static func store(_ row: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool, _ bias: UnsafePointer<Float>?,
                      _ i: Int, _ relu: Bool, _ v0: SIMD8<Float>, _ v1: SIMD8<Float>) {
        var x0 = v0, x1 = v1
        let r = UnsafeMutableRawPointer(row)
        if accumulate {
            x0 += r.loadUnaligned(as: SIMD8<Float>.self)
            x1 += r.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        }
        if let bias {
            let bv = SIMD8<Float>(repeating: bias[i])
            x0 += bv; x1 += bv
        }
        if relu {
            let z = SIMD8<Float>()
            x0 = x0.replacing(with: z, where: x0 .< z)
            x1 = x1.replacing(with: z, where: x1 .< z)
        }
        r.storeBytes(of: x0, as: SIMD8<Float>.self)
        r.storeBytes(of: x1, toByteOffset: 32, as: SIMD8<Float>.self)
    }
}
