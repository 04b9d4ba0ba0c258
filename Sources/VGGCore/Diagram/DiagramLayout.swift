import Foundation

/// Where everything of the architecture diagram goes, in SVG user units (pixels at 100%).
/// Pure geometry: `DiagramSVG` turns it into text. Every text run carries the region it must
/// stay inside, and the layout grows a region (never shrinks the text below 9 px) until the
/// text fits by `FontMetrics`.
///
/// The classic VGG figure, left to right: one box per layer (or block) centred on an axis;
/// height ~ log2 of the map height, thickness ~ sqrt of the channels, the oblique depth
/// ~ log2 of the map width; linear layers are thin bars whose height ~ log2 of their features.
public struct DiagramLayout: Equatable, Sendable {
    public struct Box: Equatable, Sendable {
        public var element: DiagramElement
        /// The front face; the top and side faces extend `depth` up and to the right.
        public var front: DiagramRect
        public var depth: Double
        /// The column the box and its label own.
        public var column: DiagramRect
    }

    public struct Bracket: Equatable, Sendable {
        public var x1, x2, y: Double
    }

    public struct Swatch: Equatable, Sendable {
        public var kind: DiagramElement.Kind
        public var rect: DiagramRect
    }

    public var width: Double
    public var height: Double
    public var boxes: [Box] = []
    public var texts: [DiagramText] = []
    public var brackets: [Bracket] = []
    public var swatches: [Swatch] = []
    public var axis: Bracket?
    public var grouping: DiagramGrouping
    public var name: String
    /// The caption's sentences (also the SVG's description).
    public var caption: [String]

    // Sizes (px).
    static let margin = 24.0
    static let labelSize = 11.0
    static let titleSize = 16.0
    static let smallSize = 9.0
    static let gap = 8.0
    static let groupGap = 10.0
    static let maxBoxHeight = 220.0
    static let minBoxHeight = 16.0
    static let minWidth = 560.0

    public init(_ s: ModelSummary, by grouping: DiagramGrouping = .layer, metrics: FontMetrics = .standard) {
        self.init(name: s.spec.name, elements: DiagramElement.elements(of: s, by: grouping),
                  subtitle: Self.subtitle(s, grouping: grouping), caption: Self.caption(s), grouping: grouping, metrics: metrics)
    }

    /// From the elements alone (tests draw layer lists no preset has yet).
    init(name: String, elements: [DiagramElement], subtitle: String, caption: [String], grouping: DiagramGrouping,
         metrics m: FontMetrics = .standard) {
        self.grouping = grouping
        self.name = name
        self.caption = caption
        width = 0
        height = 0
        let sizes = Self.boxSizes(elements)
        let labelSize = Self.labelSize, lh = m.lineHeight(labelSize)

        // Columns: wide enough for the box and for its rotated label lines.
        var columns = zip(elements, sizes).map { e, size in max(size.thickness + size.depth, Double(e.lines.count) * lh) }
        let runs = Self.groupRuns(elements, grouping: grouping)
        var headers: [(run: Range<Int>, text: String, size: Double)] = []
        for run in runs {
            let group = elements[run.lowerBound].group
            let span = Self.span(columns, run)
            let options = [(group.title, labelSize), (group.title, Self.smallSize), (group.shortTitle, Self.smallSize)]
            let pick = options.first { m.width($0.0, size: $0.1) <= span } ?? options[2]
            let needed = m.width(pick.0, size: pick.1)
            if needed > span {
                // Move the boxes apart rather than shrink the text further.
                let extra = (needed - span) / Double(run.count)
                for i in run { columns[i] += extra }
            }
            headers.append((run, pick.0, pick.1))
        }

        // Horizontal placement, centred when the canvas is wider than the boxes.
        let margin = Self.margin
        var lefts: [Double] = []
        var x = 0.0
        for i in elements.indices {
            if i > 0 { x += Self.gap + (elements[i].group != elements[i - 1].group ? Self.groupGap : 0) }
            lefts.append(x)
            x += columns[i]
        }
        let contentWidth = x
        let titleText = name
        let longestWord = ([subtitle] + caption).flatMap { $0.split(separator: " ") }
            .map { m.width(String($0), size: labelSize) }.max() ?? 0
        width = max(contentWidth, m.width(titleText, size: Self.titleSize), longestWord) + 2 * margin
        width = max(width, Self.minWidth).rounded(.up)
        let offset = margin + (width - 2 * margin - contentWidth) / 2
        let inner = width - 2 * margin

        // Vertical bands, top to bottom.
        var y = margin
        texts.append(DiagramText(text: titleText, x: margin, y: y + m.ascent * Self.titleSize, size: Self.titleSize,
                                 anchor: .start, rotated: false, bold: true, muted: false, role: .title,
                                 region: DiagramRect(x: margin, y: y, width: inner, height: m.lineHeight(Self.titleSize))))
        y += m.lineHeight(Self.titleSize)
        for line in Self.wrap(subtitle, width: inner, size: labelSize, metrics: m) {
            texts.append(DiagramText(text: line, x: margin, y: y + m.ascent * labelSize, size: labelSize, anchor: .start,
                                     rotated: false, bold: false, muted: true, role: .subtitle,
                                     region: DiagramRect(x: margin, y: y, width: inner, height: lh)))
            y += lh
        }
        let headerTop = y + 10
        let bracketY = headerTop + lh + 2
        let maxDepth = sizes.map(\.depth).max() ?? 0
        let maxHeight = sizes.map(\.height).max() ?? 0
        let axisY = bracketY + 8 + maxDepth + maxHeight / 2
        let bandTop = axisY + maxHeight / 2 + 10
        let bandHeight = elements.flatMap(\.lines).map { m.width($0, size: labelSize) }.max() ?? 0
        let headerBaseline = headerTop + m.ascent * labelSize

        for (run, text, size) in headers {
            let x1 = offset + lefts[run.lowerBound], x2 = offset + lefts[run.upperBound - 1] + columns[run.upperBound - 1]
            let region = DiagramRect(x: x1, y: headerTop, width: x2 - x1, height: lh)
            texts.append(DiagramText(text: text, x: (x1 + x2) / 2, y: headerBaseline, size: size, anchor: .middle,
                                     rotated: false, bold: false, muted: true, role: .group, region: region))
            brackets.append(Bracket(x1: x1, x2: x2, y: bracketY))
        }

        for (i, e) in elements.enumerated() {
            let size = sizes[i]
            let left = offset + lefts[i], cw = columns[i]
            let boxLeft = left + (cw - size.thickness - size.depth) / 2
            let front = DiagramRect(x: boxLeft, y: axisY - size.height / 2, width: size.thickness, height: size.height)
            let column = DiagramRect(x: left, y: bandTop, width: cw, height: bandHeight)
            boxes.append(Box(element: e, front: front, depth: size.depth, column: column))
            // Rotated lines, first line leftmost; each sits in its own 1.25 em strip.
            let n = Double(e.lines.count)
            let stripLeft = left + (cw - n * lh) / 2
            for (j, line) in e.lines.enumerated() {
                let baseline = stripLeft + Double(j) * lh + (lh - (m.ascent + m.descent) * labelSize) / 2 + m.ascent * labelSize
                texts.append(DiagramText(text: line, x: baseline, y: bandTop, size: labelSize, anchor: .end, rotated: true,
                                         bold: j == 0, muted: j == e.lines.count - 1 && j > 0, role: .label, region: column))
            }
        }
        if let first = boxes.first, let last = boxes.last {
            axis = Bracket(x1: first.front.x + first.front.width / 2, x2: last.front.x + last.front.width / 2, y: axisY)
        }

        // Legend: the kinds present, wrapped into rows.
        var ly = bandTop + bandHeight + 18
        var lx = margin
        let swatch = 12.0
        var seen: [DiagramElement.Kind] = []
        for e in elements where !seen.contains(e.kind) { seen.append(e.kind) }
        for kind in DiagramElement.Kind.allCases where seen.contains(kind) {
            let text = kind.legend
            let itemWidth = swatch + 6 + m.width(text, size: labelSize)
            if lx > margin, lx + itemWidth > margin + inner {
                lx = margin
                ly += lh + 4
            }
            let rowTop = ly
            swatches.append(Swatch(kind: kind, rect: DiagramRect(x: lx, y: rowTop + (lh - swatch) / 2, width: swatch, height: swatch)))
            let textX = lx + swatch + 6
            texts.append(DiagramText(text: text, x: textX, y: rowTop + (lh - (m.ascent + m.descent) * labelSize) / 2 + m.ascent * labelSize,
                                     size: labelSize, anchor: .start, rotated: false, bold: false, muted: false, role: .legend,
                                     region: DiagramRect(x: textX, y: rowTop, width: m.width(text, size: labelSize), height: lh)))
            lx += itemWidth + 18
        }
        ly += lh + 12

        for sentence in caption {
            for line in Self.wrap(sentence, width: inner, size: labelSize, metrics: m) {
                texts.append(DiagramText(text: line, x: margin, y: ly + m.ascent * labelSize, size: labelSize, anchor: .start,
                                         rotated: false, bold: false, muted: true, role: .caption,
                                         region: DiagramRect(x: margin, y: ly, width: inner, height: lh)))
                ly += lh
            }
        }
        height = (ly + margin - 4).rounded(.up)
    }

    struct BoxSize {
        var thickness, height, depth: Double
    }

    static func log2(_ v: Int) -> Double { Foundation.log2(Double(max(v, 1))) }

    static func boxSizes(_ elements: [DiagramElement]) -> [BoxSize] {
        let maxMap = elements.filter(\.drawnShape.isSpatial).map(\.drawnShape.height).max() ?? 1
        // One octave of resolution is at most 30 px, less when the largest map would pass the maximum.
        let unit = min(30, (maxBoxHeight - minBoxHeight) / max(1, log2(maxMap)))
        return elements.map { e in
            let shape = e.drawnShape
            if shape.isSpatial {
                return BoxSize(thickness: min(5 + 1.3 * Double(shape.channels).squareRoot(), 56),
                               height: min(maxBoxHeight, minBoxHeight + unit * log2(shape.height)),
                               depth: min(3 + 1.4 * log2(shape.width), 16))
            }
            let features = shape.dims.count > 1 ? shape.dims[1] : 1
            return BoxSize(thickness: e.kind == .linear ? 10 : 6,
                           height: min(maxBoxHeight, minBoxHeight + 0.5 * max(unit, 12) * log2(features)),
                           depth: 3)
        }
    }

    /// Consecutive elements sharing a heading. Grouped by block, a block box names itself.
    static func groupRuns(_ elements: [DiagramElement], grouping: DiagramGrouping) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for i in elements.indices where i == elements.count - 1 || elements[i + 1].group != elements[i].group {
            let group = elements[i].group
            let labelled = group != .input && !(grouping == .block && { if case .block = group { true } else { false } }())
            if labelled { runs.append(start..<(i + 1)) }
            start = i + 1
        }
        return runs
    }

    static func span(_ columns: [Double], _ run: Range<Int>) -> Double {
        run.reduce(0) { $0 + columns[$1] } + Double(run.count - 1) * gap
    }

    static func subtitle(_ s: ModelSummary, grouping: DiagramGrouping) -> String {
        let linear = s.layers.count { if case .linear = $0.layer.op { true } else { false } }
        return "input \(TensorShape(s.spec.input.dims).fullDescription) -> \(s.outputShape.description) · "
            + "\(s.convLayers) conv + \(linear) linear layers · one box per \(grouping.rawValue)"
    }

    static func caption(_ s: ModelSummary) -> [String] {
        let t = s.totals
        return [
            "Params \(NumberFormat.grouped(t.params)) (\(NumberFormat.human(t.params))): weights + biases (+ BatchNorm gamma/beta).",
            "MACs \(NumberFormat.grouped(t.macs)) (\(NumberFormat.human(t.macs))) by torchinfo mult-adds; "
                + "FLOPs = 2 x MACs of Conv2d and Linear = \(NumberFormat.grouped(t.flops)) (\(NumberFormat.human(t.flops))).",
            "Drawn: box height ~ log2(map height), thickness ~ sqrt(channels), depth ~ log2(map width); "
                + "labels give the output shape CxHxW; ReLU and dropout belong to the box before them. vggscope \(Version.current).",
        ]
    }

    /// Greedy word wrap by the font model; a word longer than the width stays whole on its line
    /// (the canvas was sized for the longest word).
    static func wrap(_ text: String, width: Double, size: Double, metrics m: FontMetrics) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if !current.isEmpty, m.width(candidate, size: size) > width {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
