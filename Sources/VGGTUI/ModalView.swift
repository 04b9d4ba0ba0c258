import VGGCore

/// Prompts, the quit confirmation and the preset chooser, drawn over the current screen.
enum ModalView {
    /// A built-in shows its blocks so the choice is informed; a file shows its path.
    static func describe(_ choice: PresetChoice) -> String {
        guard case .builtIn(let name) = choice.source, let spec = Presets.named(name) else { return choice.label }
        var text = ScreenBuffer.fit(choice.label, 11) + " " + spec.structureText
        if spec.isLayerList {
            return text + (spec.input.channels != 3 ? " · \(Notation.inputText(spec.input))" : "")
        }
        if spec.batchNorm { text += " +BN" }
        if spec.input.channels != 3 || spec.head != .avgpool7 { text += " · \(Notation.inputText(spec.input)) \(spec.head.rawValue)" }
        return text
    }

    static func draw(_ state: AppState, into frame: inout Frame) {
        let w = frame.buffer.width, h = frame.buffer.height
        switch state.modal {
        case nil:
            return
        case .confirmQuit:
            let text = "Discard unsaved changes? (y/n)"
            let box = Rect(x: (w - text.columns - 6) / 2, y: h / 2 - 2, width: text.columns + 6, height: 3)
            frame.buffer.fill(box, style: .prompt)
            frame.buffer.box(box, style: .prompt)
            frame.buffer.put(text, x: box.x + 3, y: box.y + 1, style: .prompt)
        case .prompt(let prompt) where prompt.kind == .exportPath:
            ExportPromptView.draw(prompt, into: &frame)
        case .prompt(let prompt):
            let width = min(w - 4, 72)
            let box = Rect(x: (w - width) / 2, y: h - 8, width: width, height: 5)
            frame.buffer.fill(box, style: .prompt)
            frame.buffer.box(box, title: prompt.title, style: .prompt)
            let inner = box.inner
            let text = prompt.field.string
            // Keep the cursor in view when the text is wider than the box.
            let fieldWidth = inner.width - 2
            let offset = max(0, prompt.field.cursor - fieldWidth + 1)
            let shown = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(offset)))
            frame.buffer.put(ScreenBuffer.fit(shown, fieldWidth), x: inner.x + 1, y: inner.y, style: .selected)
            frame.cursorX = inner.x + 1 + prompt.field.cursor - offset
            frame.cursorY = inner.y
            if let error = prompt.error {
                frame.buffer.put("✗ " + error, x: inner.x + 1, y: inner.y + 1, style: .error, maxWidth: inner.width - 2)
            } else {
                frame.buffer.put(prompt.example, x: inner.x + 1, y: inner.y + 1, style: .prompt, maxWidth: inner.width - 2)
            }
            frame.buffer.put("Enter apply · Esc cancel", x: inner.x + 1, y: inner.y + 2, style: .prompt, maxWidth: inner.width - 2)
        case .presetPicker(let selected):
            let choices = state.presetChoices
            let labels = choices.map(describe)
            let width = min(w - 4, max(40, (labels.map(\.columns).max() ?? 0) + 6))
            let height = min(h - 4, choices.count + 3)
            let box = Rect(x: (w - width) / 2, y: max(1, (h - height) / 2), width: width, height: height)
            frame.buffer.fill(box, style: .normal)
            frame.buffer.box(box, title: "Preset (Enter loads, Esc cancels)", style: .focusBorder)
            let inner = box.inner
            let visible = max(1, inner.height - 1)
            let first = min(max(0, selected - visible + 1), max(0, choices.count - visible))
            for (row, i) in choices.indices.dropFirst(first).prefix(visible).enumerated() {
                let y = inner.y + row
                let marker = i == selected ? "▸ " : "  "
                frame.buffer.put(ScreenBuffer.fit(marker + labels[i], inner.width), x: inner.x, y: y,
                                 style: i == selected ? .selected : .normal)
            }
            frame.buffer.put("u undoes a load", x: inner.x + 1, y: inner.maxY - 1, style: .dim,
                             maxWidth: inner.width - 1)
        }
    }
}
