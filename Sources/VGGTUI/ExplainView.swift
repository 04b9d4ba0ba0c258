import VGGCore

/// "Why these numbers": the figures a learner may doubt, each explained with this network's values.
/// Reached by pressing `?` twice (the keys, then this page).
enum ExplainView {
    static func items(_ state: AppState) -> [(String, String)] {
        let s = state.summary
        var out: [(String, String)] = []
        out.append(("What changed", "After every edit, undo and redo the status line shows params and MACs before → after, "
            + "the signed change and the layer with the largest share of it (layers matched by place: block and kind, "
            + "or name after the blocks; added and removed ones count). Δ marks the changed rows of the layer table until the next edit."))
        if let flatten = s.layers.first(where: { if case .flatten = $0.layer.op { true } else { false } }) {
            let i = flatten.inputShape
            let features = "\(i.channels)x\(i.height)x\(i.width) = \(NumberFormat.grouped(flatten.outputShape.channels))"
            let head = s.spec.head == .avgpool7
                ? "avgpool7 (AdaptiveAvgPool2d 7x7) averages the last map to 7x7 whatever the input size, so "
                    + "classifier.0 always takes \(features) features: resizing the input leaves the classifier alone."
                : "flatten feeds the last map straight in, so classifier.0's width follows the image: here \(features) "
                    + "features; halving the input quarters them (d2l's choice)."
            out.append(("Classifier input", head))
        }
        let rf = s.receptiveFieldAtLastPool
        out.append(("RF larger than the input", "The receptive field is the input window one output can see, "
            + "r += (k - 1) x jump: \(rf) px at the last pool for a \(s.spec.input.height)x\(s.spec.input.width) input. "
            + "It counts positions in the zero padding too, so it can exceed the image; after Flatten a unit sees "
            + "the whole last map."))
        out.append(("roof%", "Measured GFLOP/s over the roofline bound min(GEMM peak, FLOP/B x memory bandwidth); "
            + "FLOP/B = FLOPs per byte of weights + input + output. Peaks are probed once per session at the first r."))
        out.append(("pred", "The execution plan's cost-model ms for each kernel call (conv algorithm and threads chosen for "
            + "the probed peaks), beside the measured ms; Tab on a layer shows both with the algorithm."))
        out.append(("GFLOP/s above the peak", "Effective GFLOP/s counts the direct-convolution FLOPs (2 x MACs). "
            + "Winograd F(4x4, 3x3) computes the same 3x3 convolution with about 4x fewer multiplies, so its effective "
            + "rate (and roof%) can pass the machine's GEMM peak: not a bug. Other layers pass their roof when their "
            + "weights stay in the last-level cache from one pass to the next (the roof assumes DRAM bandwidth)."))
        if let cost = try? TrainingCost(s) {
            out.append(("Training cost", TrainingCost.macsRule + " Here: \(NumberFormat.human(cost.forwardMACs)) + "
                + "\(NumberFormat.human(cost.backwardMACs)) = \(NumberFormat.human(cost.stepMACs)) MACs per step."))
            out.append(("Training memory", TrainingCost.memoryRule + " Here (\(cost.optimizer.label)): "
                + "\(NumberFormat.bytes(cost.weightBytes)) + \(NumberFormat.bytes(cost.gradientBytes)) + "
                + "\(NumberFormat.bytes(cost.optimizerBytes)) + \(NumberFormat.bytes(cost.savedActivationBytes)) = "
                + "\(NumberFormat.bytes(cost.stepBytes)). " + otherOptimizers(s)
                + " (vggscope summary --optimizer sgd|momentum|adam)."))
        }
        out.append(("Counts", "The title bar counts leaf layers (\(s.layers.count)); the layer pane's rows add a heading per "
            + "group. Tab focuses the layers: the box under the blocks then explains the layer under the cursor."))
        return out
    }

    /// The page as lines for a screen `width` wide: (title column, text).
    static func lines(_ state: AppState, width: Int) -> [(String, String)] {
        let keyWidth = width >= 100 ? 26 : 0
        var out: [(String, String)] = []
        for (title, text) in items(state) {
            let wrapped = TooSmallView.wrap(text, width: width - 3 - keyWidth)
            if keyWidth == 0 {
                out.append((title, ""))
                out += wrapped.map { ("", $0) }
            } else {
                out += wrapped.enumerated().map { ($0 == 0 ? title : "", $1) }
            }
        }
        return out
    }

    /// Rows of text the page shows at once (title row, blank, text, one row for the scroll hint).
    static func visibleRows(height: Int) -> Int { max(1, height - 3) }

    /// `SGD 1.13 GB, SGD+momentum 1.66 GB`: the same step with the other optimizers.
    static func otherOptimizers(_ s: ModelSummary) -> String {
        TrainingCost.Optimizer.allCases.filter { $0 != TrainingCost.defaultOptimizer }.compactMap { o in
            (try? TrainingCost(s, optimizer: o)).map { "\(o.label) \(NumberFormat.bytes($0.stepBytes))" }
        }.joined(separator: ", ")
    }

    static func draw(_ state: AppState, into buffer: inout ScreenBuffer) {
        let rect = buffer.bounds
        buffer.fill(Rect(x: 0, y: 0, width: rect.width, height: 1), style: .status)
        buffer.put(" vggscope │ why these numbers (? or Esc closes)", x: 0, y: 0, style: .statusKey)
        let keyWidth = rect.width >= 100 ? 26 : 0
        let all = lines(state, width: rect.width)
        let visible = visibleRows(height: rect.height)
        let first = min(max(0, state.explainScroll), max(0, all.count - visible))
        for (i, (title, text)) in all.dropFirst(first).prefix(visible).enumerated() {
            let y = 2 + i
            if !title.isEmpty { buffer.put(title, x: 1, y: y, style: .header) }
            if !text.isEmpty {
                buffer.put(text, x: 2 + keyWidth, y: y, maxWidth: rect.width - 3 - keyWidth)
            }
        }
        if first + visible < all.count {
            buffer.put("↓/PgDn more (\(all.count - first - visible) lines)", x: 1, y: rect.height - 1, style: .dim)
        } else if first > 0 {
            buffer.put("↑/PgUp back to the top", x: 1, y: rect.height - 1, style: .dim)
        }
    }
}
