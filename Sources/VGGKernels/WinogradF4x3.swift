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
}
