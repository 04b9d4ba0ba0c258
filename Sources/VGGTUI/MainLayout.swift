/// Where each pane of the main screen goes for a given terminal size. The reducer uses it too,
/// to know how many layer rows a page holds.
public struct MainLayout: Equatable, Sendable {
    public var title: Rect
    public var blocks: Rect
    public var layers: Rect
    public var totals: Rect
    public var chart: Rect
    public var hints: Rect
    public var status: Rect

    public init(width: Int, height: Int) {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (title, body, hints, status) = screen.screenRows()
        // The totals and chart keep 10 rows; the layers pane takes every extra row.
        let bottomRows = height >= 30 ? 10 : 9
        let (top, bottom) = body.splitBottom(bottomRows)
        let leftWidth = width >= 110 ? 34 : 30
        let (blocks, layers) = top.splitLeft(leftWidth)
        let totalsWidth = width >= 120 ? 58 : max(46, width / 2)
        let (totals, chart) = bottom.splitLeft(totalsWidth)
        self.title = title
        self.blocks = blocks
        self.layers = layers
        self.totals = totals
        self.chart = chart
        self.hints = hints
        self.status = status
    }

    /// Layer rows visible at once: the box minus borders, header and the pinned totals row.
    public var visibleLayerRows: Int { max(1, layers.height - 4) }
}
