// WinogradF4x3 / WinogradF2x3: the transform matrices of Lavin & Gray's F(m x m, 3x3), m = 4 (6x6 tiles)
// and m = 2 (4x4 tiles). 1-D transforms act on `alpha` SIMD8 values (8 tiles at once) at a given stride;
// the 2-D transforms are rows-then-columns. Filter transform runs once at init in Double.
// F4 does 36 products per 16 outputs (4x fewer than direct) but its transforms amplify rounding
// (entries up to 8); F2 does 16 per 4 (2.25x fewer) and is nearly exact.

protocol WinogradTile {
    static var m: Int { get }
    static var alpha: Int { get }
    /// G: alpha x 3 filter transform.
    static var g: [[Double]] { get }
    /// In place: x[i*s] <- (B^T x)[i], i < alpha.
    static func input1D(_ x: UnsafeMutablePointer<SIMD8<Float>>, _ s: Int)
    /// y[i*ys] <- (A^T x)[i], i < m, reading x[i*xs], i < alpha.
    static func output1D(_ x: UnsafePointer<SIMD8<Float>>, _ xs: Int, _ y: UnsafeMutablePointer<SIMD8<Float>>, _ ys: Int)
    /// One patch row for 8 horizontally adjacent tiles: out[c] lane l = q[c + m*l], c < alpha.
    /// Reads q[0 ..< m*8 + 4]: a few floats past the last tile are loaded and ignored.
    static func loadRow8(_ q: UnsafePointer<Float>, _ out: UnsafeMutablePointer<SIMD8<Float>>)
    /// Writes the m x m outputs y[i*m + j] (lane l = tile l) of 8 horizontally adjacent interior tiles
    /// as m output rows of 8*m contiguous floats (a lane-to-row transpose).
    static func storeRows8(_ y: UnsafePointer<SIMD8<Float>>, _ out: UnsafeMutablePointer<Float>, _ width: Int)
    /// Copies one m-float tile row.
    static func copyRow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>)
}

typealias V8 = SIMD8<Float>

/// In place: the 32 floats (v0..v3) become their even elements followed by their odd elements.
/// Three applications turn 4 rows of 8 into 8 rows of 4 (a 5-bit index rotation), i.e. interleave 4 vectors.
@inline(__always)
func deinterleave2(_ v0: inout V8, _ v1: inout V8, _ v2: inout V8, _ v3: inout V8) {
    let e0 = V8(lowHalf: v0.evenHalf, highHalf: v1.evenHalf), e1 = V8(lowHalf: v2.evenHalf, highHalf: v3.evenHalf)
    let o0 = V8(lowHalf: v0.oddHalf, highHalf: v1.oddHalf), o1 = V8(lowHalf: v2.oddHalf, highHalf: v3.oddHalf)
    v0 = e0; v1 = e1; v2 = o0; v3 = o1
}

/// Splits 32 floats into their 4 phases: (q[4l], q[4l+1], q[4l+2], q[4l+3]), l < 8.
@inline(__always)
func deinterleave4(_ q: UnsafeRawPointer) -> (V8, V8, V8, V8) {
    let w0 = q.loadUnaligned(as: V8.self), w1 = q.loadUnaligned(fromByteOffset: 32, as: V8.self)
    let w2 = q.loadUnaligned(fromByteOffset: 64, as: V8.self), w3 = q.loadUnaligned(fromByteOffset: 96, as: V8.self)
    let e01 = V8(lowHalf: w0.evenHalf, highHalf: w1.evenHalf), o01 = V8(lowHalf: w0.oddHalf, highHalf: w1.oddHalf)
    let e23 = V8(lowHalf: w2.evenHalf, highHalf: w3.evenHalf), o23 = V8(lowHalf: w2.oddHalf, highHalf: w3.oddHalf)
    return (V8(lowHalf: e01.evenHalf, highHalf: e23.evenHalf), V8(lowHalf: o01.evenHalf, highHalf: o23.evenHalf),
            V8(lowHalf: e01.oddHalf, highHalf: e23.oddHalf), V8(lowHalf: o01.oddHalf, highHalf: o23.oddHalf))
}

enum WinogradF4x3: WinogradTile {
    static var m: Int { 4 }
    static var alpha: Int { 6 }
    static var g: [[Double]] {
        [[1.0 / 4, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6],
         [1.0 / 24, 1.0 / 12, 1.0 / 6], [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1]]
    }

    @inline(__always)
    static func input1D(_ x: UnsafeMutablePointer<SIMD8<Float>>, _ s: Int) {
        let x0 = x[0], x1 = x[s], x2 = x[2 &* s], x3 = x[3 &* s], x4 = x[4 &* s], x5 = x[5 &* s]
        let four = SIMD8<Float>(repeating: 4), two = SIMD8<Float>(repeating: 2), m5 = SIMD8<Float>(repeating: -5)
        x[0] = (x4 + four * x0).addingProduct(m5, x2)
        x[s] = (x3 + x4).addingProduct(-four, x1 + x2)
        x[2 &* s] = (x4 - x3).addingProduct(four, x1 - x2)
        x[3 &* s] = (x4 - x2).addingProduct(two, x3 - x1)
        x[4 &* s] = (x4 - x2).addingProduct(-two, x3 - x1)
        x[5 &* s] = (x5 + four * x1).addingProduct(m5, x3)
    }

    @inline(__always)
    static func output1D(_ x: UnsafePointer<SIMD8<Float>>, _ xs: Int, _ y: UnsafeMutablePointer<SIMD8<Float>>, _ ys: Int) {
        let a = x[xs] + x[2 &* xs], b = x[xs] - x[2 &* xs]
        let c = x[3 &* xs] + x[4 &* xs], d = x[3 &* xs] - x[4 &* xs]
        y[0] = x[0] + a + c
        y[ys] = b.addingProduct(SIMD8(repeating: 2), d)
        y[2 &* ys] = a.addingProduct(SIMD8(repeating: 4), c)
        y[3 &* ys] = (b + x[5 &* xs]).addingProduct(SIMD8(repeating: 8), d)
    }

    @inline(__always)
    static func loadRow8(_ q: UnsafePointer<Float>, _ out: UnsafeMutablePointer<SIMD8<Float>>) {
        let (p0, p1, p2, p3) = deinterleave4(UnsafeRawPointer(q))
        let (p4, p5, _, _) = deinterleave4(UnsafeRawPointer(q + 4))
        out[0] = p0; out[1] = p1; out[2] = p2; out[3] = p3; out[4] = p4; out[5] = p5
    }

    @inline(__always)
    static func copyRow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
    }

    @inline(__always)
    static func storeRows8(_ y: UnsafePointer<SIMD8<Float>>, _ out: UnsafeMutablePointer<Float>, _ width: Int) {
        for i in 0..<4 {
            // Row i of 8 tiles: out[4l + j] = y[4i + j][l], a 4-way interleave done as three 2-way deinterleaves.
            var v0 = y[i &* 4], v1 = y[i &* 4 &+ 1], v2 = y[i &* 4 &+ 2], v3 = y[i &* 4 &+ 3]
            for _ in 0..<3 { deinterleave2(&v0, &v1, &v2, &v3) }
            let r = UnsafeMutableRawPointer(out + i &* width)
            r.storeBytes(of: v0, as: V8.self)
            r.storeBytes(of: v1, toByteOffset: 32, as: V8.self)
            r.storeBytes(of: v2, toByteOffset: 64, as: V8.self)
            r.storeBytes(of: v3, toByteOffset: 96, as: V8.self)
        }
    }
}

enum WinogradF2x3: WinogradTile {
    static var m: Int { 2 }
    static var alpha: Int { 4 }
    static var g: [[Double]] { [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]] }

    @inline(__always)
    static func input1D(_ x: UnsafeMutablePointer<SIMD8<Float>>, _ s: Int) {
        let x0 = x[0], x1 = x[s], x2 = x[2 &* s], x3 = x[3 &* s]
        x[0] = x0 - x2
        x[s] = x1 + x2
        x[2 &* s] = x2 - x1
        x[3 &* s] = x1 - x3
    }

    @inline(__always)
    static func output1D(_ x: UnsafePointer<SIMD8<Float>>, _ xs: Int, _ y: UnsafeMutablePointer<SIMD8<Float>>, _ ys: Int) {
        y[0] = x[0] + x[xs] + x[2 &* xs]
        y[ys] = x[xs] - x[2 &* xs] - x[3 &* xs]
    }

    @inline(__always)
    static func loadRow8(_ q: UnsafePointer<Float>, _ out: UnsafeMutablePointer<SIMD8<Float>>) {
        let r = UnsafeRawPointer(q)
        let w0 = r.loadUnaligned(as: V8.self), w1 = r.loadUnaligned(fromByteOffset: 32, as: V8.self)
        let w2 = r.loadUnaligned(fromByteOffset: 8, as: V8.self), w3 = r.loadUnaligned(fromByteOffset: 40, as: V8.self)
        out[0] = V8(lowHalf: w0.evenHalf, highHalf: w1.evenHalf); out[1] = V8(lowHalf: w0.oddHalf, highHalf: w1.oddHalf)
        out[2] = V8(lowHalf: w2.evenHalf, highHalf: w3.evenHalf); out[3] = V8(lowHalf: w2.oddHalf, highHalf: w3.oddHalf)
    }

    @inline(__always)
    static func copyRow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: SIMD2<Float>.self), as: SIMD2<Float>.self)
    }

    @inline(__always)
    static func storeRows8(_ y: UnsafePointer<SIMD8<Float>>, _ out: UnsafeMutablePointer<Float>, _ width: Int) {
        for i in 0..<2 {
            // out[2l + j] = y[2i + j][l]: three 2-way deinterleaves of 16 floats rotate the 4-bit index by 1.
            var v0 = y[i &* 2], v1 = y[i &* 2 &+ 1]
            for _ in 0..<3 {
                let e = V8(lowHalf: v0.evenHalf, highHalf: v1.evenHalf), o = V8(lowHalf: v0.oddHalf, highHalf: v1.oddHalf)
                v0 = e; v1 = o
            }
            let r = UnsafeMutableRawPointer(out + i &* width)
            r.storeBytes(of: v0, as: V8.self)
            r.storeBytes(of: v1, toByteOffset: 32, as: V8.self)
        }
    }
}
