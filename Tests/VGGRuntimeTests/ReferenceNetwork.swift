import VGGCore
import VGGKernels
@testable import VGGRuntime

/// The naive chain: every layer of the summary run by its `Reference` twin, BatchNorm applied unfolded,
/// ReLU as its own pass, fresh buffers per layer. What `VGGModel` must reproduce.
enum ReferenceNetwork {
    static func forward(summary: ModelSummary, weights: any WeightSource, input: [Float]) throws -> [Float] {
        var x = input
        for facts in summary.layers {
            let inShape = facts.inputShape
            var y = [Float](repeating: .nan, count: facts.outputShape.elements)
            func load(_ role: WeightRole) throws -> [Float] {
                let tensor = WeightLayout.tensors(of: facts.layer).first { $0.role == role }!
                var values = [Float](repeating: 0, count: tensor.count)
                try values.withUnsafeMutableBufferPointer { try weights.load(tensor, into: $0) }
                return values
            }
            switch facts.layer.op {
            case let .conv2d(cin, cout, k, stride, padding):
                let w = try load(.convWeight), b = try load(.convBias)
                Reference.conv2d(input: x, batch: inShape.batch, inChannels: cin, height: inShape.height, width: inShape.width,
                                 weights: w, bias: b, outChannels: cout, kernel: k, stride: stride, padding: padding,
                                 output: &y, relu: false)
            case let .batchNorm2d(channels):
                let gamma = try load(.batchNormGamma), beta = try load(.batchNormBeta)
                let mean = try load(.batchNormMean), variance = try load(.batchNormVariance)
                Reference.batchNorm2d(input: x, batch: inShape.batch, channels: channels, height: inShape.height,
                                      width: inShape.width, gamma: gamma, beta: beta, mean: mean, variance: variance,
                                      eps: 1e-5, output: &y)
            case .relu:
                y = x
                Reference.relu(&y, count: y.count)
            case let .maxPool2d(kernel, stride):
                Reference.maxPool2d(input: x, batch: inShape.batch, channels: inShape.channels, height: inShape.height,
                                    width: inShape.width, kernel: kernel, stride: stride, output: &y)
            case let .localResponseNorm(size, alpha, beta, k):
                Reference.localResponseNorm(input: x, batch: inShape.batch, channels: inShape.channels,
                                            height: inShape.height, width: inShape.width, size: size, alpha: Float(alpha),
                                            beta: Float(beta), k: Float(k), output: &y)
            case let .adaptiveAvgPool2d(height, width):
                Reference.adaptiveAvgPool2d(input: x, batch: inShape.batch, channels: inShape.channels,
                                            height: inShape.height, width: inShape.width, outHeight: height,
                                            outWidth: width, output: &y)
            case .flatten, .dropout:
                y = x
            case let .linear(inFeatures, outFeatures):
                let w = try load(.linearWeight), b = try load(.linearBias)
                Reference.linear(input: x, batch: inShape.batch, weights: w, bias: b, inFeatures: inFeatures,
                                 outFeatures: outFeatures, output: &y, relu: false)
            }
            x = y
        }
        return x
    }
}
