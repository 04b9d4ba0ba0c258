import VGGCore

/// The app's only state transition: `(state, action) -> (state, effects)`. Pure: no I/O, no
/// clock; files and runs are effects whose outcomes come back as actions.
public enum Reducer {
    public static func reduce(_ state: AppState, _ action: Action, keymap: Keymap = .standard) -> (AppState, [Effect]) {
        var s = state
        let effects = s.apply(action, keymap: keymap)
        return (s, effects)
    }
}

extension AppState {
    mutating func apply(_ action: Action, keymap: Keymap) -> [Effect] {
        switch action {
        case .key(let key):
            return handle(key, keymap: keymap)
        case .resize(let w, let h):
            width = max(0, w)
            height = max(0, h)
            clampScroll()
            return []
        case let .runProgress(id, completed, total, layer):
            guard var run, run.request.id == id else { return [] }
            run.completed = completed
            run.total = total
            run.currentLayer = layer
            self.run = run
            return []
        case let .runFinished(id, result):
            guard let run, run.request.id == id else { return [] }
            timings[run.request.spec] = result
            message = Message("\(run.request.label): forward pass \(NumberFormat.fixed(result.totalMilliseconds, decimals: 1)) ms")
            self.run = nil
            return startNextRun()
        case let .runFailed(id, failure):
            guard let run, run.request.id == id else { return [] }
            message = Message("\(run.request.label): run failed: \(failure.message)", isError: true)
            self.run = nil
            runQueue = []
            return []
        case .runCancelled(let id):
            guard let run, run.request.id == id else { return [] }
            message = Message("\(run.request.label): run cancelled")
            self.run = nil
            runQueue = []
            return []
        case .fileWritten(let write):
            switch write.kind {
            case .export:
                message = exportFinished(write.path)
            case .preset(let saved):
                // The file may carry a new name; adopt it unless the spec was edited meanwhile.
                var renamed = spec
                renamed.name = saved.name
                if renamed == saved, spec != saved {
                    spec = saved
                    recompute(describing: "")
                }
                savedSpec = saved
                origin = .file(write.path)
                let listed = Self.directory(of: write.path) == Self.directory(of: presetDirectory + "/x")
                message = Message("saved \(write.fullPath ?? write.path) as '\(saved.name)'; "
                                  + (listed ? "p lists it" : "p lists only \(presetDirectory)/"))
                // The chooser learns about the new file at once.
                return [.scanPresets(directory: presetDirectory)]
            }
            return []
        case let .fileFailed(write, text):
            message = write.kind == .export ? exportFinished(write.path, failure: text) : Message(text, isError: true)
            return []
        case .presetsScanned(let choices):
            presetChoices = choices
            if case .presetPicker(let selected) = modal {
                modal = .presetPicker(selected: min(selected, max(0, choices.count - 1)))
            }
            return []
        case let .presetLoaded(path, loaded):
            adopt(loaded, label: path, origin: .file(path))
            return []
        case let .presetLoadFailed(_, text):
            message = Message(text, isError: true)
            return []
        }
    }

    // MARK: keys

    mutating func handle(_ key: Key, keymap: Keymap) -> [Effect] {
        let command = keymap.command(for: key)
        if command == .forceQuit {
            shouldQuit = true
            return runCancellation()
        }
        if isTooSmall, modal != .confirmQuit {
            // Nothing can be seen, a prompt included: only quitting makes sense.
            if command == .quit {
                modal = nil
                return requestQuit()
            }
            return []
        }
        switch modal {
        case .confirmQuit:
            switch key {
            case .char("y"), .char("Y"):
                shouldQuit = true
                return runCancellation()
            case .char("n"), .char("N"), .escape:
                modal = nil
                message = Message("quit cancelled")
            default:
                break
            }
            return []
        case .prompt(var prompt):
            switch key {
            case .escape:
                modal = nil
                message = nil
                return []
            case .enter:
                return submit(prompt)
            case let k where prompt.kind == .exportPath && [.tab, .backTab, .up, .down].contains(k):
                prompt.cycleExportFormat(by: key == .tab || key == .down ? 1 : -1)
                modal = .prompt(prompt)
                return []
            default:
                if prompt.field.handle(key) {
                    prompt.error = nil
                    modal = .prompt(prompt)
                }
                return []
            }
        case .presetPicker(let selected):
            return handlePicker(key, selected: selected)
        case let .confirmName(path, stem):
            return handleNameQuestion(key, path: path, stem: stem)
        case nil:
            break
        }

        if screen == .help || screen == .explain {
            // ? (or Tab) turns the page from the keys to the explanations, then closes.
            if screen == .explain, let step = Self.explainSteps(key, height: height) {
                let count = ExplainView.lines(self, width: width).count
                let maxScroll = max(0, count - ExplainView.visibleRows(height: height))
                explainScroll = min(max(0, explainScroll + step), maxScroll)
                return []
            }
            if command == .help || key == .tab {
                explainScroll = 0
                screen = screen == .help ? .explain : .main
            } else if [.escape, .enter, .char("q")].contains(key) {
                screen = .main
            }
            return []
        }
        guard let command else {
            if case .char(let c) = key {
                message = Message("'\(c)' does nothing here; press ? for the keys", isError: true)
            }
            return []
        }
        if screen == .compare, command == .editInput {
            compareAtYourInput.toggle()
            message = Message(compareAtYourInput
                ? "presets at your input \(TensorShape(spec.input.dims).fullDescription); i: each at its own"
                : "presets at their own input; i: at yours (\(TensorShape(spec.input.dims).fullDescription))")
            return []
        }
        if screen == .compare, command == .insertBlock {
            return perform(.compareAlexNet)
        }
        if screen == .compare, !Self.compareCommands.contains(command) {
            message = Message("Esc returns to the editor; i puts the presets at your input", isError: false)
            return []
        }
        if screen == .counters, !Self.countersCommands.contains(command) {
            message = Message("Esc or T returns to the editor; C picks the rule", isError: false)
            return []
        }
        return perform(command)
    }

    /// A path's directory as typed, without `./` or doubled slashes (no file system access).
    static func directory(of path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        if !parts.isEmpty { parts.removeLast() }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    static func explainSteps(_ key: Key, height: Int) -> Int? {
        let page = ExplainView.visibleRows(height: height)
        switch key {
        case .down, .char("j"), .wheelDown: return 1
        case .up, .char("k"), .wheelUp: return -1
        case .pageDown, .char(" "): return page
        case .pageUp: return -page
        case .home: return -Int.max / 2
        case .end: return Int.max / 2
        default: return nil
        }
    }

    static let compareCommands: Set<Command> = [
        .back, .compare, .compareAlexNet, .run, .runAll, .export, .save, .help, .quit, .forceQuit, .undo, .redo, .choosePreset,
    ]

    static let countersCommands: Set<Command> = [
        .back, .counters, .cycleCounter, .compare, .export, .save, .help, .quit, .forceQuit, .undo, .redo, .choosePreset,
    ]

    mutating func perform(_ command: Command) -> [Effect] {
        if spec.isLayerList, Self.blockCommands.contains(command) {
            message = Message("\(spec.name) is a layer list: i edits its input, n its classes; blocks need a VGG (p)",
                              isError: true)
            return []
        }
        switch command {
        case .selectPrevious:
            if focus == .layers { moveLayerCursor(by: -1) } else { select(selectedBlock - 1) }
        case .selectNext:
            if focus == .layers { moveLayerCursor(by: 1) } else { select(selectedBlock + 1) }
        case .focusNext, .focusPrevious:
            focus = focus == .blocks ? .layers : .blocks
            if focus == .layers { placeLayerCursorOnSelectedBlock() }
        case .scrollUp: scrollLayers(by: -3)
        case .scrollDown: scrollLayers(by: 3)
        case .pageUp: pageLayers(by: -MainLayout(width: width, height: height).visibleLayerRows)
        case .pageDown: pageLayers(by: MainLayout(width: width, height: height).visibleLayerRows)
        case .scrollTop: pageLayers(by: -layerRowCount)
        case .scrollBottom: pageLayers(by: layerRowCount)

        case .addConv: editSelectedBlock("convolutions") { $0.convs += 1 }
        case .removeConv: editSelectedBlock("convolutions") { $0.convs -= 1 }
        case .doubleChannels:
            guard spec.blocks.indices.contains(selectedBlock) else { break }
            if spec.blocks[selectedBlock].channels >= Self.maxChannels {
                message = Message("block \(selectedBlock + 1): \(spec.blocks[selectedBlock].channels) channels is the most this explorer doubles to", isError: true)
                break
            }
            editSelectedBlock("channels") { $0.channels *= 2 }
        case .halveChannels: editSelectedBlock("channels") { $0.channels /= 2 }
        case .doubleAllChannels: scaleAllChannels(doubling: true)
        case .halveAllChannels: scaleAllChannels(doubling: false)
        case .editBlock:
            guard spec.blocks.indices.contains(selectedBlock) else { break }
            let b = spec.blocks[selectedBlock]
            modal = .prompt(Prompt(kind: .block(selectedBlock), initial: Notation.blockText(b)))
        case .whatIf:
            toggleWhatIf()
        case .insertBlock:
            guard spec.blocks.count < VGGSpec.maxBlocks else {
                message = Message("at most \(VGGSpec.maxBlocks) blocks", isError: true)
                break
            }
            let at = spec.blocks.isEmpty ? 0 : selectedBlock + 1
            let template = spec.blocks.indices.contains(selectedBlock) ? spec.blocks[selectedBlock] : Block(convs: 1, channels: 64)
            edit("inserted block \(at + 1)", select: at) { $0.blocks.insert(Block(convs: 1, channels: template.channels), at: at) }
        case .deleteBlock:
            guard spec.blocks.count > 1 else {
                message = Message("a VGG needs at least one block; edit this one with Enter instead", isError: true)
                break
            }
            let at = selectedBlock
            edit("deleted block \(at + 1)", select: min(at, spec.blocks.count - 2)) { $0.blocks.remove(at: at) }
        case .undo: undo()
        case .redo: redo()
        case .editInput: modal = .prompt(Prompt(kind: .input, initial: Notation.inputText(spec.input)))
        case .editClassifier: modal = .prompt(Prompt(kind: .classifier, initial: Notation.widthsText(spec.classifier)))
        case .editClasses: modal = .prompt(Prompt(kind: .classes, initial: String(spec.classes)))
        case .toggleBatchNorm:
            edit("batch norm \(spec.batchNorm ? "off" : "on")") { $0.batchNorm.toggle() }
        case .toggleHead:
            edit("head \(spec.head == .avgpool7 ? "flatten" : "avgpool7")") { $0.head = $0.head == .avgpool7 ? .flatten : .avgpool7 }
        case .choosePreset:
            let current = presetChoices.firstIndex { choice in
                if case .builtIn(let n) = choice.source { return n == spec.name }
                if case .file(let p) = choice.source, case .file(let o) = origin { return p == o }
                return false
            }
            modal = .presetPicker(selected: current ?? 0)
            // Files saved or copied since the last look show up now.
            return [.scanPresets(directory: presetDirectory)]

        case .toggleChart:
            chart = chart == .params ? .macs : .params
        case .cycleCounter:
            let all = CountingTool.allCases
            counting = all[(all.firstIndex(of: counting)! + 1) % all.count]
            message = Message("\(counting.unit.rawValue) by \(counting.rawValue)'s rule · T: all five")
        case .counters:
            screen = screen == .counters ? .main : .counters
        case .cycleColumns:
            columnSet = columnSet.next
            message = Message("columns: \(columnSet.rawValue)" + (columnSet == .timing && currentTiming == nil
                ? " (empty until r times a forward pass)" : "") + "; v for the next set")
        case .foldBlocks:
            foldBlocks.toggle()
            layerScroll = 0
            clampLayerCursor()
            if focus == .layers { placeLayerCursorOnSelectedBlock() }
            message = Message(foldBlocks ? "one row per block (d2l's layer_summary); B unfolds" : "one row per layer; B folds into blocks")
        case .compare:
            screen = screen == .compare ? .main : .compare
        case .compareAlexNet:
            compareAlexNet.toggle()
            screen = .compare
            message = Message(compareAlexNet ? "AlexNet (torchvision) added to the comparison; a removes it"
                                             : "AlexNet removed from the comparison")
        case .run:
            return requestRun()
        case .runAll:
            return requestRunAll()
        case .back:
            if run != nil { return runCancellation(reason: "cancelling") }
            if screen != .main { screen = .main } else { message = nil }
        case .export:
            if let e = specError {
                message = Message("cannot export an invalid network: \(e.message)", isError: true)
                break
            }
            modal = .prompt(Prompt(kind: .exportPath, initial: defaultExportPath))
        case .save:
            if let e = specError {
                message = Message("cannot save an invalid network: \(e.message)", isError: true)
                break
            }
            modal = .prompt(Prompt(kind: .savePath, initial: defaultSavePath))
        case .help:
            screen = screen == .main || screen == .compare ? .help : (screen == .help ? .explain : .main)
        case .quit:
            return requestQuit()
        case .forceQuit:
            shouldQuit = true
            return runCancellation()
        }
        return []
    }

    /// Commands that edit VGG blocks or the block-list classifier; a layer list refuses them with a message.
    static let blockCommands: Set<Command> = [
        .addConv, .removeConv, .doubleChannels, .halveChannels, .editBlock, .insertBlock, .deleteBlock, .whatIf,
        .editClassifier, .toggleBatchNorm, .toggleHead,
    ]

    /// Doubling stops here: far beyond any real VGG, and far from integer overflow.
    static let maxChannels = 1 << 20

    mutating func requestQuit() -> [Effect] {
        if isModified {
            modal = .confirmQuit
            return []
        }
        shouldQuit = true
        return runCancellation()
    }

    // MARK: selection and scrolling

    var layerRowCount: Int { layerRows.count }

    mutating func select(_ index: Int) {
        guard !spec.blocks.isEmpty else { return }
        selectedBlock = min(max(0, index), spec.blocks.count - 1)
        revealSelectedBlock()
    }

    /// Scrolls the layers pane so the selected block's heading is visible.
    mutating func revealSelectedBlock() {
        let rows = layerRows
        guard let first = rows.firstIndex(where: { row in
            switch row {
            case .group(_, let b): b == selectedBlock
            case .folded(let b): b == selectedBlock
            case .layer: false
            }
        }) else { return }
        let last = rows.lastIndex { $0.block == selectedBlock } ?? first
        let visible = MainLayout(width: width, height: height).visibleLayerRows
        if first < layerScroll {
            layerScroll = first
        } else if last >= layerScroll + visible {
            layerScroll = min(first, last - visible + 1)
        }
        clampScroll()
    }

    mutating func scrollLayers(by delta: Int) {
        layerScroll += delta
        clampScroll()
    }

    mutating func clampScroll() {
        let visible = MainLayout(width: width, height: height).visibleLayerRows
        layerScroll = min(max(0, layerScroll), max(0, layerRowCount - visible))
    }
}
