extension AppState {
    /// The facts row under the layers cursor.
    public var cursorLayerIndex: Int? {
        let rows = layerRows
        guard rows.indices.contains(layerCursor), case .layer(let index, _) = rows[layerCursor] else { return nil }
        return index
    }

    /// Moves the cursor over layer rows (headings are skipped) and scrolls to keep it in view.
    mutating func moveLayerCursor(by delta: Int) {
        let rows = layerRows
        let layerRows = rows.indices.filter { rows[$0].isSelectable }
        guard let first = layerRows.first, let last = layerRows.last else { return }
        let current = layerRows.firstIndex(of: layerCursor) ?? 0
        let steps = delta > 0 ? min(delta, layerRows.count - 1 - current) : max(delta, -current)
        layerCursor = min(max(first, layerRows[current + steps]), last)
        // The block selection follows the cursor, so edits apply to the block being looked at.
        if let block = rows[layerCursor].block, rows[layerCursor].isSelectable, spec.blocks.indices.contains(block),
           summary.spec.blocks.count == spec.blocks.count {
            selectedBlock = block
        }
        revealLayerCursor()
    }

    /// A page jump moves the view and the cursor together.
    mutating func pageLayers(by delta: Int) {
        scrollLayers(by: delta)
        if focus == .layers {
            let before = layerScroll
            moveLayerCursor(by: delta)
            layerScroll = before
            revealLayerCursor()
        }
    }

    /// On entering the pane the cursor starts at the selected block's first layer.
    mutating func placeLayerCursorOnSelectedBlock() {
        let rows = layerRows
        if let row = rows.firstIndex(where: { $0.isSelectable && $0.block == selectedBlock }) {
            layerCursor = row
        }
        clampLayerCursor()
        revealLayerCursor()
    }

    mutating func revealLayerCursor() {
        let visible = MainLayout(width: width, height: height).visibleLayerRows
        if layerCursor < layerScroll {
            // Show the group heading too when the cursor is the group's first layer.
            layerScroll = max(0, layerCursor - 1)
        } else if layerCursor >= layerScroll + visible {
            layerScroll = layerCursor - visible + 1
        }
        clampScroll()
    }

    /// After an edit the rows change: keep the cursor on a layer row.
    mutating func clampLayerCursor() {
        let rows = layerRows
        layerCursor = min(max(0, layerCursor), max(0, rows.count - 1))
        if rows.indices.contains(layerCursor), case .group = rows[layerCursor], layerCursor + 1 < rows.count {
            layerCursor += 1
        }
    }
}
