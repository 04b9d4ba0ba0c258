import VGGKernels
import XCTest
@testable import VGGRuntime

final class SeededWeightsTests: XCTestCase {
    private func draw(_ weights: SeededWeights, _ tensor: WeightTensor) throws -> [Float] {
        var out = [Float](repeating: .nan, count: tensor.count)
        try out.withUnsafeMutableBufferPointer { try weights.load(tensor, into: $0) }
        return out
    }

    func testSameSeedSameWeightsAnyThreadCount() throws {
        // Larger than one 1M chunk, so chunking and threads are exercised.
        let tensor = WeightTensor(key: "classifier.0.weight", shape: [40, 30_000], role: .linearWeight)
        let a = try draw(SeededWeights(seed: 7, pool: Parallelism(threads: 1)), tensor)
        let b = try draw(SeededWeights(seed: 7, pool: Parallelism(threads: 2)), tensor)
        XCTAssertEqual(a, b)
        let c = try draw(SeededWeights(seed: 8, pool: Parallelism(threads: 2)), tensor)
        XCTAssertNotEqual(a, c)
        let other = try draw(SeededWeights(seed: 7), WeightTensor(key: "classifier.3.weight", shape: [40, 30_000], role: .linearWeight))
        XCTAssertNotEqual(a, other, "different keys draw from different streams")
    }

    func testHeStatistics() throws {
        let tensor = WeightTensor(key: "features.0.weight", shape: [64, 32, 3, 3], role: .convWeight)
        let values = try draw(SeededWeights(seed: 1), tensor)
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
        let expected: Float = 2 / Float(32 * 9)
        XCTAssertEqual(mean, 0, accuracy: 0.01, "seed 1")
        XCTAssertEqual(variance, expected, accuracy: expected * 0.05, "seed 1")
    }

    func testZigguratIsNormal() {
        var rng = SplitMix64(seed: 11)
        var values = [Float](repeating: 0, count: 400_000)
        values.withUnsafeMutableBufferPointer { rng.fillNormal($0, std: 1) }
        func fraction(_ limit: Float) -> Double { Double(values.filter { abs($0) < limit }.count) / Double(values.count) }
        // Standard normal: 68.27% within 1, 95.45% within 2, 99.73% within 3; tails beyond the ziggurat's r = 3.44 exist.
        XCTAssertEqual(fraction(1), 0.6827, accuracy: 0.003, "seed 11")
        XCTAssertEqual(fraction(2), 0.9545, accuracy: 0.002, "seed 11")
        XCTAssertEqual(fraction(3), 0.9973, accuracy: 0.0005, "seed 11")
        XCTAssertTrue(values.contains { abs($0) > 3.5 }, "the tail path runs")
        let mean = values.reduce(0, +) / Float(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01, "seed 11")
    }

    func testBatchNormInit() throws {
        let identity = SeededWeights(seed: 3)
        let random = SeededWeights(seed: 3, batchNormStatistics: .random)
        let gamma = WeightTensor(key: "features.1.weight", shape: [16], role: .batchNormGamma)
        let variance = WeightTensor(key: "features.1.running_var", shape: [16], role: .batchNormVariance)
        XCTAssertEqual(try draw(identity, gamma), Array(repeating: 1, count: 16))
        XCTAssertEqual(try draw(identity, variance), Array(repeating: 1, count: 16))
        let randomVariance = try draw(random, variance)
        XCTAssertTrue(randomVariance.allSatisfy { $0 >= 0.5 && $0 < 2 })
        XCTAssertNotEqual(randomVariance, Array(repeating: 1, count: 16))
        let bias = WeightTensor(key: "features.0.bias", shape: [16], role: .convBias)
        XCTAssertEqual(try draw(identity, bias), Array(repeating: 0, count: 16))
    }
}
