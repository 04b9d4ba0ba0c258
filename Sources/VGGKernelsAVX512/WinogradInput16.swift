// WinogradInput16: the F(4x4,3x3) input transform on AVX-512, 16 tiles per zmm (one full packed-B panel row of V per
// tile element), for VGGKernels' WinogradConv. Same arithmetic, in the same order, as its SIMD8 path (bit-identical V).
// Per 16-tile group and channel, each of the 6 window rows is loaded for all 16 tiles at once: adjacent tiles start
// 4 floats apart, so 8 loads and 14 two-source permutes give the 6 columns (lane l = q[4l + c]). Groups are:
//   direct: 16 adjacent tiles of one tile row whose loads stay inside the image rows: straight from the input (rows
//           above/below the map are zero; on the left border the one outside lane is zeroed);
//   strip:  the rest (right border, tile-row and image wraps, small maps). Per channel, each run of adjacent tiles has
//           its window (or, when cheaper, the block's whole rows) copied into a zero-bordered strip, is loaded from there
//           as if it filled all 16 lanes, and its lanes are blended in (lanes past the last tile stay zero).
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
        let infoStride = 4 + 3 * runMax
        // Per group: [0] = mode (1 direct, 2 strip); direct: [1] = input offset of lane 0's window (row y0, column x0),
        // [2] = y0, [3] = 1 when x0 = -1; strip: [1] = run count; then from [4] per run (first lane, end lane,
        // padded-stack offset of lane 0's window). windows: each strip run's (first strip row, first and end image column) to copy.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: groups * infoStride + groups * runMax * 3) { infoP in
            let info = infoP.baseAddress!, windows = info + groups * infoStride
            var nWindows = 0
            var yMin = Int.max, yMax = Int.min
            for gi in 0..<groups {
                let d = info + gi * infoStride
                let lanes = min(16, count - gi * 16)
                var runs = 0
                var l = 0
                while l < lanes {
                    let t = t0 + gi * 16 + l
                    let b = t / perImage, r = t - b * perImage
                    let th = r / g.tilesW, tw = r - th * g.tilesW
                    let n = min(lanes - l, g.tilesW - tw)
                    let y = b * ph + 4 * th
                    d[4 + 3 * runs] = l
                    d[5 + 3 * runs] = l + n
                    d[6 + 3 * runs] = y * sw + 4 * (tw - l)
                    windows[3 * (nWindows + runs)] = y
                    windows[3 * (nWindows + runs) + 1] = max(4 * tw - 1, 0)
                    windows[3 * (nWindows + runs) + 2] = min(4 * (tw + n) + 1, g.width)
                    if runs == 0 {
                        // Direct: one run of 16 whose loads (columns x0 ..< x0+68) stay in the row. Rows outside the map
                        // are zero; x0 = -1 (left border) reads the previous row's last float and zeroes that lane, which
                        // is in the buffer when the group's first loaded row has y >= 1 (top-left groups use the strip).
                        let y0 = 4 * th - 1, x0 = 4 * tw - 1
                        let direct = n == 16 && x0 >= -1 && x0 + 68 <= g.width && (x0 >= 0 || y0 >= 1)
                        d[0] = direct ? 1 : 2
                        d[1] = b * g.channels * plane + y0 * g.width + x0
                        d[2] = y0
                        d[3] = x0 < 0 ? 1 : 0
                    }
                    runs += 1
                    l += n
                }
                if d[0] == 2 {
                    d[1] = runs
                    for k in 0..<runs {
                        yMin = min(yMin, windows[3 * (nWindows + k)]); yMax = max(yMax, windows[3 * (nWindows + k)] + 5)
                    }
                    nWindows += runs
                }
            }
            let stripRows = yMin <= yMax ? yMax - yMin + 1 : 0
            // Per channel, copy each run's window, or the strip's whole rows when that moves fewer floats (small maps,
            // where a block's runs cover most rows several times over).
            var windowFloats = 0
            for w in 0..<nWindows { windowFloats += 6 * (windows[3 * w + 2] - windows[3 * w + 1]) }
            let wholeRows = stripRows * g.width <= windowFloats
            let margin = 64
            let stripCount = stripRows > 0 ? stripRows * sw + 2 * margin : 0
            withUnsafeTemporaryAllocation(of: Float.self, capacity: max(stripCount, 1)) { stripP in
                withUnsafeTemporaryAllocation(of: V.self, capacity: 36) { bufP in
                    let strip = stripP.baseAddress!, buf = bufP.baseAddress!
                    let stripBase = strip + margin - (stripRows > 0 ? yMin * sw : 0)
                    if stripCount > 0 { strip.update(repeating: 0, count: stripCount) }
                    let eStride = vE &* 4
                    let iota = V(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
                    let notLane0 = iota .> V()
                    for ci in ci0..<ci1 {
                        let pf = prefetchPlanes > 0 && ci + prefetchPlanes < ci1 ? prefetchPlanes : 0
                        if wholeRows {
                            if stripRows > 0 {
                                fillRows(input, g, ci: ci, stripBase: stripBase, sw: sw, ph: ph, y0: yMin, y1: yMax + 1, xs: 0,
                                         xe: g.width, prefetch: pf)
                            }
                        } else {
                            for w in 0..<nWindows {
                                fillRows(input, g, ci: ci, stripBase: stripBase, sw: sw, ph: ph, y0: windows[3 &* w],
                                         y1: windows[3 &* w] &+ 6, xs: windows[3 &* w &+ 1], xe: windows[3 &* w &+ 2], prefetch: pf)
                            }
                        }
                        let chan = input + ci &* plane
                        let kStart = ci / kc * kc, kcb = min(kc, g.channels - kStart)
                        let vci = v + (kStart &* tPer &+ (ci &- kStart) &* 16)
                        for gi in 0..<groups {
                            let d = info + gi &* infoStride
                            if d[0] == 1 {
                                let q = chan + d[1]
                                let y0 = d[2], left = d[3] != 0
                                if prefetchPlanes > 0 && ci + prefetchPlanes < ci1 {
                                    let nq = UnsafeRawPointer(q + plane &* prefetchPlanes)
                                    for r in max(0, -y0)..<min(6, g.height &- y0) {
                                        let row = nq + r &* g.width &* 4
                                        llvmPrefetch512(row, 0, 3, 1); llvmPrefetch512(row + 64, 0, 3, 1)
                                        llvmPrefetch512(row + 128, 0, 3, 1); llvmPrefetch512(row + 192, 0, 3, 1)
                                        llvmPrefetch512(row + 268, 0, 3, 1)
                                    }
                                }
                                for r in 0..<6 {
                                    let y = y0 &+ r
                                    if y < 0 || y >= g.height {
                                        rowTransform((V(), V(), V(), V(), V(), V()), buf + r &* 6)
                                        continue
                                    }
                                    var x = load6(q + r &* g.width)
                                    if left { x.0.replace(with: V(), where: .!notLane0) }
                                    rowTransform(x, buf + r &* 6)
                                }
                            } else {
                                let runs = d[1]
                                for r in 0..<6 {
                                    var x = (V(), V(), V(), V(), V(), V())
                                    for k in 0..<runs {
                                        let l0 = d[4 &+ 3 &* k], l1 = d[5 &+ 3 &* k]
                                        let y = load6(stripBase + (d[6 &+ 3 &* k] &+ r &* sw))
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

    /// Copies image columns xs ..< xe of channel ci's rows in strip rows y0 ..< y1 (one run's window, or the whole strip)
    /// to padded columns xs+1 ..< xe+1. Padding rows and columns stay zero from the initial fill; a run's lanes read only
    /// its window.
    @inline(__always)
    static func fillRows(_ input: UnsafePointer<Float>, _ g: Geometry, ci: Int, stripBase: UnsafeMutablePointer<Float>,
                         sw: Int, ph: Int, y0: Int, y1: Int, xs: Int, xe: Int, prefetch: Int) {
        let plane = g.height * g.width
        let n = xe - xs
        for yy in y0..<y1 {
            let b = yy / ph, row = yy - b * ph - 1
            if row < 0 || row >= g.height { continue }
            let src = input + ((b * g.channels + ci) * plane + row * g.width + xs)
            if prefetch > 0 {
                let nx = UnsafeRawPointer(src + plane * prefetch)
                llvmPrefetch512(nx, 0, 3, 1); llvmPrefetch512(nx + 64, 0, 3, 1)
            }
            let dst = stripBase + (yy * sw + 1 + xs)
            var x = 0
            while x + 16 <= n {
                UnsafeMutableRawPointer(dst + x).storeBytes(of: UnsafeRawPointer(src + x).loadUnaligned(as: V.self), as: V.self)
                x += 16
            }
            while x < n { dst[x] = src[x]; x += 1 }
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
