// WinogradInput16: the F(4x4,3x3) input transform on AVX-512, 16 tiles per zmm (one full packed-B panel row of V per
// tile element), for VGGKernels' WinogradConv. Same arithmetic, in the same order, as its SIMD8 path (bit-identical V).
// Per 16-tile group and channel, each of the 6 window rows is loaded for all 16 tiles at once: adjacent tiles start
// 4 floats apart, so 8 loads and 14 two-source permutes give the 6 columns (lane l = q[4l + c]). Groups are:
//   direct: 16 adjacent tiles of one tile row whose 6 x 68 window is inside the map: loads straight from the input;
//   strip:  the rest (borders, tile-row and image wraps, small maps). The block's rows are copied once per channel into
//           a zero-bordered strip; each run of adjacent tiles is loaded from it as if it filled all 16 lanes, and its
//           lanes are blended in (lanes past the last tile stay zero).
// Not @inlinable: compiled for AVX-512 in this module; call only after VGGKernels' KernelISA check.

#if arch(x86_64)

@_silgen_name("llvm.prefetch.p0")
func llvmPrefetch512(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)

public enum WinogradInput16 {
    typealias V = SIMD16<Float>

    /// Window geometry of the transform's tiles (tile t: image t / (tilesH*tilesW), then row-major tiles of 4x4 outputs;
    /// its 6x6 window starts at row 4*th - 1, column 4*tw - 1 of the image, zero outside).
    public struct Geometry {
        public let channels, height, width, tilesH, tilesW: Int
        public init(channels: Int, height: Int, width: Int, tilesH: Int, tilesW: Int) {
            self.channels = channels; self.height = height; self.width = width
            self.tilesH = tilesH; self.tilesW = tilesW
        }
    }

    /// V[e][ci][t - t0] for tiles t0 ..< t0+count and channels ci0 ..< ci1, in VGGKernels' packed-B layout: V[e] starts
    /// at v + e*vE; channel ci of K block k0 = ci/kc*kc (kcb = its size) and 16-tile panel j at
    /// k0*tPer + j*kcb*16 + (ci-k0)*16. Columns of the last panel past `count` are written as zeros.
    public static func transform(input: UnsafePointer<Float>, _ g: Geometry, ci0: Int, ci1: Int, t0: Int, count: Int,
                                 v: UnsafeMutablePointer<Float>, vE: Int, tPer: Int, kc: Int, prefetchPlanes: Int) {
        if count <= 0 || ci1 <= ci0 { return }
        let groups = (count + 15) / 16
        let plane = g.height * g.width
        let perImage = g.tilesH * g.tilesW
        // Padded, image-stacked coordinates: image b's padded row py (= image row py-1) is strip row b*ph + py.
        let ph = 4 * g.tilesH + 2, sw = 4 * g.tilesW + 2
        let runMax = 16
        let infoStride = 2 + 3 * runMax
        // Per group: [0] = mode (1 direct, 2 strip), [1] = direct: input offset of lane 0's window / strip: run count,
        // then per run (first lane, end lane, padded-stack offset of lane 0's window).
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: groups * infoStride) { infoP in
            let info = infoP.baseAddress!
            var yMin = Int.max, yMax = Int.min
            for gi in 0..<groups {
                let d = info + gi * infoStride
                let lanes = min(16, count - gi * 16)
                var runs = 0, gyMin = Int.max, gyMax = Int.min
                var l = 0
                while l < lanes {
                    let t = t0 + gi * 16 + l
                    let b = t / perImage, r = t - b * perImage
                    let th = r / g.tilesW, tw = r - th * g.tilesW
                    let n = min(lanes - l, g.tilesW - tw)
                    let y = b * ph + 4 * th
                    d[2 + 3 * runs] = l
                    d[3 + 3 * runs] = l + n
                    d[4 + 3 * runs] = y * sw + 4 * (tw - l)
                    gyMin = min(gyMin, y); gyMax = max(gyMax, y + 5)
                    if runs == 0 {
                        let y0 = 4 * th - 1, x0 = 4 * tw - 1
                        let direct = n == 16 && y0 >= 0 && y0 + 6 <= g.height && x0 >= 0 && x0 + 68 <= g.width
                        d[0] = direct ? 1 : 2
                        d[1] = b * g.channels * plane + y0 * g.width + x0
                    }
                    runs += 1
                    l += n
                }
                if d[0] == 2 {
                    d[1] = runs
                    yMin = min(yMin, gyMin); yMax = max(yMax, gyMax)
                }
            }
            let stripRows = yMin <= yMax ? yMax - yMin + 1 : 0
            let margin = 64
            let stripCount = stripRows > 0 ? stripRows * sw + 2 * margin : 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(stripCount, 1)) { stripP in
                withUnsafeTemporaryAllocation(of: V.self, capacity: 36) { bufP in
                    let strip = stripP.baseAddress!, buf = bufP.baseAddress!
                    let stripBase = strip + margin - (stripRows > 0 ? yMin * sw : 0)
                    if stripCount > 0 { strip.update(repeating: 0, count: stripCount) }
                    let eStride = vE &* 4
                    let iota = V(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
                    for ci in ci0..<ci1 {
                        if stripRows > 0 {
                            fillStrip(input, g, ci: ci, stripBase: stripBase, sw: sw, ph: ph, yMin: yMin, yMax: yMax,
                                      prefetch: prefetchPlanes > 0 && ci + prefetchPlanes < ci1 ? prefetchPlanes : 0)
                        }
                        let chan = input + ci &* plane
                        let kStart = ci / kc * kc, kcb = min(kc, g.channels - kStart)
                        let vci = v + (kStart &* tPer &+ (ci &- kStart) &* 16)
                        for gi in 0..<groups {
                            let d = info + gi &* infoStride
                            if d[0] == 1 {
                                let q = chan + d[1]
                                if prefetchPlanes > 0 && ci + prefetchPlanes < ci1 {
                                    let nq = UnsafeRawPointer(q + plane &* prefetchPlanes)
                                    for r in 0..<6 {
                                        let row = nq + r &* g.width &* 4
                                        llvmPrefetch512(row, 0, 3, 1); llvmPrefetch512(row + 64, 0, 3, 1)
                                        llvmPrefetch512(row + 128, 0, 3, 1); llvmPrefetch512(row + 192, 0, 3, 1)
                                        llvmPrefetch512(row + 268, 0, 3, 1)
                                    }
                                }
                                for r in 0..<6 { rowTransform(load6(q + r &* g.width), buf + r &* 6) }
                            } else {
                                let runs = d[1]
                                for r in 0..<6 {
                                    var x = (V(), V(), V(), V(), V(), V())
                                    for k in 0..<runs {
                                        let l0 = d[2 &+ 3 &* k], l1 = d[3 &+ 3 &* k]
                                        let y = load6(stripBase + (d[4 &+ 3 &* k] &+ r &* sw))
                                        if l0 == 0 && l1 == 16 { x = y; continue }
                                        let mask = (iota .>= V(repeating: Float(l0))) .& (iota .< V(repeating: Float(l1)))
                                        x.0.replace(with: y.0, where: mask); x.1.replace(with: y.1, where: mask)
                                        x.2.replace(with: y.2, where: mask); x.3.replace(with: y.3, where: mask)
                                        x.4.replace(with: y.4, where: mask); x.5.replace(with: y.5, where: mask)
                                    }
                                    rowTransform(x, buf + r &* 6)
                                }
                            }
                            let dst = UnsafeMutableRawPointer(vci + gi &* kcb &* 16)
                            for c in 0..<6 {
                                let y = input1D((buf[c], buf[6 &+ c], buf[12 &+ c], buf[18 &+ c], buf[24 &+ c], buf[30 &+ c]))
                                dst.storeBytes(of: y.0, toByteOffset: c &* eStride, as: V.self)
                                dst.storeBytes(of: y.1, toByteOffset: (6 &+ c) &* eStride, as: V.self)
                                dst.storeBytes(of: y.2, toByteOffset: (12 &+ c) &* eStride, as: V.self)
                                dst.storeBytes(of: y.3, toByteOffset: (18 &+ c) &* eStride, as: V.self)
                                dst.storeBytes(of: y.4, toByteOffset: (24 &+ c) &* eStride, as: V.self)
                                dst.storeBytes(of: y.5, toByteOffset: (30 &+ c) &* eStride, as: V.self)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies channel ci's image rows that fall in strip rows yMin...yMax into columns 1...width of their strip rows
    /// (padding rows and columns stay zero from the initial fill).
    @inline(__always)
    static func fillStrip(_ input: UnsafePointer<Float>, _ g: Geometry, ci: Int, stripBase: UnsafeMutablePointer<Float>,
                          sw: Int, ph: Int, yMin: Int, yMax: Int, prefetch: Int) {
        let plane = g.height * g.width
        var yy = yMin
        while yy <= yMax {
            let b = yy / ph, py = yy - b * ph, y = py - 1
            if y >= 0 && y < g.height {
                let src = input + ((b * g.channels + ci) * plane + y * g.width)
                if prefetch > 0 {
                    let n = UnsafeRawPointer(src + plane * prefetch)
                    llvmPrefetch512(n, 0, 3, 1); llvmPrefetch512(n + 64, 0, 3, 1)
                }
                let dst = stripBase + (yy * sw + 1)
                var x = 0
                while x + 16 <= g.width {
                    UnsafeMutableRawPointer(dst + x).storeBytes(of: UnsafeRawPointer(src + x).loadUnaligned(as: V.self), as: V.self)
                    x += 16
                }
                while x < g.width { dst[x] = src[x]; x += 1 }
            }
            yy += 1
        }
    }

    /// Window columns 0..<6 of 16 tiles 4 floats apart: lane l of result c = q[4l + c] (reads q[0 ..< 68]).
    @inline(__always)
    static func load6(_ q: UnsafePointer<Float>) -> (V, V, V, V, V, V) {
        let r = UnsafeRawPointer(q)
        let w0 = r.loadUnaligned(as: V.self), w1 = r.loadUnaligned(fromByteOffset: 64, as: V.self)
        let w2 = r.loadUnaligned(fromByteOffset: 128, as: V.self), w3 = r.loadUnaligned(fromByteOffset: 192, as: V.self)
        let e01 = V(lowHalf: w0.evenHalf, highHalf: w1.evenHalf), o01 = V(lowHalf: w0.oddHalf, highHalf: w1.oddHalf)
        let e23 = V(lowHalf: w2.evenHalf, highHalf: w3.evenHalf), o23 = V(lowHalf: w2.oddHalf, highHalf: w3.oddHalf)
        let u0 = r.loadUnaligned(fromByteOffset: 16, as: V.self), u1 = r.loadUnaligned(fromByteOffset: 80, as: V.self)
        let u2 = r.loadUnaligned(fromByteOffset: 144, as: V.self), u3 = r.loadUnaligned(fromByteOffset: 208, as: V.self)
        let f01 = V(lowHalf: u0.evenHalf, highHalf: u1.evenHalf), g01 = V(lowHalf: u0.oddHalf, highHalf: u1.oddHalf)
        let f23 = V(lowHalf: u2.evenHalf, highHalf: u3.evenHalf), g23 = V(lowHalf: u2.oddHalf, highHalf: u3.oddHalf)
        return (V(lowHalf: e01.evenHalf, highHalf: e23.evenHalf), V(lowHalf: o01.evenHalf, highHalf: o23.evenHalf),
                V(lowHalf: e01.oddHalf, highHalf: e23.oddHalf), V(lowHalf: o01.oddHalf, highHalf: o23.oddHalf),
                V(lowHalf: f01.evenHalf, highHalf: f23.evenHalf), V(lowHalf: g01.evenHalf, highHalf: g23.evenHalf))
    }

    @inline(__always)
    static func rowTransform(_ x: (V, V, V, V, V, V), _ out: UnsafeMutablePointer<V>) {
        let y = input1D(x)
        out[0] = y.0; out[1] = y.1; out[2] = y.2; out[3] = y.3; out[4] = y.4; out[5] = y.5
    }

    /// B^T x for F(4x4,3x3), written exactly as VGGKernels' WinogradF4x3.input1D (same operations, same order).
    @inline(__always)
    static func input1D(_ x: (V, V, V, V, V, V)) -> (V, V, V, V, V, V) {
        let (x0, x1, x2, x3, x4, x5) = x
        let four = V(repeating: 4), two = V(repeating: 2), m5 = V(repeating: -5)
        return ((x4 + four * x0).addingProduct(m5, x2),
                (x3 + x4).addingProduct(-four, x1 + x2),
                (x4 - x3).addingProduct(four, x1 - x2),
                (x4 - x2).addingProduct(two, x3 - x1),
                (x4 - x2).addingProduct(-two, x3 - x1),
                (x5 + four * x1).addingProduct(m5, x3))
    }
}

#endif
