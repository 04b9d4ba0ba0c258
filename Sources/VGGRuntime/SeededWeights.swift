import VGGKernels

/// He/Kaiming-normal weights from a seed: conv and linear weights ~ N(0, 2 / fan_in), so activations keep
/// their scale through the ReLUs of a deep stack. Each tensor, and each 1M-element chunk of it, draws from its
/// own named stream, so values depend on the seed and the key only (not on load order or thread count).
public struct SeededWeights: WeightSource, Sendable {
    public enum BatchNormStatistics: Sendable {
        /// torchvision's init: gamma 1, beta 0, mean 0, variance 1.
        case identity
        /// Random gamma, beta, mean and variance, so tests exercise BatchNorm folding.
        case random
    }

    public var seed: UInt64
    /// Biases ~ N(0, biasStd); torchvision initialises them to 0.
    public var biasStd: Float
    public var batchNormStatistics: BatchNormStatistics
    public var pool: Parallelism

    public init(seed: UInt64, biasStd: Float = 0, batchNormStatistics: BatchNormStatistics = .identity,
                pool: Parallelism = Parallelism(threads: Parallelism.available)) {
        self.seed = seed
        self.biasStd = biasStd
        self.batchNormStatistics = batchNormStatistics
        self.pool = pool
    }

    public func check(_ layout: WeightLayout) throws {}

    public func load(_ tensor: WeightTensor, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        precondition(buffer.count == tensor.count, "buffer for \(tensor.key) holds \(buffer.count), needs \(tensor.count)")
        let random = batchNormStatistics == .random
        switch tensor.role {
        case .convWeight, .linearWeight:
            let fanIn = max(tensor.shape.dropFirst().reduce(1, *), 1)
            normal(buffer, key: tensor.key, std: (2 / Float(fanIn)).squareRoot())
        case .convBias, .linearBias:
            normal(buffer, key: tensor.key, std: biasStd)
        case .batchNormGamma:
            random ? uniform(buffer, key: tensor.key, 0.5, 1.5) : buffer.update(repeating: 1)
        case .batchNormVariance:
            random ? uniform(buffer, key: tensor.key, 0.5, 2) : buffer.update(repeating: 1)
        case .batchNormBeta, .batchNormMean:
            random ? normal(buffer, key: tensor.key, std: 0.2) : buffer.update(repeating: 0)
        }
    }

    private func uniform(_ buffer: UnsafeMutableBufferPointer<Float>, key: String, _ low: Float, _ high: Float) {
        var rng = SplitMix64(seed: seed, stream: key)
        rng.fillUniform(buffer, low: low, high: high)
    }

    private func normal(_ buffer: UnsafeMutableBufferPointer<Float>, key: String, std: Float) {
        guard std > 0 else {
            buffer.update(repeating: 0)
            return
        }
        let chunk = 1 << 20
        let chunks = (buffer.count + chunk - 1) / chunk
        let seed = self.seed
        pool.parallelFor(chunks) { c in
            var rng = SplitMix64(seed: seed, stream: "\(key)#\(c)")
            let start = c * chunk
            rng.fillNormal(UnsafeMutableBufferPointer(rebasing: buffer[start..<min(start + chunk, buffer.count)]), std: std)
        }
    }
}
