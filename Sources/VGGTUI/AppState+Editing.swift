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
        var b = spec.blocks[i]
        change(&b)
        edit("block \(i + 1): \(Notation.blockText(b))") { $0.blocks[i] = b }
    }

    /// `*` and `/`: every conv's width in every block doubled or halved (d2l's `ratio`), as one undo step.
    /// Refused, with the block that stops it, when a width would fall below 1 or pass the limit.
    mutating func scaleAllChannels(doubling: Bool) {
        guard !spec.isLayerList else {
            message = Message("\(spec.name) is a layer list, not blocks; type its widths in the layer list instead", isError: true)
            return
        }
        guard !spec.blocks.isEmpty else { return }
        func widths(_ b: Block) -> [Int] { b.layers.compactMap { if case .conv(_, let c) = $0 { c } else { nil } } }
        if doubling, let b = spec.blocks.indices.first(where: { widths(spec.blocks[$0]).contains { $0 > Self.maxChannels / 2 } }) {
            message = Message("block \(b + 1): \(spec.blocks[b].channels) channels x2 would pass the limit of "
                              + "\(Self.maxChannels); nothing changed", isError: true)
            return
        }
        if !doubling, let b = spec.blocks.indices.first(where: { widths(spec.blocks[$0]).contains { $0 < 2 } }) {
            message = Message("block \(b + 1) has a 1-channel conv; halving would leave 0; nothing changed", isError: true)
            return
        }
        // Each conv keeps its kernel and place (mixed blocks, LRN); only its width scales.
        let scaled = spec.blocks.map { block in
            Block(layers: block.layers.map { layer in
                guard case .conv(let k, let c) = layer else { return layer }
                return .conv(kernel: k, channels: doubling ? c * 2 : c / 2)
            })
        }
        edit("every block's channels \(doubling ? "x2" : "÷2"): \(Notation.blocksText(scaled))") { $0.blocks = scaled }
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
    /// Valid: the status line says what changed (`SummaryDelta`) after `what`.
    mutating func recompute(describing what: String) {
        selectedBlock = min(max(0, selectedBlock), max(0, spec.blocks.count - 1))
        let before = summary
        do {
            summary = try ModelSummary(spec: spec)
            specError = nil
            let delta = SummaryDelta(from: before, to: summary)
            // A rename after a save changes no figure: the marks of the last edit stay.
            if !(what.isEmpty && delta.isEmpty) { lastDelta = delta.isEmpty ? nil : delta }
            let parts = [what, delta.isEmpty ? "" : delta.summaryText].filter { !$0.isEmpty }
            if !parts.isEmpty { message = Message(parts.joined(separator: " · ")) }
        } catch {
            specError = error
            lastDelta = nil
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
                var path = text.trimmingSpaces
                guard !path.isEmpty else { throw SpecError("type a file path like \(defaultSavePath)") }
                guard !path.hasSuffix("/") else { throw SpecError("give a file name, like \(defaultSavePath)") }
                // The chooser lists *.json: a name typed without the extension still finds its way back.
                if !path.lowercased().hasSuffix(".json") { path += ".json" }
                let stem = Self.stem(of: path)
                // The file name and the name inside agree, as the network is named or as the save would name it
                // (an edited built-in: NAME-custom); otherwise ask.
                for name in [spec.name, saveName] where stem == OutputPaths.fileStem(name) {
                    modal = nil
                    return save(to: path, name: name)
                }
                modal = .confirmName(path: path, stem: stem)
                return []
            }
        } catch {
            failed.error = error.message
            modal = .prompt(failed)
        }
        return []
    }

    /// Writes the spec (named `name`) as preset JSON, creating the directory if it is missing.
    mutating func save(to path: String, name: String) -> [Effect] {
        var saved = spec
        saved.name = name
        message = Message("saving \(path)…")
        return [.write(FileWrite(kind: .preset(saved), path: path, contents: saved.jsonText, createsDirectory: true))]
    }

    mutating func handleNameQuestion(_ key: Key, path: String, stem: String) -> [Effect] {
        switch key {
        case .char("y"), .char("Y"), .enter:
            modal = nil
            return save(to: path, name: stem)
        case .char("n"), .char("N"):
            modal = nil
            return save(to: path, name: spec.name)
        case .escape:
            modal = nil
            message = Message("not saved")
        default:
            break
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
            switch choice.source {
            case .builtIn(let name):
                guard let loaded = Presets.named(name) else { return [] }
                adopt(loaded, label: choice.label, origin: .preset(loaded.name))
            case .file(let path):
                // Files are read by the effect runner; the spec comes back as `presetLoaded`.
                message = Message("loading \(path)…")
                return [.loadPreset(path: path)]
            }
        default: break
        }
        return []
    }

    /// A loaded preset replaces the network as one undo step (with its delta) and becomes the saved state.
    mutating func adopt(_ loaded: VGGSpec, label: String, origin newOrigin: Origin) {
        if loaded == spec { message = Message("loaded \(label) (the same network)") }
        edit("loaded \(label)", select: 0) { $0 = loaded }
        whatIfOriginals = [:]
        origin = newOrigin
        savedSpec = loaded
        layerScroll = 0
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
        return enqueue((comparedSummaries.compactMap { $0 } + alex).map { ($0.spec, $0.spec.name) })
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
