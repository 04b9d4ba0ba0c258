import VGGCore
import VGGKernels

/// What `bench` prints for one model: whole-pass statistics, per-layer medians against the roofline,
/// and the counting rules. One value feeds the text, markdown and JSON renderings.
public struct BenchmarkReport: Sendable {
    public var model: String
    public var input: [Int]
    public var threads: Int
    public var convAlgorithm: ConvAlgorithm
    /// "release" or "debug" (the CLI knows how it was compiled).
    public var build: String
    public var warmup: Int
    public var repeats: Int
    public var result: Benchmark.Result
    public var rows: [LayerPerformance]
    public var peaks: MachinePeaks
    public var totalFLOPs: Int
    /// Whether a MaxPool2d ran in a conv's epilogue (for the notes).
    public var maxPoolFused: Bool
    /// The machine the plan was made for (ISA, peaks the cost model used).
    public var machine: MachineProfile
    /// The plan's predicted whole-pass seconds (sum of its steps).
    public var predictedSeconds: Double

    public init(model: VGGModel, result: Benchmark.Result, peaks: MachinePeaks, benchmark: Benchmark, build: String) {
        self.model = model.summary.spec.name
        input = model.inputShape
        threads = model.options.threads
        convAlgorithm = model.options.convAlgorithm
        self.build = build
        warmup = benchmark.warmup
        repeats = benchmark.repeats
        self.result = result
        rows = LayerPerformance.rows(summary: model.summary, layers: model.layers, seconds: result.layerMedians,
                                     totalSeconds: result.layerMedians.reduce(0, +))
        self.peaks = peaks
        totalFLOPs = model.summary.totals.flops
        machine = model.plan.machine
        predictedSeconds = model.plan.predictedSeconds
        maxPoolFused = zip(model.summary.layers, model.layers).contains { facts, execution in
            if case .maxPool2d = facts.layer.op { return execution.mode != .kernel }
            return false
        }
    }

    public var imagesPerSecond: Double { result.medianSeconds > 0 ? Double(input[0]) / result.medianSeconds : 0 }
    public var gflops: Double { result.medianSeconds > 0 ? Double(totalFLOPs) / result.medianSeconds / 1e9 : 0 }
    public var usesWinograd: Bool { rows.contains { $0.algorithm?.isWinograd == true } }

    private static func ms(_ seconds: Double) -> String { NumberFormat.fixed(seconds * 1000, decimals: 2) }
    private static func opt(_ value: Double?, _ decimals: Int) -> String {
        value.map { NumberFormat.fixed($0, decimals: decimals) } ?? "-"
    }

    public var headline: String {
        "\(TerminalSafe.escape(model)): input \(input.map(String.init).joined(separator: "x")), \(threads) thread\(threads == 1 ? "" : "s"),"
            + " conv \(convAlgorithm.rawValue), \(build) build, warmup \(warmup), repeat \(repeats)"
    }

    public var machineLine: String {
        "machine: GEMM peak \(NumberFormat.fixed(peaks.gemmGFLOPs, decimals: 1)) GFLOP/s (GEMM.sgemm 768^3),"
            + " memory bandwidth \(NumberFormat.fixed(peaks.bandwidthGBs, decimals: 1)) GB/s (best of a 128 MB streaming read and a 64 MB copy)"
    }

    public var planLine: String {
        "plan: \(machine.description); predicted \(Self.ms(predictedSeconds)) ms per pass"
    }

    public var totalLine: String {
        "total: median \(Self.ms(result.medianSeconds)) ms, min \(Self.ms(result.minSeconds)) ms,"
            + " max \(Self.ms(result.maxSeconds)) ms; \(NumberFormat.fixed(imagesPerSecond, decimals: 2)) images/s;"
            + " \(NumberFormat.fixed(gflops, decimals: 1)) GFLOP/s"
    }

    public var notes: [String] {
        // The FLOPs/intensity/roof rule is LayerPerformance's, shared with the TUI's export: one wording.
        var notes = [
            LayerPerformance.rule,
            "share = fraction of the sum of layer medians. predicted = the execution plan's cost model (ConvCostModel:"
                + " FLOPs issued incl. tile padding / (threads x GEMM peak x efficiency), bytes / bandwidth, call and sync"
                + " overhead), which picked each conv's algorithm and threads.",
            "fused: BatchNorm is folded into the preceding conv's weights and ReLU runs in the conv/linear epilogue"
                + (maxPoolFused ? ", as does a 2x2 MaxPool after a conv (the conv writes the pooled map)" : "")
                + "; their time is on that row and 0 on theirs. view: Flatten and Dropout do no work at inference.",
        ]
        if usesWinograd {
            notes.append("Winograd F(4x4,3x3) does 36 multiplications per 16 outputs of a 3x3 conv where the direct count"
                + " has 144 (4x fewer, before tile padding).")
        }
        return notes
    }

    public func table() -> ReportTable {
        var table = ReportTable(columns: [
            .init("layer", .left), .init("kind", .left), .init("algorithm", .left), .init("thr"), .init("predicted ms"),
            .init("median ms"),
            .init("share"), .init("GFLOP/s"), .init("FLOP/B"), .init("roof GFLOP/s"), .init("% roof"),
        ])
        for row in rows {
            let algorithm = LayerExecution.label(mode: row.mode, algorithm: row.algorithm, linearMethod: row.linearMethod)
            let measured = row.mode == .kernel
            table.rows.append(.init([
                row.name, row.kind, algorithm, row.threads.map(String.init) ?? "",
                measured ? Self.ms(row.predictedSeconds) : "", measured ? Self.ms(row.seconds) : "0",
                measured ? NumberFormat.fixed(row.share * 100, decimals: 1) + "%" : "-",
                Self.opt(row.gflops, 1), Self.opt(row.intensity, 1), Self.opt(row.rooflineGFLOPs(peaks), 1),
                row.rooflinePercent(peaks).map { NumberFormat.fixed($0, decimals: 0) + "%" } ?? "-",
            ]))
        }
        table.rows.append(.init([
            "total", "", "", "", Self.ms(predictedSeconds), Self.ms(result.medianSeconds), "100%", NumberFormat.fixed(gflops, decimals: 1), "", "", "",
        ], isTotal: true))
        return table
    }

    public func text(style: TextStyle) -> String {
        [headline, machineLine, planLine, totalLine].joined(separator: "\n") + "\n\n" + table().text(style: style) + "\n"
            + notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        "### \(headline)\n\n\(machineLine)\n\n\(planLine)\n\n\(totalLine)\n\n" + table().markdown() + "\n"
            + notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
    }

    public func json() -> JSON {
        func number(_ v: Double?, _ decimals: Int) -> JSON {
            guard let v, v.isFinite else { return .null }
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            return .double((v * scale).rounded() / scale)
        }
        let layers: [JSON] = rows.map { row in
            let mode: String
            switch row.mode {
            case .kernel: mode = "kernel"
            case .fused: mode = "fused"
            case .view: mode = "view"
            }
            return .object([
                ("name", .string(row.name)), ("kind", .string(row.kind)),
                ("algorithm", (row.algorithm?.rawValue ?? row.linearMethod?.rawValue).map { .string($0) } ?? .null), ("mode", .string(mode)),
                ("threads", row.threads.map { .int($0) } ?? .null),
                ("predicted_ms", number(row.mode == .kernel ? row.predictedSeconds * 1000 : nil, 4)),
                ("median_ms", number(row.seconds * 1000, 4)), ("gflops", number(row.gflops, 2)),
                ("intensity", number(row.intensity, 2)), ("roofline_pct", number(row.rooflinePercent(peaks), 1)),
            ])
        }
        return .object([
            ("model", .string(model)), ("input", .array(input.map { .int($0) })), ("threads", .int(threads)),
            ("conv_algo", .string(convAlgorithm.rawValue)), ("build", .string(build)),
            ("warmup", .int(warmup)), ("repeat", .int(repeats)),
            ("total_ms", .object([("median", number(result.medianSeconds * 1000, 3)),
                                  ("min", number(result.minSeconds * 1000, 3)),
                                  ("max", number(result.maxSeconds * 1000, 3))])),
            ("images_per_s", number(imagesPerSecond, 3)), ("gflops", number(gflops, 2)),
            ("peak_gflops", number(peaks.gemmGFLOPs, 2)), ("bandwidth_gbs", number(peaks.bandwidthGBs, 2)),
            ("flops_rule", .string(LayerPerformance.flopsRule)),
            ("isa", .string(machine.isa.rawValue)), ("predicted_ms", number(predictedSeconds * 1000, 3)),
            ("layers", .array(layers)),
        ])
    }
}
