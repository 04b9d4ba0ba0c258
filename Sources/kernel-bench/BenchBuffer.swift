import VGGKernels

/// A float buffer the benchmark owns and writes freely (inputs, outputs, workspaces), 64-byte aligned and zeroed.
/// Not a Tensor: a Tensor is written only inside its scoped accessor, which would wrap every timed call here.
final class BenchBuffer {
    let count: Int
    let data: UnsafeMutablePointer<Float>

    init(shape: [Int]) {
        count = shape.reduce(1, *)
        data = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(count, 16))
        data.initialize(repeating: 0, count: count)
    }

    deinit { data.deallocate() }

    /// The whole buffer, for kernels that write it.
    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: data, count: count) }
    /// The whole buffer, for kernels that read it.
    var input: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: data, count: count) }

    /// A Tensor holding a copy (LinearKernel keeps its weights as Tensors).
    func tensor(shape: [Int]) -> Tensor { Tensor(shape: shape, copying: input) }
}
