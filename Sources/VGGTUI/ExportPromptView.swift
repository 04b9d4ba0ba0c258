/// The export prompt: the path, the three formats (Tab cycles) and the files they write.
enum ExportPromptView {
    static func draw(_ prompt: Prompt, into frame: inout Frame) {
        let w = frame.buffer.width, h = frame.buffer.height
        let width = min(w - 4, 72)
        let box = Rect(x: (w - width) / 2, y: h - 9, width: width, height: 6)
        frame.buffer.clearBeside(box)
        frame.buffer.fill(box, style: .prompt)
        frame.buffer.box(box, title: prompt.title, style: .prompt)
        let inner = box.inner
        let fieldWidth = inner.width - 2
        let offset = max(0, prompt.field.cursor - fieldWidth + 1)
        let shown = String(String.UnicodeScalarView(prompt.field.string.unicodeScalars.dropFirst(offset)))
        frame.buffer.put(ScreenBuffer.fit(shown, fieldWidth), x: inner.x + 1, y: inner.y, style: .selected)
        frame.cursorX = inner.x + 1 + prompt.field.cursor - offset
        frame.cursorY = inner.y

        var x = inner.x + 1
        frame.buffer.put("format", x: x, y: inner.y + 1, style: .prompt)
        x += 7
        for format in ExportFormat.allCases {
            let chosen = format == prompt.exportFormat
            let label = (chosen ? "▸ " : "  ") + format.label
            guard x + label.columns <= inner.maxX - 1 else { break }
            frame.buffer.put(label, x: x, y: inner.y + 1, style: chosen ? .selected : .prompt)
            x += label.columns + 2
        }
        if let error = prompt.error {
            frame.buffer.put("✗ " + error, x: inner.x + 1, y: inner.y + 2, style: .error, maxWidth: inner.width - 2)
        } else {
            frame.buffer.put(prompt.example, x: inner.x + 1, y: inner.y + 2, style: .prompt, maxWidth: inner.width - 2)
        }
        frame.buffer.put("Tab format · Enter export · Esc cancel", x: inner.x + 1, y: inner.y + 3, style: .prompt,
                         maxWidth: inner.width - 2)
    }
}
