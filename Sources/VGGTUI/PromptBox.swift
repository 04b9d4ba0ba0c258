/// The box every text prompt opens in (centred, its bottom 3 rows above the screen's, over the hints and status)
/// and its one-line field: one copy for the plain prompts and the export prompt.
enum PromptBox {
    /// Clears beside and draws a prompt box of `height` rows; returns it.
    static func draw(_ title: String, height: Int, into frame: inout Frame) -> Rect {
        let w = frame.buffer.width, h = frame.buffer.height
        let width = min(w - 4, 72)
        let box = Rect(x: (w - width) / 2, y: h - 3 - height, width: width, height: height)
        frame.buffer.clearBeside(box)
        frame.buffer.fill(box, style: .prompt)
        frame.buffer.box(box, title: title, style: .prompt)
        return box
    }

    /// The field on `inner`'s first row, scrolled so the cursor stays in view when the text is wider than the box;
    /// the terminal cursor goes there. Returns the text shown and the field's width.
    @discardableResult
    static func drawField(_ field: TextField, in inner: Rect, into frame: inout Frame) -> (shown: String, width: Int) {
        let fieldWidth = inner.width - 2
        let offset = max(0, field.cursor - fieldWidth + 1)
        let shown = String(String.UnicodeScalarView(field.string.unicodeScalars.dropFirst(offset)))
        frame.buffer.put(ScreenBuffer.fit(shown, fieldWidth), x: inner.x + 1, y: inner.y, style: .selected)
        frame.cursorX = inner.x + 1 + field.cursor - offset
        frame.cursorY = inner.y
        return (shown, fieldWidth)
    }
}
