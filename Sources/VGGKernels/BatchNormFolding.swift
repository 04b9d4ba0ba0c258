// foldBatchNorm: folds eval-mode BatchNorm2d into the preceding conv, in place.
//   s = gamma / sqrt(var + eps);  W[c][*] *= s;  bias[c] = (bias[c] - mean[c]) * s + beta[c].
// weights: [outChannels][weightsPerChannel] (OIHW flattened); bias must exist (pass zeros for a bias-free conv).
// Computed in Double so folding adds no error beyond the final float rounding.

public func foldBatchNorm(weights: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>, outChannels: Int,
                          weightsPerChannel: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
                          mean: UnsafePointer<Float>, variance: UnsafePointer<Float>, eps: Float) {
    for c in 0..<outChannels {
        let s = Double(gamma[c]) / (Double(variance[c]) + Double(eps)).squareRoot()
        let row = weights + c * weightsPerChannel
        for i in 0..<weightsPerChannel { row[i] = Float(Double(row[i]) * s) }
        bias[c] = Float((Double(bias[c]) - Double(mean[c])) * s + Double(beta[c]))
    }
}
