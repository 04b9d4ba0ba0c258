import VGGCore

/// Everything known about one layer: its op, shapes, exact counts, memory, receptive field and
/// measured time. Shown in place of the totals while the layers pane has focus.
enum LayerDetailPane {
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
        }
    }

    static func draw(_ state: AppState, layer index: Int, into buffer: inout ScreenBuffer, at rect: Rect) {
        let f = state.summary.layers[index]
        buffer.box(rect, title: "Layer \(f.name) (Tab: totals)", style: .focusBorder)
        let inner = rect.inner
        guard inner.width > 10 else { return }
        let t = state.summary.totals
        var lines: [(String, String, Style)] = [
            ("op", describe(f.layer.op), .accent),
            ("shape", "\(f.inputShape) → \(f.outputShape)", .normal),
            ("params", "\(NumberFormat.grouped(f.params)) · \(NumberFormat.percent(f.params, of: t.params)) of all", .normal),
            ("MACs", "\(NumberFormat.grouped(f.macs)) · \(NumberFormat.percent(f.macs, of: t.macs)) of all", .normal),
            ("FLOPs", f.layer.op.countsFLOPs ? "\(NumberFormat.grouped(f.flops)) = 2 x MACs" : "0 (counted for Conv2d, Linear)", .normal),
            ("memory", "output \(NumberFormat.bytes(f.activationBytes)), float32", .normal),
            ("RF", "\(f.receptiveField) px, jump \(f.jump)", .normal),
        ]
        if let timing = state.currentTiming?.timing(for: f.name) {
            var text: String
            if timing.algorithm.hasPrefix("fused") {
                text = timing.algorithm
            } else if timing.algorithm == "view" {
                text = "no work at inference (a view)"
            } else {
                text = "\(NumberFormat.fixed(timing.milliseconds, decimals: 3)) ms"
                if let g = timing.gflops { text += " · \(NumberFormat.fixed(g, decimals: 1)) GFLOP/s" }
                if !timing.algorithm.isEmpty { text += " · \(timing.algorithm)" }
            }
            lines.append(("time", text, .ok))
        } else {
            lines.append(("time", "not measured: r times a forward pass", .dim))
        }
        for (i, (label, value, style)) in lines.prefix(inner.height).enumerated() {
            buffer.put(label, x: inner.x + 1, y: inner.y + i, style: .dim, maxWidth: 7)
            buffer.put(value, x: inner.x + 8, y: inner.y + i, style: style, maxWidth: inner.width - 8)
        }
    }
}
