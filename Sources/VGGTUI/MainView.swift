/// The editor: blocks, layers, totals, chart and the status rows.
enum MainView {
    static func draw(_ state: AppState, keymap: Keymap, into buffer: inout ScreenBuffer) {
        let layout = MainLayout(width: buffer.width, height: buffer.height)
        TitleBar.draw(state, view: nil, into: &buffer, at: layout.title)
        BlocksPane.draw(state, into: &buffer, at: layout.blocks)
        LayersPane.draw(state, into: &buffer, at: layout.layers)
        // With the layers pane focused, the box under the blocks explains the layer under the cursor.
        if state.focus == .layers, let index = state.cursorLayerIndex {
            LayerDetailPane.draw(state, layer: index, into: &buffer, at: layout.totals)
        } else {
            TotalsPane.draw(state, into: &buffer, at: layout.totals)
        }
        ChartPane.draw(state, into: &buffer, at: layout.chart)
        let hints = StatusBar.hints(keymap) { ![.back, .runAll, .compareAlexNet].contains($0) }
        StatusBar.drawHints(hints, into: &buffer, at: layout.hints)
        StatusBar.drawStatus(state, into: &buffer, at: layout.status)
    }
}
