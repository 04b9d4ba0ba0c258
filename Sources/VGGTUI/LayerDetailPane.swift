import VGGCore

/// Everything known about one layer: its op, shapes, exact counts, memory, receptive field and
/// measured time. Shown in place of the totals while the layers pane has focus.
enum LayerDetailPane {
    /// The op in the longest wording that fits `room` (a narrow pane drops words, never a size: "pad" without its
    /// number was what giving up whole words left of a 512-channel conv at 80 columns).
    static func describe(_ op: LayerOp, room: Int) -> String {
        let full = describe(op)
        guard full.count > room else { return full }
        let shorter: [String]
        switch op {
        case let .conv2d(cin, cout, k, s, p):
            shorter = ["Conv2d \(cin)→\(cout), \(k)x\(k)/\(s), pad \(p)", "Conv \(cin)→\(cout) \(k)x\(k)/\(s) p\(p)"]
        case let .maxPool2d(k, s): shorter = ["MaxPool2d \(k)x\(k)/\(s)"]
        case let .localResponseNorm(size, alpha, beta, k):
            shorter = ["LRN size \(size), alpha \(alpha), beta \(beta), k \(k)", "LRN \(size) α\(alpha) β\(beta) k\(k)"]
        case .dropout(let p): shorter = ["Dropout p=\(NumberFormat.fixed(p, decimals: 2)), identity"]
        default: shorter = []
        }
        return shorter.first { $0.count <= room } ?? shorter.last ?? full
    }

    static func describe(_ op: LayerOp) -> String {
        switch op {
        case let .conv2d(cin, cout, k, s, p): "Conv2d \(cin)→\(cout), \(k)x\(k), stride \(s), pad \(p)"
        case .batchNorm2d(let c): "BatchNorm2d, \(c) channels"
        case .relu: "ReLU"
        case let .maxPool2d(k, s): "MaxPool2d \(k)x\(k), stride \(s)"
        case let .adaptiveAvgPool2d(h, w): "AdaptiveAvgPool2d to \(h)x\(w)"
        case .flatten: "Flatten"
        case let .linear(i, o): "Linear \(i)→\(o)"
        case .dropout(let p): "Dropout p=\(NumberFormat.fixed(p, decimals: 2)), identity at inference"
        case let .localResponseNorm(size, alpha, beta, k):
            "LocalResponseNorm size \(size), alpha \(alpha), beta \(beta), k \(k)"
        }
    }

    /// The share of the roofline bound achieved, the bound and the intensity it comes from, as much as
    /// fits `room` ("roof 67% of 150.0 GFLOP/s · intensity 13.4 FLOP/B"); nil for layers without FLOPs.
    static func roofLine(_ t: LayerTime, room: Int) -> String? {
        guard let intensity = t.intensity else { return nil }
        let flopsPerByte = "\(LayersPane.intensityText(intensity)) FLOP/B"
        guard let roof = t.roofGFLOPs else { return "intensity \(flopsPerByte) · machine not probed" }
        let bound = NumberFormat.fixed(roof, decimals: 1)
        let percent = t.roofPercent.map(LayersPane.percentText) ?? "-"
        let candidates = [
            "\(percent) of \(bound) GFLOP/s · intensity \(flopsPerByte)",
            "\(percent) of \(bound) GFLOP/s · \(flopsPerByte)",
            "\(percent) of \(bound) · \(flopsPerByte)",
        ]
        return candidates.first { $0.columns <= room } ?? candidates[candidates.count - 1]
    }

    /// The plan's prediction next to the measured time, the algorithm and its threads, then the rate, as much as
    /// fits `room` ("predicted 1.200 ms · measured 1.500 ms · winograd (2 threads) · 98.0 GFLOP/s"; at the
    /// narrowest "1.500 ms (plan 1.200) · winograd").
    static func timeLine(_ t: LayerTime, room: Int) -> String {
        if t.algorithm.hasPrefix("fused") { return t.algorithm }
        if t.algorithm == "view" { return "no work at inference (a view)" }
        let measured = "\(NumberFormat.fixed(t.milliseconds, decimals: 3)) ms"
        let rate = t.gflops.map { " · \(NumberFormat.fixed($0, decimals: 1)) GFLOP/s" } ?? ""
        let algorithm = t.algorithm.isEmpty ? "" : " · \(t.algorithm)"
        guard let predicted = t.predictedMilliseconds.map({ NumberFormat.fixed($0, decimals: 3) }) else {
            return measured + rate + algorithm
        }
        let threads = t.threads.map { " (\($0) thread\($0 == 1 ? "" : "s"))" } ?? ""
        let short = t.threads.map { " (\($0)t)" } ?? ""
        let candidates = [
            "predicted \(predicted) ms · measured \(measured)\(algorithm)\(threads)\(rate)",
            "predicted \(predicted) ms · measured \(measured)\(algorithm)\(threads)",
            "predicted \(predicted) · measured \(measured)\(algorithm)\(short)",
            "pred \(predicted) · meas \(measured)\(algorithm)\(short)",
            // Narrow panes keep the algorithm before the words "predicted" and "measured".
            "\(measured) (plan \(predicted))\(algorithm)\(short)",
            "\(measured) (plan \(predicted))\(algorithm)",
            "\(measured) (plan \(predicted))",
        ]
        return candidates.first { $0.columns <= room } ?? candidates[candidates.count - 1]
    }

    /// The one thing about this layer a learner is likely to doubt, if any, in the longest wording that fits
    /// `room` (`?` twice gives the long form).
    static func why(_ f: LayerFacts, state: AppState, timing: LayerTime?, room: Int) -> String? {
        var candidates: [String] = []
        let input = state.summary.spec.input
        let winograd = timing?.algorithm.hasPrefix("winograd") == true
        if let t = timing, let g = t.gflops, let peak = state.currentTiming?.machine?.gemmGFLOPs, g > peak, winograd {
            candidates = ["\(t.algorithm) passes the GEMM peak: GFLOP/s counts direct-conv FLOPs (? ?)",
                          "GFLOP/s counts direct-conv FLOPs (? ?)", "counts direct-conv FLOPs (? ?)"]
        } else if let t = timing, let roof = t.roofPercent, roof > 100, winograd {
            candidates = ["roof% > 100: \(t.algorithm) does fewer multiplies than counted (? ?)",
                          "\(t.algorithm): fewer multiplies than counted", "fewer multiplies (? ?)"]
        } else if let t = timing, let roof = t.roofPercent, roof > 100 {
            // Not Winograd: the bytes came from cache (the roof assumes DRAM), or the one-off probe ran low.
            candidates = ["roof% > 100: its weights stayed in cache; the roof assumes DRAM (? ?)",
                          "roof% > 100: weights served from cache (? ?)", "served from cache (? ?)"]
        } else if case .adaptiveAvgPool2d(let h, let w) = f.layer.op {
            let features = NumberFormat.grouped(f.outputShape.elements / max(1, f.outputShape.batch))
            candidates = ["\(h)x\(w) at any input: classifier.0 takes \(f.outputShape.channels)x\(h)x\(w) = \(features)",
                          "\(h)x\(w) at any input: \(features) features", "\(features) features at any input"]
        } else if case .flatten = f.layer.op {
            let i = f.inputShape
            let features = NumberFormat.grouped(f.outputShape.channels)
            candidates = ["\(i.channels)x\(i.height)x\(i.width) = \(features) features for classifier.0",
                          "\(i.channels)x\(i.height)x\(i.width) = \(features) features", "\(features) features"]
        } else if f.receptiveField > max(input.height, input.width) {
            candidates = ["RF \(f.receptiveField) > input \(input.height): it counts zero-padded positions (? ?)",
                          "RF > input: counts the zero padding (? ?)", "RF counts the padding"]
        }
        guard !candidates.isEmpty else { return nil }
        return candidates.first { $0.columns <= room } ?? candidates[candidates.count - 1]
    }

    static func draw(_ state: AppState, layer index: Int, into buffer: inout ScreenBuffer, at rect: Rect) {
        let f = state.summary.layers[index]
        buffer.box(rect, title: "Layer \(f.name) (Tab: totals)", style: .focusBorder)
        let inner = rect.inner
        guard inner.width > 10 else { return }
        let t = state.summary.totals, tool = state.counting
        // Ranks: what stays when the pane is short (7 rows at 24 lines): the measured time and roofline
        // before memory and receptive field, which the layers table also shows.
        var lines: [PaneLine] = [
            PaneLine("op", describe(f.layer.op, room: PaneLine.room(inner)), .accent, rank: 0),
            PaneLine("shape", "\(f.inputShape) → \(f.outputShape)", rank: 1),
            PaneLine("params", "\(NumberFormat.grouped(f.params)) · \(NumberFormat.percent(f.params, of: t.params)) of all", rank: 2),
            PaneLine(tool.unit.rawValue, "\(NumberFormat.grouped(f.counts[tool])) · "
                        + "\(NumberFormat.percent(f.counts[tool], of: state.summary.total(tool))) of all"
                        + (tool == .default ? "" : " by \(tool.rawValue)"), rank: 3),
            PaneLine("FLOPs", f.layer.op.countsFLOPs ? "\(NumberFormat.grouped(f.flops)) = 2 x \(tool == .default ? "" : "torchinfo ")MACs"
                        : "0 (counted for Conv2d, Linear)", rank: 4),
            PaneLine("memory", "output \(NumberFormat.bytes(f.activationBytes)), float32", rank: 7),
            PaneLine("RF", "\(f.receptiveField) px, jump \(f.jump)", rank: 8),
        ]
        if let why = why(f, state: state, timing: state.currentTiming?.timing(for: f.name), room: inner.width - 8) {
            lines.append(PaneLine("why", why, .dim, rank: 2))
        }
        if let timing = state.currentTiming?.timing(for: f.name) {
            let text = timeLine(timing, room: PaneLine.room(inner))
            lines.append(PaneLine("time", text, .ok, rank: 5))
            if let roof = roofLine(timing, room: inner.width - 8) {
                lines.append(PaneLine("roof", roof, .ok, rank: 6))
            }
        } else {
            lines.append(PaneLine("time", "not measured: r times a forward pass", .dim, rank: 9))
        }
        PaneLine.draw(lines, into: &buffer, at: inner)
    }
}
