import VGGCore

extension AppState {
    /// Applies an edit as one undo step, recomputes the figures, and reports what changed.
    mutating func edit(_ what: String, select newSelection: Int? = nil, _ change: (inout VGGSpec) -> Void) {
        var next = spec
        change(&next)
        guard next != spec else { return }
        undoStack.append(Snapshot(spec: spec, selectedBlock: selectedBlock))
        if undoStack.count > Self.undoLimit { undoStack.removeFirst() }
        redoStack = []
        spec = next
        if let newSelection { selectedBlock = newSelection }
        recompute(describing: what)
        if newSelection != nil { revealSelectedBlock() }
    }

    static let undoLimit = 500

    mutating func editSelectedBlock(_ what: String, _ change: (inout Block) -> Void) {
        guard spec.blocks.indices.contains(selectedBlock) else { return }
        let i = selectedBlock
        edit("") { change(&$0.blocks[i]) }
        if specError == nil {
            message = Message("block \(i + 1): \(Notation.blockText(spec.blocks[i]))")
        }
    }

    /// `w`: the selected block's stack of convs as one conv covering the same field, or such a
    /// single conv back as its stack (the block it came from, else 3x3 convs), as one undo step.
    mutating func toggleWhatIf() {
        guard spec.blocks.indices.contains(selectedBlock) else { return }
        // Works on an invalid network too, so a swap that does not fit (9x9 on an 8x8 map) can be swapped back.
        let wasValid = specError == nil
        let i = selectedBlock
        let block = spec.blocks[i]
        let target: Block
        if block.convs > 1 {
            target = block.singleKernel
            whatIfOriginals[i] = block
        } else if let original = whatIfOriginals[i], original.singleKernel == block {
            target = original
        } else if let stack = block.threeByThreeStack {
            target = stack
        } else {
            message = Message("block \(i + 1) is one \(block.kernels.first ?? 3)x\(block.kernels.first ?? 3) conv: "
                              + "nothing to trade (w acts on a stack of convs, or on one big kernel)")
            return
        }
        let before = summary
        edit("") { $0.blocks[i] = target }
        guard specError == nil else { return }
        guard wasValid else {
            message = Message("block \(i + 1) → \(Notation.blockText(target))")
            return
        }
        func cost(_ s: ModelSummary) -> (Int, Int) {
            let layers = s.layers.filter { $0.block == i }
            return (layers.reduce(0) { $0 + $1.params }, layers.reduce(0) { $0 + $1.macs })
        }
        let (p0, m0) = cost(before), (p1, m1) = cost(summary)
        let field = block.stackField == target.stackField ? "field \(target.stackField)"
            : "field \(block.stackField)→\(target.stackField)"
        message = Message("block \(i + 1) → \(Notation.blockText(target)) (\(field)): params \(NumberFormat.human(p0))→"
            + "\(NumberFormat.human(p1)), MACs \(NumberFormat.human(m0))→\(NumberFormat.human(m1)), "
            + "ReLUs \(block.convs)→\(target.convs) · w back")
    }

    /// Summarizes the current spec. Invalid: keep the last valid figures and show the error.
    mutating func recompute(describing what: String) {
        selectedBlock = min(max(0, selectedBlock), max(0, spec.blocks.count - 1))
        do {
            summary = try ModelSummary(spec: spec)
            specError = nil
            if !what.isEmpty { message = Message(what) }
        } catch {
            specError = error
            message = Message(error.message, isError: true)
        }
        clampScroll()
        clampLayerCursor()
    }

    mutating func undo() {
        guard let previous = undoStack.popLast() else {
            message = Message("nothing to undo")
            return
        }
        redoStack.append(Snapshot(spec: spec, selectedBlock: selectedBlock))
        spec = previous.spec
        selectedBlock = previous.selectedBlock
        recompute(describing: "undone (\(undoStack.count) more)")
        revealSelectedBlock()
    }

    mutating func redo() {
        guard let next = redoStack.popLast() else {
            message = Message("nothing to redo")
            return
        }
        undoStack.append(Snapshot(spec: spec, selectedBlock: selectedBlock))
        spec = next.spec
        selectedBlock = next.selectedBlock
        recompute(describing: "redone (\(redoStack.count) more)")
        revealSelectedBlock()
    }

    // MARK: prompts

    /// Parses the prompt's text; a parse error keeps the prompt open with the message under it.
    mutating func submit(_ prompt: Prompt) -> [Effect] {
        let text = prompt.field.string
        var failed = prompt
        do throws(SpecError) {
            switch prompt.kind {
            case .block(let i):
                let block = try Notation.block(text)
                modal = nil
                guard spec.blocks.indices.contains(i) else { return [] }
                edit("block \(i + 1): \(Notation.blockText(block))") { $0.blocks[i] = block }
            case .input:
                let input = try Notation.input(text)
                modal = nil
                edit("input \(Notation.inputText(input))") { $0.input = input }
            case .classifier:
                let widths = try Notation.widths(text)
                modal = nil
                edit("classifier \(Notation.widthsText(widths)) -> \(spec.classes)") { $0.classifier = widths }
            case .classes:
                guard let n = Int(text.trimmingSpaces) else {
                    throw SpecError("'\(text.trimmingSpaces)' is not a whole number; type the class count like 1000")
                }
                modal = nil
                edit("\(n) classes") { $0.classes = n }
            case .exportPath:
                let path = text.trimmingSpaces
                guard !path.isEmpty else { throw SpecError("type a file path like \(defaultExportPath)") }
                modal = nil
                return exportEffects(path, format: prompt.exportFormat)
            case .savePath:
                let path = text.trimmingSpaces
                guard !path.isEmpty else { throw SpecError("type a file path like \(defaultSavePath)") }
                modal = nil
                var saved = spec
                if case .preset = origin, isModified { saved.name = Self.stem(of: path) }
                message = Message("saving \(path)…")
                return [.write(FileWrite(kind: .preset(saved), path: path, contents: saved.jsonText))]
            }
        } catch {
            failed.error = error.message
            modal = .prompt(failed)
        }
        return []
    }

    static func stem(of path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.hasSuffix(".json") ? String(file.dropLast(5)) : file
        return stem.isEmpty ? "custom" : stem
    }

    mutating func handlePicker(_ key: Key, selected: Int) -> [Effect] {
        let count = presetChoices.count
        switch key {
        case .up, .char("k"): modal = .presetPicker(selected: max(0, selected - 1))
        case .down, .char("j"): modal = .presetPicker(selected: min(count - 1, selected + 1))
        case .home: modal = .presetPicker(selected: 0)
        case .end: modal = .presetPicker(selected: max(0, count - 1))
        case .escape, .char("p"), .char("q"): modal = nil
        case .enter:
            modal = nil
            guard presetChoices.indices.contains(selected) else { return [] }
            let choice = presetChoices[selected]
            do throws(SpecError) {
                let loaded: VGGSpec
                switch choice.source {
                case .builtIn(let name): loaded = try Presets.load(name)
                // Reading a small preset file is the one I/O the reducer does: the chooser already listed it.
                case .file(let path): loaded = try Presets.file(path)
                }
                edit("loaded \(choice.label)", select: 0) { $0 = loaded }
                whatIfOriginals = [:]
                origin = { if case .file(let p) = choice.source { return .file(p) } else { return .preset(loaded.name) } }()
                savedSpec = loaded
                layerScroll = 0
                if specError == nil { message = Message("loaded \(choice.label)") }
            } catch {
                message = Message(error.message, isError: true)
            }
        default: break
        }
        return []
    }

    // MARK: runs

    mutating func requestRun() -> [Effect] {
        if let e = specError {
            message = Message("cannot run an invalid network: \(e.message)", isError: true)
            return []
        }
        return enqueue([(spec, isModified ? "\(spec.name)*" : spec.name)])
    }

    mutating func requestRunAll() -> [Effect] {
        let alex = compareAlexNet ? [alexNet].compactMap { $0 } : []
        return enqueue((comparison + alex).map { ($0.spec, $0.spec.name) })
    }

    mutating func enqueue(_ items: [(VGGSpec, String)]) -> [Effect] {
        guard run == nil else {
            message = Message("a run is in progress; Esc cancels it", isError: true)
            return []
        }
        runQueue = items.map { item in
            defer { nextRunID += 1 }
            return RunRequest(id: nextRunID, spec: item.0, label: item.1)
        }
        batchCount = runQueue.count
        return startNextRun()
    }

    mutating func startNextRun() -> [Effect] {
        guard !runQueue.isEmpty else { return [] }
        let request = runQueue.removeFirst()
        let total = (try? ModelSummary(spec: request.spec))?.layers.count ?? 0
        run = RunProgress(request: request, completed: 0, total: total, currentLayer: "",
                          batchIndex: batchCount - runQueue.count, batchCount: batchCount)
        return [.startRun(request)]
    }

    /// Cancels the run in flight (and the rest of a batch); the runner confirms with `runCancelled`.
    mutating func runCancellation(reason: String? = nil) -> [Effect] {
        runQueue = []
        guard run != nil else { return [] }
        run?.cancelling = true
        if let reason, let run { message = Message("\(run.request.label): \(reason)…") }
        return [.cancelRun(id: run!.request.id)]
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
