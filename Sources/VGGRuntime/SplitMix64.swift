import Foundation

// A tiny seeded generator: SplitMix64 for bits; Box-Muller for single normals, a ziggurat for bulk fills.
// Our own so weights and inputs are identical across platforms and Swift versions.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareNormal: Float?

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named stream (a tensor, a chunk of it), independent of the order streams are drawn in.
    public init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across runs, unlike Hasher
        for byte in stream.utf8 {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        var mixer = SplitMix64(seed: seed ^ h)
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: never 0, so `log` in Box-Muller stays finite.
    public mutating func nextUnit() -> Double {
        Double((next() >> 11) &+ 1) * 0x1p-53
    }

    /// Standard normal.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * log(nextUnit())).squareRoot()
        let angle = 2 * Double.pi * nextUnit()
        spareNormal = Float(radius * sin(angle))
        return Float(radius * cos(angle))
    }

    /// Fills `buffer` with normal(0, std) values (ziggurat: fast enough for hundreds of millions of weights).
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, std: Float) {
        ZigguratNormal.shared.fill(buffer, std: std, rng: &self)
    }

    /// Fills `buffer` with uniform values in [low, high).
    public mutating func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, low: Float, high: Float) {
        let span = Double(high - low)
        for i in buffer.indices {
            buffer[i] = low + Float((nextUnit() - 0x1p-53) * span)
        }
    }
}
