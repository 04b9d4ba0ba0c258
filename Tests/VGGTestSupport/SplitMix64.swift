// SplitMix64: the seeded generator every test target draws from (one copy; seeds in failure messages reproduce a case).

/// Small, fast, reproducible: the same seed gives the same sequence on every machine.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    public mutating func uniform() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }

    /// Uniform over `range` (modulo draw: the bias is irrelevant for test sizes).
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    public mutating func bool() -> Bool { next() & 1 == 1 }

    /// Uniform in 0..<bound, 0 when `bound` <= 0 (fuzzers draw lengths that may be 0).
    public mutating func int(below bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(below: items.count)] }

    public mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}
