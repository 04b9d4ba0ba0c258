import Foundation

/// Marsaglia & Tsang's ziggurat (2000), 128 layers: ~98% of normals cost one 32-bit draw, a compare and a
/// multiply, which is what makes seeding VGG's 138M weights take a fraction of a second instead of
/// Box-Muller's log and sin/cos per pair. Tables are built once from the published constants.
struct ZigguratNormal: Sendable {
    static let shared = ZigguratNormal()

    private let kn: [UInt32]
    private let wn: [Float]
    private let fn: [Float]
    private static let r = 3.442619855899

    private init() {
        var kn = [UInt32](repeating: 0, count: 128)
        var wn = [Float](repeating: 0, count: 128)
        var fn = [Float](repeating: 0, count: 128)
        let m1 = 2147483648.0
        let vn = 9.91256303526217e-3
        var dn = Self.r, tn = dn
        let q = vn / exp(-0.5 * dn * dn)
        kn[0] = UInt32((dn / q) * m1)
        kn[1] = 0
        wn[0] = Float(q / m1)
        wn[127] = Float(dn / m1)
        fn[0] = 1
        fn[127] = Float(exp(-0.5 * dn * dn))
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * log(vn / dn + exp(-0.5 * dn * dn))).squareRoot()
            kn[i + 1] = UInt32((dn / tn) * m1)
            tn = dn
            fn[i] = Float(exp(-0.5 * dn * dn))
            wn[i] = Float(dn / m1)
        }
        self.kn = kn
        self.wn = wn
        self.fn = fn
    }

    /// Fills `buffer` with N(0, std) values drawn from `rng`.
    func fill(_ buffer: UnsafeMutableBufferPointer<Float>, std: Float, rng: inout SplitMix64) {
        kn.withUnsafeBufferPointer { kn in
            wn.withUnsafeBufferPointer { wn in
                for i in buffer.indices {
                    let bits = rng.next()
                    // Two 32-bit draws per 64-bit word would change nothing statistically; one keeps the code plain.
                    let hz = Int32(truncatingIfNeeded: bits)
                    let iz = Int(hz & 127)
                    if hz.magnitude < kn[iz] {
                        buffer[i] = Float(hz) * wn[iz] * std
                    } else {
                        buffer[i] = tail(hz, iz, rng: &rng) * std
                    }
                }
            }
        }
    }

    /// The rare slow path: the wedge below a layer, or the tail beyond r.
    private func tail(_ firstHz: Int32, _ firstIz: Int, rng: inout SplitMix64) -> Float {
        var hz = firstHz, iz = firstIz
        while true {
            let x = Double(hz) * Double(wn[iz])
            if iz == 0 {
                var tailX = 0.0, y = 0.0
                repeat {
                    tailX = -log(rng.nextUnit()) / Self.r
                    y = -log(rng.nextUnit())
                } while y + y < tailX * tailX
                return Float(hz > 0 ? Self.r + tailX : -Self.r - tailX)
            }
            let u = rng.nextUnit()
            if Double(fn[iz]) + u * Double(fn[iz - 1] - fn[iz]) < exp(-0.5 * x * x) {
                return Float(x)
            }
            hz = Int32(truncatingIfNeeded: rng.next())
            iz = Int(hz & 127)
            if hz.magnitude < kn[iz] {
                return Float(hz) * wn[iz]
            }
        }
    }
}
