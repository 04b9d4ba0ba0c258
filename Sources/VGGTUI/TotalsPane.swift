import VGGCore

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

        let room = PaneLine.room(inner)
        // Ranks: what stays when the pane is short (7 rows at 24 lines): the headline figures, what the last
        // edit changed and the measured time first, the conv/fc splits last.
        var lines: [PaneLine] = [
            PaneLine("params", "\(NumberFormat.grouped(t.params))  (\(h(t.params)))", .accent, rank: 0),
        ]
        if let d = state.lastDelta, d.paramsDelta != 0 { lines.append(PaneLine("", deltaLine(d, .params, room: room), .ok, rank: 1)) }
        lines += [
            PaneLine("", "conv \(h(split.convParams)) \(pct(split.convParams, t.params)) · fc \(h(split.classifierParams)) \(pct(split.classifierParams, t.params))", rank: 11),
            // Another tool's figure says whose it is.
            PaneLine(tool.unit.rawValue, tool == .default ? "\(NumberFormat.grouped(counted))  (\(h(counted)))"
                        : "\(NumberFormat.grouped(counted)) (\(h(counted))) by \(tool.rawValue)", .accent, rank: 2),
        ]
        if let d = state.lastDelta, d.macsDelta != 0 { lines.append(PaneLine("", deltaLine(d, .macs, room: room), .ok, rank: 3)) }
        lines += [
            PaneLine("", "conv \(h(countedSplit.features)) \(pct(countedSplit.features, counted)) · fc \(h(countedSplit.classifier)) \(pct(countedSplit.classifier, counted))", rank: 12),
            PaneLine("FLOPs", flopsLine(t.flops, room: room, counting: tool), .accent, rank: 4),
            PaneLine("memory", "weights \(NumberFormat.bytes(t.paramBytes)) · act \(NumberFormat.bytes(t.activationBytes))", rank: 7),
            PaneLine("", "peak \(NumberFormat.bytes(t.peakBytes)) · RF \(s.receptiveFieldAtLastPool) px · float32", rank: 9),
        ]
        if let cost = try? TrainingCost(s) {
            lines.append(PaneLine("train", trainingLine(cost, room: room), rank: 8))
        }
        if let timing = state.currentTiming {
            let rate = timing.totalMilliseconds > 0 ? Double(t.flops) / (timing.totalMilliseconds * 1e6) : 0
            lines.append(PaneLine("time", "\(NumberFormat.fixed(timing.totalMilliseconds, decimals: 1)) ms · \(NumberFormat.fixed(rate, decimals: 1)) GFLOP/s", .ok, rank: 5))
            if let machine = timing.machine {
                lines.append(PaneLine("", machineLine(machine), rank: 6))
            }
        } else {
            lines.append(PaneLine("time", "not measured: r times a forward pass", .dim, rank: 13))
        }
        PaneLine.draw(lines, into: &buffer, at: inner)
    }

    /// `Δ −20.97 M from 43.09 M · 100% classifier.0`, shortened to fit.
    static func deltaLine(_ d: SummaryDelta, _ metric: SummaryDelta.Metric, room: Int) -> String {
        let (before, delta) = metric == .params ? (d.paramsBefore, d.paramsDelta) : (d.macsBefore, d.macsDelta)
        let head = "Δ \(SummaryDelta.signed(delta)) from \(NumberFormat.human(before))"
        guard let (top, share) = d.largest(metric) else { return head }
        let pct = NumberFormat.fixed(100 * share, decimals: 0) + "%"
        let candidates = [head + " · \(pct) in \(top.name)", head + " · \(pct) \(top.name)", "Δ \(SummaryDelta.signed(delta)) · \(pct) \(top.name)", head]
        return candidates.first { $0.columns <= room } ?? head
    }

    /// `fwd+bwd 22.85 G MACs · step 2.19 GB (Adam)`: one training step, the rules on the explanations page.
    static func trainingLine(_ c: TrainingCost, room: Int) -> String {
        let candidates = [
            "fwd+bwd \(NumberFormat.human(c.stepMACs)) MACs · step \(NumberFormat.bytes(c.stepBytes)) (\(c.optimizer.label))",
            "\(NumberFormat.human(c.stepMACs)) MACs · \(NumberFormat.bytes(c.stepBytes)) \(c.optimizer.label)",
        ]
        return candidates.first { $0.columns <= room } ?? candidates[1]
    }
}
