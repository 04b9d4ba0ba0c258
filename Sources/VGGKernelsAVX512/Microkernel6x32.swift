// Microkernel6x32: AVX-512 micro-kernels over VGGKernels' packed layout (built with -target-cpu skylake-avx512,
// so they must only be called after a runtime check that the CPU has AVX-512 F/CD/BW/DQ/VL: VGGKernels' KernelISA).
// A: one MR=6 panel, kc x 6 floats (a[p*6 + i]). B: NR=16 panels, kc x 16 floats (b[p*16 + j]); `run32` takes two
// adjacent panels (b0, b1: the second is normally b0 + kc*16) and computes C[6][32] (C row i = c + i*ldc, columns
// 0..<16 from b0, 16..<32 from b1). 12 zmm accumulators + 2 B vectors + 1 broadcast = 15 of 32 zmm; per k step
// 2 B loads, 6 broadcasts, 12 FMAs. `run16` is the 6x16 zmm variant (6 accumulators) for an odd last full panel;
// `run12x32` and `run12x16` take two A panels (24 / 12 accumulators; C rows 6..<12 at c1) for the Winograd products.
// Epilogue of run32/run16 as Microkernel6x16.run: C = acc (+ C if accumulate) (+ bias[i] per row) (ReLU: x < 0 -> 0);
// the 12-row kernels only accumulate (no bias/ReLU). Full tiles only: edge tiles are the caller's (TileRow).
// Not @inlinable on purpose: the bodies must stay in this module, compiled for AVX-512.

#if arch(x86_64)

public enum Microkernel6x32 {
    @inline(never)
    public static func run32(kc: Int, a: UnsafePointer<Float>, b0: UnsafePointer<Float>, b1: UnsafePointer<Float>,
                             c: UnsafeMutablePointer<Float>, ldc: Int,
                             accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        typealias V = SIMD16<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a
        var pb0 = UnsafeRawPointer(b0)
        var pb1 = UnsafeRawPointer(b1)
        var p = 0
        while p < kc {
            let x0 = pb0.loadUnaligned(as: V.self)
            let x1 = pb1.loadUnaligned(as: V.self)
            var av = V(repeating: pa[0])
            c00 = c00.addingProduct(av, x0); c01 = c01.addingProduct(av, x1)
            av = V(repeating: pa[1])
            c10 = c10.addingProduct(av, x0); c11 = c11.addingProduct(av, x1)
            av = V(repeating: pa[2])
            c20 = c20.addingProduct(av, x0); c21 = c21.addingProduct(av, x1)
            av = V(repeating: pa[3])
            c30 = c30.addingProduct(av, x0); c31 = c31.addingProduct(av, x1)
            av = V(repeating: pa[4])
            c40 = c40.addingProduct(av, x0); c41 = c41.addingProduct(av, x1)
            av = V(repeating: pa[5])
            c50 = c50.addingProduct(av, x0); c51 = c51.addingProduct(av, x1)
            pa += 6
            pb0 += 64
            pb1 += 64
            p &+= 1
        }
        let r0 = UnsafeMutableRawPointer(c), r1 = UnsafeMutableRawPointer(c + ldc)
        let r2 = UnsafeMutableRawPointer(c + 2 &* ldc), r3 = UnsafeMutableRawPointer(c + 3 &* ldc)
        let r4 = UnsafeMutableRawPointer(c + 4 &* ldc), r5 = UnsafeMutableRawPointer(c + 5 &* ldc)
        if accumulate {
            c00 += r0.loadUnaligned(as: V.self); c01 += r0.loadUnaligned(fromByteOffset: 64, as: V.self)
            c10 += r1.loadUnaligned(as: V.self); c11 += r1.loadUnaligned(fromByteOffset: 64, as: V.self)
            c20 += r2.loadUnaligned(as: V.self); c21 += r2.loadUnaligned(fromByteOffset: 64, as: V.self)
            c30 += r3.loadUnaligned(as: V.self); c31 += r3.loadUnaligned(fromByteOffset: 64, as: V.self)
            c40 += r4.loadUnaligned(as: V.self); c41 += r4.loadUnaligned(fromByteOffset: 64, as: V.self)
            c50 += r5.loadUnaligned(as: V.self); c51 += r5.loadUnaligned(fromByteOffset: 64, as: V.self)
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
        r0.storeBytes(of: c00, as: V.self); r0.storeBytes(of: c01, toByteOffset: 64, as: V.self)
        r1.storeBytes(of: c10, as: V.self); r1.storeBytes(of: c11, toByteOffset: 64, as: V.self)
        r2.storeBytes(of: c20, as: V.self); r2.storeBytes(of: c21, toByteOffset: 64, as: V.self)
        r3.storeBytes(of: c30, as: V.self); r3.storeBytes(of: c31, toByteOffset: 64, as: V.self)
        r4.storeBytes(of: c40, as: V.self); r4.storeBytes(of: c41, toByteOffset: 64, as: V.self)
        r5.storeBytes(of: c50, as: V.self); r5.storeBytes(of: c51, toByteOffset: 64, as: V.self)
    }

    /// 12x16: two A panels (a0, a1) times one B panel, 12 zmm accumulators: a lone 16-column B panel of the Winograd
    /// multiply (the 14x14 maps' 16 tiles, a block's odd last panel). run16's 6 accumulators leave the FMA chains
    /// latency bound (6 in flight against 4-cycle latency x 2 ports); 12 cover it. C as run12x32; no bias/ReLU.
    @inline(never)
    public static func run12x16(kc: Int, a0: UnsafePointer<Float>, a1: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                c: UnsafeMutablePointer<Float>, c1: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        typealias V = SIMD16<Float>
        var c0 = V(), c1v = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var c6 = V(), c7 = V(), c8 = V(), c9 = V(), c10 = V(), c11 = V()
        var pa0 = a0, pa1 = a1
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let x = pb.loadUnaligned(as: V.self)
            c0 = c0.addingProduct(V(repeating: pa0[0]), x); c1v = c1v.addingProduct(V(repeating: pa0[1]), x)
            c2 = c2.addingProduct(V(repeating: pa0[2]), x); c3 = c3.addingProduct(V(repeating: pa0[3]), x)
            c4 = c4.addingProduct(V(repeating: pa0[4]), x); c5 = c5.addingProduct(V(repeating: pa0[5]), x)
            c6 = c6.addingProduct(V(repeating: pa1[0]), x); c7 = c7.addingProduct(V(repeating: pa1[1]), x)
            c8 = c8.addingProduct(V(repeating: pa1[2]), x); c9 = c9.addingProduct(V(repeating: pa1[3]), x)
            c10 = c10.addingProduct(V(repeating: pa1[4]), x); c11 = c11.addingProduct(V(repeating: pa1[5]), x)
            pa0 += 6
            pa1 += 6
            pb += 64
            p &+= 1
        }
        @inline(__always) func put(_ v: V, _ r: UnsafeMutableRawPointer) {
            r.storeBytes(of: accumulate ? v + r.loadUnaligned(as: V.self) : v, as: V.self)
        }
        put(c0, UnsafeMutableRawPointer(c)); put(c1v, UnsafeMutableRawPointer(c + ldc))
        put(c2, UnsafeMutableRawPointer(c + 2 &* ldc)); put(c3, UnsafeMutableRawPointer(c + 3 &* ldc))
        put(c4, UnsafeMutableRawPointer(c + 4 &* ldc)); put(c5, UnsafeMutableRawPointer(c + 5 &* ldc))
        put(c6, UnsafeMutableRawPointer(c1)); put(c7, UnsafeMutableRawPointer(c1 + ldc))
        put(c8, UnsafeMutableRawPointer(c1 + 2 &* ldc)); put(c9, UnsafeMutableRawPointer(c1 + 3 &* ldc))
        put(c10, UnsafeMutableRawPointer(c1 + 4 &* ldc)); put(c11, UnsafeMutableRawPointer(c1 + 5 &* ldc))
    }

    /// 12x32: two A panels (a0, a1: rows 0..<6 and 6..<12) times two B panels, 24 zmm accumulators + 2 B vectors +
    /// 1 broadcast. Per k step 2 B loads feed 24 FMAs (twice run32's), halving the B traffic from L2 per FMA: the
    /// Winograd products stream B (V) from L2, where run32's 2 loads per 12 FMAs came close to L2's bandwidth.
    /// C rows 0..<6 at c + i*ldc, rows 6..<12 at c1 + i*ldc. No bias/ReLU (the Winograd multiply needs none).
    @inline(never)
    public static func run12x32(kc: Int, a0: UnsafePointer<Float>, a1: UnsafePointer<Float>, b0: UnsafePointer<Float>,
                                b1: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, c1: UnsafeMutablePointer<Float>,
                                ldc: Int, accumulate: Bool) {
        typealias V = SIMD16<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var c60 = V(), c61 = V(), c70 = V(), c71 = V(), c80 = V(), c81 = V()
        var c90 = V(), c91 = V(), c100 = V(), c101 = V(), c110 = V(), c111 = V()
        var pa0 = a0, pa1 = a1
        var pb0 = UnsafeRawPointer(b0)
        var pb1 = UnsafeRawPointer(b1)
        var p = 0
        while p < kc {
            let x0 = pb0.loadUnaligned(as: V.self)
            let x1 = pb1.loadUnaligned(as: V.self)
            var av: V
            av = V(repeating: pa0[0]); c00 = c00.addingProduct(av, x0); c01 = c01.addingProduct(av, x1)
            av = V(repeating: pa0[1]); c10 = c10.addingProduct(av, x0); c11 = c11.addingProduct(av, x1)
            av = V(repeating: pa0[2]); c20 = c20.addingProduct(av, x0); c21 = c21.addingProduct(av, x1)
            av = V(repeating: pa0[3]); c30 = c30.addingProduct(av, x0); c31 = c31.addingProduct(av, x1)
            av = V(repeating: pa0[4]); c40 = c40.addingProduct(av, x0); c41 = c41.addingProduct(av, x1)
            av = V(repeating: pa0[5]); c50 = c50.addingProduct(av, x0); c51 = c51.addingProduct(av, x1)
            av = V(repeating: pa1[0]); c60 = c60.addingProduct(av, x0); c61 = c61.addingProduct(av, x1)
            av = V(repeating: pa1[1]); c70 = c70.addingProduct(av, x0); c71 = c71.addingProduct(av, x1)
            av = V(repeating: pa1[2]); c80 = c80.addingProduct(av, x0); c81 = c81.addingProduct(av, x1)
            av = V(repeating: pa1[3]); c90 = c90.addingProduct(av, x0); c91 = c91.addingProduct(av, x1)
            av = V(repeating: pa1[4]); c100 = c100.addingProduct(av, x0); c101 = c101.addingProduct(av, x1)
            av = V(repeating: pa1[5]); c110 = c110.addingProduct(av, x0); c111 = c111.addingProduct(av, x1)
            pa0 += 6
            pa1 += 6
            pb0 += 64
            pb1 += 64
            p &+= 1
        }
        let r0 = UnsafeMutableRawPointer(c)
        let r1 = UnsafeMutableRawPointer(c + ldc)
        let r2 = UnsafeMutableRawPointer(c + 2 &* ldc)
        let r3 = UnsafeMutableRawPointer(c + 3 &* ldc)
        let r4 = UnsafeMutableRawPointer(c + 4 &* ldc)
        let r5 = UnsafeMutableRawPointer(c + 5 &* ldc)
        let r6 = UnsafeMutableRawPointer(c1)
        let r7 = UnsafeMutableRawPointer(c1 + ldc)
        let r8 = UnsafeMutableRawPointer(c1 + 2 &* ldc)
        let r9 = UnsafeMutableRawPointer(c1 + 3 &* ldc)
        let r10 = UnsafeMutableRawPointer(c1 + 4 &* ldc)
        let r11 = UnsafeMutableRawPointer(c1 + 5 &* ldc)
        if accumulate {
            c00 += r0.loadUnaligned(as: V.self); c01 += r0.loadUnaligned(fromByteOffset: 64, as: V.self)
            c10 += r1.loadUnaligned(as: V.self); c11 += r1.loadUnaligned(fromByteOffset: 64, as: V.self)
            c20 += r2.loadUnaligned(as: V.self); c21 += r2.loadUnaligned(fromByteOffset: 64, as: V.self)
            c30 += r3.loadUnaligned(as: V.self); c31 += r3.loadUnaligned(fromByteOffset: 64, as: V.self)
            c40 += r4.loadUnaligned(as: V.self); c41 += r4.loadUnaligned(fromByteOffset: 64, as: V.self)
            c50 += r5.loadUnaligned(as: V.self); c51 += r5.loadUnaligned(fromByteOffset: 64, as: V.self)
            c60 += r6.loadUnaligned(as: V.self); c61 += r6.loadUnaligned(fromByteOffset: 64, as: V.self)
            c70 += r7.loadUnaligned(as: V.self); c71 += r7.loadUnaligned(fromByteOffset: 64, as: V.self)
            c80 += r8.loadUnaligned(as: V.self); c81 += r8.loadUnaligned(fromByteOffset: 64, as: V.self)
            c90 += r9.loadUnaligned(as: V.self); c91 += r9.loadUnaligned(fromByteOffset: 64, as: V.self)
            c100 += r10.loadUnaligned(as: V.self); c101 += r10.loadUnaligned(fromByteOffset: 64, as: V.self)
            c110 += r11.loadUnaligned(as: V.self); c111 += r11.loadUnaligned(fromByteOffset: 64, as: V.self)
        }
        r0.storeBytes(of: c00, as: V.self); r0.storeBytes(of: c01, toByteOffset: 64, as: V.self)
        r1.storeBytes(of: c10, as: V.self); r1.storeBytes(of: c11, toByteOffset: 64, as: V.self)
        r2.storeBytes(of: c20, as: V.self); r2.storeBytes(of: c21, toByteOffset: 64, as: V.self)
        r3.storeBytes(of: c30, as: V.self); r3.storeBytes(of: c31, toByteOffset: 64, as: V.self)
        r4.storeBytes(of: c40, as: V.self); r4.storeBytes(of: c41, toByteOffset: 64, as: V.self)
        r5.storeBytes(of: c50, as: V.self); r5.storeBytes(of: c51, toByteOffset: 64, as: V.self)
        r6.storeBytes(of: c60, as: V.self); r6.storeBytes(of: c61, toByteOffset: 64, as: V.self)
        r7.storeBytes(of: c70, as: V.self); r7.storeBytes(of: c71, toByteOffset: 64, as: V.self)
        r8.storeBytes(of: c80, as: V.self); r8.storeBytes(of: c81, toByteOffset: 64, as: V.self)
        r9.storeBytes(of: c90, as: V.self); r9.storeBytes(of: c91, toByteOffset: 64, as: V.self)
        r10.storeBytes(of: c100, as: V.self); r10.storeBytes(of: c101, toByteOffset: 64, as: V.self)
        r11.storeBytes(of: c110, as: V.self); r11.storeBytes(of: c111, toByteOffset: 64, as: V.self)
    }

    /// 6x16 with one zmm per row: a lone last full panel. Even and odd k steps go to separate accumulators (12 FMA
    /// chains, like run32; 6 would leave the FMA units waiting on latency), summed before the epilogue.
    @inline(never)
    public static func run16(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                             c: UnsafeMutablePointer<Float>, ldc: Int,
                             accumulate: Bool, bias: UnsafePointer<Float>?, relu: Bool) {
        typealias V = SIMD16<Float>
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var d0 = V(), d1 = V(), d2 = V(), d3 = V(), d4 = V(), d5 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p &+ 1 < kc {
            let x0 = pb.loadUnaligned(as: V.self)
            let x1 = pb.loadUnaligned(fromByteOffset: 64, as: V.self)
            c0 = c0.addingProduct(V(repeating: pa[0]), x0)
            c1 = c1.addingProduct(V(repeating: pa[1]), x0)
            c2 = c2.addingProduct(V(repeating: pa[2]), x0)
            c3 = c3.addingProduct(V(repeating: pa[3]), x0)
            c4 = c4.addingProduct(V(repeating: pa[4]), x0)
            c5 = c5.addingProduct(V(repeating: pa[5]), x0)
            d0 = d0.addingProduct(V(repeating: pa[6]), x1)
            d1 = d1.addingProduct(V(repeating: pa[7]), x1)
            d2 = d2.addingProduct(V(repeating: pa[8]), x1)
            d3 = d3.addingProduct(V(repeating: pa[9]), x1)
            d4 = d4.addingProduct(V(repeating: pa[10]), x1)
            d5 = d5.addingProduct(V(repeating: pa[11]), x1)
            pa += 12
            pb += 128
            p &+= 2
        }
        c0 += d0; c1 += d1; c2 += d2; c3 += d3; c4 += d4; c5 += d5
        while p < kc {
            let x0 = pb.loadUnaligned(as: V.self)
            c0 = c0.addingProduct(V(repeating: pa[0]), x0)
            c1 = c1.addingProduct(V(repeating: pa[1]), x0)
            c2 = c2.addingProduct(V(repeating: pa[2]), x0)
            c3 = c3.addingProduct(V(repeating: pa[3]), x0)
            c4 = c4.addingProduct(V(repeating: pa[4]), x0)
            c5 = c5.addingProduct(V(repeating: pa[5]), x0)
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

#endif
