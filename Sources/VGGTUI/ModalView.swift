import VGGCore

/// Prompts, the quit confirmation and the preset chooser, drawn over the current screen.
enum ModalView {
    /// A built-in shows its blocks so the choice is informed; a file shows its path.
    static func describe(_ choice: PresetChoice) -> String {
        if case .builtIn(let name) = choice.source, let spec = Presets.named(name) {
            return ScreenBuffer.fit(choice.label, Presets.names.map(\.columns).max() ?? 10) + " " + PresetChoice.detail(spec)
        }
        guard let detail = choice.detail else { return choice.label }
        return choice.label + "  " + detail
    }

    static func draw(_ state: AppState, into frame: inout Frame) {
        let w = frame.buffer.width, h = frame.buffer.height
        switch state.modal {
        case nil:
            return
        case let .confirmName(path, stem):
            let width = min(w - 4, 76)
            let lines = ["The file is \(path) but the network is named '\(state.spec.name)'.",
                         "y: name it '\(stem)' and save", "n: save it as '\(state.spec.name)'", "Esc: cancel"]
                .flatMap { TooSmallView.wrap($0, width: width - 6) }
            let box = Rect(x: (w - width) / 2, y: h / 2 - 3, width: width, height: lines.count + 2)
            frame.buffer.clearBeside(box)
            frame.buffer.fill(box, style: .prompt)
            frame.buffer.box(box, title: "Name and file differ", style: .prompt)
            for (i, line) in lines.enumerated() {
                frame.buffer.put(line, x: box.x + 3, y: box.y + 1 + i, style: .prompt, maxWidth: box.width - 5)
            }
        case .confirmQuit:
            let text = "Discard unsaved changes? (y/n)"
            let box = Rect(x: (w - text.columns - 6) / 2, y: h / 2 - 2, width: text.columns + 6, height: 3)
            frame.buffer.clearBeside(box)
            frame.buffer.fill(box, style: .prompt)
            frame.buffer.box(box, style: .prompt)
            frame.buffer.put(text, x: box.x + 3, y: box.y + 1, style: .prompt)
        case .prompt(let prompt) where prompt.kind == .exportPath:
            ExportPromptView.draw(prompt, into: &frame)
        case .prompt(let prompt):
            let inner = PromptBox.draw(prompt.title, height: 5, into: &frame).inner
            let (shown, fieldWidth) = PromptBox.drawField(prompt.field, in: inner, into: &frame)
            // The prefilled value is selected: shown reversed until the first key.
            if prompt.field.isSelected {
                frame.buffer.put(shown, x: inner.x + 1, y: inner.y, style: .highlight, maxWidth: fieldWidth)
            }
            if let error = prompt.error {
                frame.buffer.put("✗ " + error, x: inner.x + 1, y: inner.y + 1, style: .error, maxWidth: inner.width - 2)
            } else {
                let hint = prompt.field.isSelected ? prompt.example + " · typing replaces, ←/→ edit" : prompt.example
                frame.buffer.put(ScreenBuffer.wholeWords(hint, inner.width - 2), x: inner.x + 1, y: inner.y + 1, style: .prompt)
            }
            frame.buffer.put("Enter apply · Esc cancel", x: inner.x + 1, y: inner.y + 2, style: .prompt, maxWidth: inner.width - 2)
        case .presetPicker(let selected):
            let choices = state.presetChoices
            let labels = choices.map(describe)
            let width = min(w - 4, max(40, (labels.map(\.columns).max() ?? 0) + 6))
            let height = min(h - 4, choices.count + 3)
            let box = Rect(x: (w - width) / 2, y: max(1, (h - height) / 2), width: width, height: height)
            frame.buffer.clearBeside(box)
            frame.buffer.fill(box, style: .normal)
            frame.buffer.box(box, title: "Preset (Enter loads, Esc cancels)", style: .focusBorder)
            let inner = box.inner
            let visible = max(1, inner.height - 1)
            let first = min(max(0, selected - visible + 1), max(0, choices.count - visible))
            for (row, i) in choices.indices.dropFirst(first).prefix(visible).enumerated() {
                let y = inner.y + row
                let marker = i == selected ? "▸ " : "  "
                frame.buffer.put(ScreenBuffer.fit(ScreenBuffer.wholeWords(marker + labels[i], inner.width - 1), inner.width), x: inner.x, y: y,
                                 style: i == selected ? .selected : .normal)
            }
            frame.buffer.put("u undoes a load", x: inner.x + 1, y: inner.maxY - 1, style: .dim,
                             maxWidth: inner.width - 1)
        }
    }
}
