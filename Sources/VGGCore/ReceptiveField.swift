/// Receptive field by the usual recurrence, per axis: r += (k - 1) * jump; jump *= stride.
/// Convolutions and pools are square, so the two axes differ only after AdaptiveAvgPool2d
/// or Flatten on a non-square map; the larger one is reported.
struct ReceptiveField {
    private var rh = 1, rw = 1, jh = 1, jw = 1

    var size: Int { max(rh, rw) }
    var jump: Int { max(jh, jw) }

    mutating func apply(kernel: Int, stride: Int) {
        rh = rh &+ (kernel - 1) &* jh
        rw = rw &+ (kernel - 1) &* jw
        jh = jh &* stride
        jw = jw &* stride
    }

    /// PyTorch bins: start = floor(i*in/out), end = ceil((i+1)*in/out). The widest bin is the
    /// kernel, the bin step the stride; an upsampling pool (in < out) leaves the field as is.
    mutating func applyAdaptive(from input: (Int, Int), to output: (Int, Int)) {
        (rh, jh) = Self.adaptive(rh, jh, input.0, output.0)
        (rw, jw) = Self.adaptive(rw, jw, input.1, output.1)
    }

    private static func adaptive(_ r: Int, _ j: Int, _ n: Int, _ out: Int) -> (Int, Int) {
        guard n > out else { return (r, j) }
        var widest = 1
        for i in 0..<out {
            let start = i * n / out
            let end = ((i + 1) * n + out - 1) / out
            widest = max(widest, end - start)
        }
        return (r &+ (widest - 1) &* j, j &* (n / out))
    }

    /// A unit after Flatten sees every position of the last map.
    mutating func spanWhole(height: Int, width: Int) {
        rh = rh &+ (height - 1) &* jh
        rw = rw &+ (width - 1) &* jw
    }
}
