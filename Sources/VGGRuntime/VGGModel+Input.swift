import VGGCore

extension VGGModel {
    /// A seeded standard-normal input of `shape` (roughly what a normalised image looks like to the network).
    public static func randomInput(shape: InputShape, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed, stream: "input")
        var values = [Float](repeating: 0, count: shape.dims.reduce(1, *))
        values.withUnsafeMutableBufferPointer { rng.fillNormal($0, std: 1) }
        return values
    }
}
