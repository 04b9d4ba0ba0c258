import VGGCore
import VGGKernels
import XCTest
@testable import VGGRuntime

final class BenchmarkReportTests: XCTestCase {
    func testRooflineArithmetic() {
        let peaks = MachinePeaks(gemmGFLOPs: 100, bandwidthGBs: 10)
        // 2 GFLOP over 0.1 GB moved: intensity 20 FLOP/B, bound min(100, 20 x 10) = 100.
        var layer = LayerPerformance(name: "features.0", kind: "Conv2d", mode: .kernel, algorithm: .gemm,
                                     seconds: 0.04, share: 0.5, flops: 2_000_000_000, bytes: 100_000_000)
        XCTAssertEqual(layer.gflops!, 50, accuracy: 1e-9)
        XCTAssertEqual(layer.intensity!, 20, accuracy: 1e-9)
        XCTAssertEqual(layer.rooflineGFLOPs(peaks)!, 100, accuracy: 1e-9)
        XCTAssertEqual(layer.rooflinePercent(peaks)!, 50, accuracy: 1e-9)
        // Memory bound: 0.5 FLOP/B -> bound 5 GFLOP/s.
        layer.bytes = 4_000_000_000
        XCTAssertEqual(layer.rooflineGFLOPs(peaks)!, 5, accuracy: 1e-9)
        layer.flops = 0
        XCTAssertNil(layer.gflops)
        XCTAssertNil(layer.rooflinePercent(peaks))
    }

    /// The report's whole-pass line and JSON from known pass times: an even count takes the mean of the middle two
    /// (40, 10, 30, 12 ms -> 21 ms, where the mean would be 23), images/s = batch / median and GFLOP/s = FLOPs / median.
    func testTotalsFromKnownPassTimes() throws {
        let spec = VGGModelTests.smallSpecs()[0]
        let summary = try ModelSummary(spec: spec)
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                 options: ExecutionOptions(threads: 1, memoryLimit: .unchecked))
        let benchmark = Benchmark(warmup: 0, repeats: 1)
        var result = try benchmark.run(model, input: VGGModel.randomInput(shape: spec.input, seed: 1))
        result.totals = [0.040, 0.010, 0.030, 0.012]
        let report = BenchmarkReport(model: model, result: result, peaks: MachinePeaks(gemmGFLOPs: 100, bandwidthGBs: 10),
                                     benchmark: benchmark, build: "debug")
        let batch = Double(spec.input.batch), flops = Double(summary.totals.flops)
        XCTAssertEqual(report.imagesPerSecond, batch / 0.021, accuracy: 1e-9)
        XCTAssertEqual(report.gflops, flops / 0.021 / 1e9, accuracy: 1e-12)
        XCTAssertTrue(report.totalLine.hasPrefix("total: median 21.00 ms, min 10.00 ms, max 40.00 ms; "), report.totalLine)
        XCTAssertEqual(report.json()["total_ms"], .object([("median", .double(21)), ("min", .double(10)), ("max", .double(40))]))
    }

    func testMedian() {
        XCTAssertEqual(Statistics.median([3, 1, 2]), 2)
        XCTAssertEqual(Statistics.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(Statistics.median([]), 0)
    }

    func testReportCoversEveryLayer() throws {
        let spec = VGGModelTests.smallSpecs()[0]
        let summary = try ModelSummary(spec: spec)
        let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                 options: ExecutionOptions(threads: 2, memoryLimit: .unchecked))
        let benchmark = Benchmark(warmup: 1, repeats: 3)
        var passes = Set<Int>()
        let result = try benchmark.run(model, input: VGGModel.randomInput(shape: spec.input, seed: 1)) { pass, total, _ in
            XCTAssertEqual(total, 4)
            passes.insert(pass)
        }
        XCTAssertEqual(passes, [1, 2, 3, 4])
        XCTAssertEqual(result.totals.count, 3)
        // The whole-pass statistics are the order statistics of the three timed passes, ranked here by hand.
        let (t0, t1, t2) = (result.totals[0], result.totals[1], result.totals[2])
        XCTAssertEqual(result.minSeconds, min(t0, t1, t2))
        XCTAssertEqual(result.maxSeconds, max(t0, t1, t2))
        XCTAssertEqual(result.medianSeconds, t0 + t1 + t2 - min(t0, t1, t2) - max(t0, t1, t2))
        let report = BenchmarkReport(model: model, result: result, peaks: MachinePeaks(gemmGFLOPs: 100, bandwidthGBs: 10),
                                     benchmark: benchmark, build: "debug")
        XCTAssertEqual(report.rows.map(\.name), summary.layers.map(\.name))
        XCTAssertEqual(report.rows.map(\.share).reduce(0, +), 1, accuracy: 1e-9)
        let json = report.json()
        for key in ["model", "input", "threads", "total_ms", "images_per_s", "gflops", "peak_gflops", "bandwidth_gbs", "layers"] {
            XCTAssertNotNil(json[key], key)
        }
        guard case let .array(layers)? = json["layers"] else { return XCTFail("layers is not an array") }
        XCTAssertEqual(layers.count, summary.layers.count)
        for key in ["name", "kind", "algorithm", "median_ms", "gflops", "intensity", "roofline_pct"] {
            XCTAssertNotNil(layers[0][key], key)
        }
        XCTAssertEqual(layers[1]["median_ms"], .double(0), "a fused BatchNorm row reports 0")
        let text = report.text(style: .ascii)
        XCTAssertTrue(text.contains("fused into features.0"))
        XCTAssertTrue(text.contains("FLOPs = 2 x torchinfo MACs"))
        XCTAssertEqual(report.table().rows.count, summary.layers.count + 1)
    }

    /// The notes state LayerPerformance's rule word for word (one source with the TUI's export), and the
    /// Winograd note, only when a layer ran Winograd, gives F(4x4,3x3)'s real saving: 144 / 36 = 4x.
    func testNotesShareTheCountingRuleAndStateWinogradsSaving() throws {
        let spec = VGGModelTests.smallSpecs()[2]
        let summary = try ModelSummary(spec: spec)
        let benchmark = Benchmark(warmup: 0, repeats: 1)
        for algorithm in [ConvAlgorithm.gemm, .winograd] {
            let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                     options: ExecutionOptions(threads: 1, convAlgorithm: algorithm, memoryLimit: .unchecked))
            let result = try benchmark.run(model, input: VGGModel.randomInput(shape: spec.input, seed: 1)) { _, _, _ in }
            let report = BenchmarkReport(model: model, result: result, peaks: MachinePeaks(gemmGFLOPs: 100, bandwidthGBs: 10),
                                         benchmark: benchmark, build: "debug")
            XCTAssertEqual(report.usesWinograd, algorithm == .winograd, "\(algorithm)")
            XCTAssertEqual(report.notes.first, LayerPerformance.rule)
            XCTAssertEqual(report.json()["flops_rule"], .string(LayerPerformance.flopsRule))
            let text = report.text(style: .ascii)
            XCTAssertTrue(text.contains("- " + LayerPerformance.rule + "\n"), text)
            XCTAssertFalse(text.contains("2.25x"), text)
            XCTAssertEqual(text.contains("36 multiplications per 16 outputs") && text.contains("144 (4x fewer"),
                           algorithm == .winograd, text)
        }
    }

    func testFusedMaxPoolRowsAndBytes() throws {
        let spec = VGGModelTests.smallSpecs()[2]     // features.0 Conv2d, .1 ReLU, .2 MaxPool2d, ...
        let summary = try ModelSummary(spec: spec)
        let facts = summary.layers
        guard case .maxPool2d = facts[2].layer.op else { return XCTFail("features.2 should be a MaxPool2d") }
        for fuse in [true, false] {
            let model = try VGGModel(summary: summary, weights: SeededWeights(seed: 1),
                                     options: ExecutionOptions(threads: 1, memoryLimit: .unchecked, fuseMaxPool: fuse))
            let benchmark = Benchmark(warmup: 0, repeats: 1)
            let result = try benchmark.run(model, input: VGGModel.randomInput(shape: spec.input, seed: 1))
            let report = BenchmarkReport(model: model, result: result, peaks: MachinePeaks(gemmGFLOPs: 100, bandwidthGBs: 10),
                                         benchmark: benchmark, build: "debug")
            XCTAssertEqual(report.rows[2].mode, fuse ? .fused(into: "features.0") : .kernel)
            XCTAssertEqual(result.layerMedians[2] == 0, fuse, "a fused pool reports 0 ms")
            // The conv row moves what its kernel call writes: the pooled map when the pool is fused.
            XCTAssertEqual(report.rows[0].bytes, facts[0].params * 4 + facts[0].inputBytes + facts[fuse ? 2 : 0].activationBytes)
            let text = report.text(style: .ascii)
            XCTAssertEqual(text.contains("as does a 2x2 MaxPool after a conv"), fuse)
            let poolLine = text.split(separator: "\n").first { $0.hasPrefix("features.2 ") }
            XCTAssertEqual(poolLine?.contains("fused into features.0"), fuse, String(poolLine ?? ""))
        }
    }

    func testProbeReportsPositiveFigures() {
        // Tiny budgets: this checks the probe runs and returns sane numbers, not how fast the machine is.
        let pool = Parallelism(threads: 2)
        XCTAssertGreaterThan(MachinePeaks.gemmPeak(pool: pool, seconds: 0.001, size: 64), 0)
        XCTAssertGreaterThan(MachinePeaks.copyBandwidth(pool: pool, seconds: 0.001, bytes: 1 << 20), 0)
        XCTAssertGreaterThan(MachinePeaks.readBandwidth(pool: pool, seconds: 0.001, bytes: 1 << 20), 0)
    }
}
