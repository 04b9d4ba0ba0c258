/// The export prompt: the path, the three formats (Tab cycles) and the files they write.
enum ExportPromptView {
    static func draw(_ prompt: Prompt, into frame: inout Frame) {
        let inner = PromptBox.draw(prompt.title, height: 6, into: &frame).inner
        PromptBox.drawField(prompt.field, in: inner, into: &frame)

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
