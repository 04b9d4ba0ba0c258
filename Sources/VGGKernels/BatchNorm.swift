// Eval-mode BatchNorm2d, two ways.
// foldBatchNorm: folds it into the preceding conv, in place.
//   s = gamma / sqrt(var + eps);  W[c][*] *= s;  bias[c] = (bias[c] - mean[c]) * s + beta[c].
// weights: [outChannels][weightsPerChannel] (OIHW flattened); bias must exist (pass zeros for a bias-free conv).
// Computed in Double so folding adds no error beyond the final float rounding.
// applyBatchNorm: a BatchNorm with no conv before it, on NCHW in place: x = x * scale[c] + shift[c] (scale and shift
// folded from the statistics by the caller). Both check every buffer's count against the sizes given.

public func foldBatchNorm(weights: UnsafeMutableBufferPointer<Float>, bias: UnsafeMutableBufferPointer<Float>, outChannels: Int,
                          weightsPerChannel: Int, gamma: UnsafeBufferPointer<Float>, beta: UnsafeBufferPointer<Float>,
                          mean: UnsafeBufferPointer<Float>, variance: UnsafeBufferPointer<Float>, eps: Float) {
    precondition(outChannels >= 0 && weightsPerChannel >= 0, "foldBatchNorm: negative size \(outChannels)x\(weightsPerChannel)")
    precondition(weights.count >= outChannels * weightsPerChannel && bias.count >= outChannels && gamma.count >= outChannels
                    && beta.count >= outChannels && mean.count >= outChannels && variance.count >= outChannels,
                 "foldBatchNorm: a buffer is shorter than \(outChannels) channels x \(weightsPerChannel) weights")
    for c in 0..<outChannels {
        let s = Double(gamma[c]) / (Double(variance[c]) + Double(eps)).squareRoot()
        let row = weights.base + c * weightsPerChannel
        for i in 0..<weightsPerChannel { row[i] = Float(Double(row[i]) * s) }
        bias[c] = Float((Double(bias[c]) - Double(mean[c])) * s + Double(beta[c]))
    }
}

public func applyBatchNorm(_ x: UnsafeMutableBufferPointer<Float>, batch: Int, channels: Int, plane: Int,
                           scale: UnsafeBufferPointer<Float>, shift: UnsafeBufferPointer<Float>) {
    precondition(batch >= 0 && channels >= 0 && plane >= 0, "applyBatchNorm: negative size \(batch)x\(channels)x\(plane)")
    precondition(x.count >= batch * channels * plane && scale.count >= channels && shift.count >= channels,
                 "applyBatchNorm: buffers of \(x.count), \(scale.count), \(shift.count) floats for \(batch)x\(channels)x\(plane)")
    let x = x.base
    for b in 0..<batch {
        for c in 0..<channels {
            let row = x + (b * channels + c) * plane
            let (s, t) = (scale[c], shift[c])
            for i in 0..<plane { row[i] = row[i] * s + t }
        }
    }
}
