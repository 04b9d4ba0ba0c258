import VGGCore
import VGGKernels
import VGGRuntime

/// How the runtime runs each layer, without building it: Conv2d and Linear as kernels (convs with
/// `algorithm`), BatchNorm and ReLU fused into the kernel before them, pools as kernels, Flatten and
/// Dropout as views.
func fakeExecutions(_ summary: ModelSummary,
                    algorithm: (LayerFacts) -> ConvMethod = { _ in .gemm }) -> [LayerExecution] {
    var lastKernel = ""
    return summary.layers.map { f in
        let mode: LayerExecution.Mode
        var conv: ConvMethod?
        switch f.layer.op {
        case .conv2d: mode = .kernel; conv = algorithm(f)
        case .linear, .maxPool2d, .adaptiveAvgPool2d, .localResponseNorm: mode = .kernel
        case .batchNorm2d, .relu: mode = .fused(into: lastKernel)
        case .flatten, .dropout: mode = .view
        }
        if mode == .kernel { lastKernel = f.name }
        return LayerExecution(name: f.name, kind: f.kindName, mode: mode, algorithm: conv)
    }
}
