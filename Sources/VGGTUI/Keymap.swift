/// One row of the keymap: the keys, what they do, and how the help screen describes it. A row
/// may bind a pair of opposite commands (`+` / `-`), which the help shows on one line.
public struct KeyBinding: Sendable {
    public enum Section: String, CaseIterable, Sendable {
        case navigate = "Navigate"
        case edit = "Edit blocks"
        case network = "Network"
        case views = "Views and runs"
        case files = "Files and app"
    }

    public var keys: [Key]
    public var command: Command
    public var oppositeKeys: [Key]
    public var opposite: Command?
    public var help: String
    public var section: Section
    /// Short label for the status bar hint line; nil keeps the binding out of it.
    public var hint: String?

    public init(_ keys: [Key], _ command: Command, _ help: String, _ section: Section, hint: String? = nil) {
        self.init(keys, command, or: [], nil, help, section, hint: hint)
    }

    public init(_ keys: [Key], _ command: Command, or oppositeKeys: [Key], _ opposite: Command?, _ help: String,
                _ section: Section, hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.oppositeKeys = oppositeKeys
        self.opposite = opposite
        self.help = help
        self.section = section
        self.hint = hint
    }

    /// `↑/↓ k/j` for pairs, `d Del` otherwise.
    public var keyLabel: String {
        guard !oppositeKeys.isEmpty else { return keys.map(\.label).joined(separator: " ") }
        // `* /` rather than `*//`.
        return zip(keys, oppositeKeys).map { k, o in
            k.label + (k.label == "/" || o.label == "/" ? " " : "/") + o.label
        }.joined(separator: " ")
    }

    /// The status bar's spelling: first key of each side, `+/-`, `u/^R`.
    public var hintKeys: String {
        func short(_ k: Key) -> String { if case .ctrl(let c) = k { "^" + c.uppercased() } else { k.label } }
        // Shift-Tab is implied by Tab: the hint stays short.
        guard let opposite = oppositeKeys.first, opposite != .backTab else { return short(keys[0]) }
        return short(keys[0]) + "/" + short(opposite)
    }

    var allBindings: [(Key, Command)] {
        keys.map { ($0, command) } + (opposite.map { o in oppositeKeys.map { ($0, o) } } ?? [])
    }
}

/// The single table that drives key handling, the help screen and the status bar hints.
public struct Keymap: Sendable {
    public var bindings: [KeyBinding]
    private var lookup: [Key: Command]

    public init(_ bindings: [KeyBinding]) {
        self.bindings = bindings
        var lookup: [Key: Command] = [:]
        for binding in bindings {
            for (key, command) in binding.allBindings where lookup[key] == nil { lookup[key] = command }
        }
        self.lookup = lookup
    }

    public func command(for key: Key) -> Command? { lookup[key] }

    public func bindings(in section: KeyBinding.Section) -> [KeyBinding] {
        bindings.filter { $0.section == section }
    }

    /// The first key bound to `command`, as the status bar shows it.
    public func label(for command: Command) -> String? {
        for b in bindings {
            if b.command == command { return b.keys.first?.label }
            if b.opposite == command { return b.oppositeKeys.first?.label }
        }
        return nil
    }

    public static let standard = Keymap([
        KeyBinding([.up, .char("k")], .selectPrevious, or: [.down, .char("j")], .selectNext,
                   "move in focused pane", .navigate),
        KeyBinding([.tab], .focusNext, or: [.backTab], .focusPrevious, "Blocks/Layers, details", .navigate,
                   hint: "details"),
        KeyBinding([.pageUp], .pageUp, or: [.pageDown], .pageDown, "scroll layers a page", .navigate),
        KeyBinding([.home], .scrollTop, or: [.end], .scrollBottom, "first / last layer", .navigate),
        KeyBinding([.wheelUp], .scrollUp, or: [.wheelDown], .scrollDown, "scroll layers", .navigate),

        KeyBinding([.char("+"), .char("=")], .addConv, or: [.char("-"), .char("_")], .removeConv,
                   "add / remove a conv", .edit, hint: "conv"),
        KeyBinding([.char(">"), .char(".")], .doubleChannels, or: [.char("<"), .char(",")], .halveChannels,
                   "double / halve channels", .edit, hint: "ch"),
        KeyBinding([.char("*")], .doubleAllChannels, or: [.char("/")], .halveAllChannels,
                   "all blocks' ch x2 / ÷2", .edit, hint: "all ch"),
        KeyBinding([.enter], .editBlock, "type a block: 3x256", .edit, hint: "edit"),
        KeyBinding([.char("w")], .whatIf, "stack ↔ one big kernel", .edit),
        KeyBinding([.char("a")], .insertBlock, "insert block after", .edit),
        KeyBinding([.char("d"), .delete], .deleteBlock, "delete the block", .edit),
        KeyBinding([.char("u")], .undo, or: [.ctrl("r")], .redo, "undo / redo", .edit, hint: "undo"),

        KeyBinding([.char("i")], .editInput, "input (compare: yours)", .network, hint: "input"),
        KeyBinding([.char("f")], .editClassifier, "classifier: 4096,4096", .network),
        KeyBinding([.char("n")], .editClasses, "number of classes", .network),
        KeyBinding([.char("b")], .toggleBatchNorm, "batch norm on / off", .network),
        KeyBinding([.char("t")], .toggleHead, "head avgpool7 / flatten", .network),
        KeyBinding([.char("p")], .choosePreset, "choose a preset", .network, hint: "preset"),

        KeyBinding([.char("m")], .toggleChart, "chart params / MACs", .views, hint: "chart"),
        KeyBinding([.char("C")], .cycleCounter, "MACs: next tool's rule", .views, hint: "count"),
        KeyBinding([.char("T")], .counters, "five tools side by side", .views, hint: "tools"),
        KeyBinding([.char("v")], .cycleColumns, "cycle column sets", .views, hint: "cols"),
        KeyBinding([.char("B")], .foldBlocks, "fold layers into blocks", .views, hint: "fold"),
        KeyBinding([.char("c")], .compare, "compare VGG-11..19", .views, hint: "compare"),
        KeyBinding([.char("A")], .compareAlexNet, "AlexNet in compare (a)", .views, hint: "alexnet"),
        KeyBinding([.char("r")], .run, "time a forward pass", .views, hint: "run"),
        KeyBinding([.char("R")], .runAll, "time the four presets", .views, hint: "run all four"),
        KeyBinding([.escape], .back, "cancel run / go back", .views, hint: "back"),

        KeyBinding([.char("e")], .export, "export markdown / SVG", .files, hint: "export"),
        KeyBinding([.char("s")], .save, "save preset JSON", .files, hint: "save"),
        KeyBinding([.char("?"), .char("h")], .help, "help; again: why", .files, hint: "help"),
        KeyBinding([.char("q")], .quit, "quit (asks if unsaved)", .files, hint: "quit"),
        KeyBinding([.ctrl("c")], .forceQuit, "quit now", .files),
    ])
}
