import VGGCore
import VGGRuntime

/// Exact totals with human units, the conv vs classifier split, memory, and the counting rule.
enum TotalsPane {
    /// The FLOPs figure with its rule, as much of the rule as fits. While another tool's rule is
    /// counted, the MACs doubled are named: torchinfo's.
    static func flopsLine(_ flops: Int, room: Int, counting tool: CountingTool = .default) -> String {
        if tool != .default {
            let exact = "\(NumberFormat.grouped(flops)) = 2 x torchinfo MACs"
            let human = "\(NumberFormat.grouped(flops)) (\(NumberFormat.human(flops))) = 2 x torchinfo MACs"
            return human.columns <= room ? human : exact
        }
        let base = "\(NumberFormat.grouped(flops)) (\(NumberFormat.human(flops))) = 2 x MACs"
        let full = base + " (Conv2d, Linear)"
        return full.columns <= room ? full : base
    }

    /// The peaks (GEMM, memory bandwidth) the roofline columns are measured against.
    static func machineLine(_ m: MachinePeaks) -> String {
        "machine \(NumberFormat.fixed(m.gemmGFLOPs, decimals: 1)) GFLOP/s · \(NumberFormat.fixed(m.bandwidthGBs, decimals: 1)) GB/s"
    }

    static func draw(_ state: AppState, into buffer: inout ScreenBuffer, at rect: Rect) {
        buffer.box(rect, title: state.specError == nil ? "Totals" : "Totals · last valid", style: .border)
        let inner = rect.inner
        guard inner.width > 4 else { return }
        let s = state.summary, t = s.totals, split = s.split
        // The counted figure follows the rule `C` picked; FLOPs stay 2 x torchinfo's conv/linear MACs.
        let tool = state.counting, counted = s.total(tool), countedSplit = s.split(tool)
        func h(_ v: Int) -> String { NumberFormat.human(v) }
        func pct(_ part: Int, _ whole: Int) -> String { NumberFormat.percent(part, of: whole) }

        // Ranks: what stays when the pane is short (7 rows at 24 lines): the headline figures and the
        // measured time first, the conv/fc splits last.
        var lines: [PaneLine] = [
            PaneLine("params", "\(NumberFormat.grouped(t.params))  (\(h(t.params)))", .accent, rank: 0),
            PaneLine("", "conv \(h(split.convParams)) \(pct(split.convParams, t.params)) · fc \(h(split.classifierParams)) \(pct(split.classifierParams, t.params))", rank: 7),
            // Another tool's figure says whose it is.
            PaneLine(tool.unit.rawValue, tool == .default ? "\(NumberFormat.grouped(counted))  (\(h(counted)))"
                        : "\(NumberFormat.grouped(counted)) (\(h(counted))) by \(tool.rawValue)", .accent, rank: 1),
            PaneLine("", "conv \(h(countedSplit.features)) \(pct(countedSplit.features, counted)) · fc \(h(countedSplit.classifier)) \(pct(countedSplit.classifier, counted))", rank: 8),
            PaneLine("FLOPs", flopsLine(t.flops, room: inner.width - 8, counting: tool), .accent, rank: 2),
            PaneLine("memory", "weights \(NumberFormat.bytes(t.paramBytes)) · act \(NumberFormat.bytes(t.activationBytes))", rank: 5),
            PaneLine("", "peak \(NumberFormat.bytes(t.peakBytes)) · RF \(s.receptiveFieldAtLastPool) px · float32", rank: 6),
        ]
        if let timing = state.currentTiming {
            let rate = timing.totalMilliseconds > 0 ? Double(t.flops) / (timing.totalMilliseconds * 1e6) : 0
            lines.append(PaneLine("time", "\(NumberFormat.fixed(timing.totalMilliseconds, decimals: 1)) ms · \(NumberFormat.fixed(rate, decimals: 1)) GFLOP/s", .ok, rank: 3))
            if let machine = timing.machine {
                lines.append(PaneLine("", machineLine(machine), rank: 4))
            }
        } else {
            lines.append(PaneLine("time", "not measured: r times a forward pass", .dim, rank: 9))
        }
        PaneLine.draw(lines, into: &buffer, at: inner)
    }
}
