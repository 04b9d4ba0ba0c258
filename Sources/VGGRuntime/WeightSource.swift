/// Where a model's weights come from: a seeded initialiser or a file. The executor checks the whole
/// layout once, then asks for each tensor straight into the buffer it will keep or pack from.
public protocol WeightSource {
    /// Throws a `WeightsError` naming the first mismatch; called before anything large is allocated.
    func check(_ layout: WeightLayout) throws
    /// Fills `buffer` (exactly `tensor.count` floats) with the tensor `tensor.key`.
    func load(_ tensor: WeightTensor, into buffer: UnsafeMutableBufferPointer<Float>) throws
}

extension SafeTensorsFile: WeightSource {
    public func check(_ layout: WeightLayout) throws {
        try layout.check(entries)
    }

    /// Reads the tensor under its key in the file's layout (torchvision's or d2l's, detected from the keys).
    public func load(_ tensor: WeightTensor, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        try read(tensor.key(in: keyLayout), into: buffer)
    }

    /// The key layout this file's keys follow.
    public var keyLayout: WeightKeyLayout { WeightKeyLayout.detect(entries.keys) }
}
