import VGGKernels

/// One kernel call of the execution plan, covering one or more consecutive layers of the summary
/// (a conv with its folded BatchNorm, fused ReLU and fused 2x2 MaxPool, any kernel size and stride; a Linear with its ReLU; a view such as Flatten).
struct ExecutionStep {
    enum Kernel {
        /// height/width: the conv's input. With maxPool2x2 the output is the pooled map.
        case conv(Conv2dKernel, relu: Bool, maxPool2x2: Bool, batch: Int, height: Int, width: Int)
        /// BatchNorm not preceded by a conv: y = x * scale[c] + shift[c], in place.
        case batchNorm(scale: [Float], shift: [Float], batch: Int, channels: Int, plane: Int)
        case relu(count: Int)
        /// MaxPool2d(kernel, stride), floor mode, not fused into a conv (2x2/2 takes the kernel's fast path).
        case maxPool(batch: Int, channels: Int, height: Int, width: Int, kernel: Int, stride: Int)
        case localResponseNorm(batch: Int, channels: Int, height: Int, width: Int, size: Int, alpha: Float, beta: Float, k: Float)
        case adaptiveAvgPool(batch: Int, channels: Int, height: Int, width: Int, outHeight: Int, outWidth: Int)
        case linear(LinearKernel, relu: Bool, batch: Int)
        /// Flatten and Dropout at inference: the output is the input.
        case view

        /// Whether the step rewrites its input buffer instead of writing the other one.
        var inPlace: Bool {
            switch self {
            case .batchNorm, .relu: return true
            case .conv, .maxPool, .localResponseNorm, .adaptiveAvgPool, .linear, .view: return false
            }
        }
    }

    /// Indices into `ModelSummary.layers`; the first is the layer the time is reported on.
    var layers: Range<Int>
    var kernel: Kernel
    /// Output elements, for the ping-pong buffer size.
    var outputCount: Int
}
