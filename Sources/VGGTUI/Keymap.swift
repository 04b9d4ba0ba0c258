/// One row of the keymap: the keys, what they do, and how the help screen describes it.
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
    public var help: String
    public var section: Section
    /// Short label for the status bar hint line; nil keeps the binding out of it.
    public var hint: String?

    public init(_ keys: [Key], _ command: Command, _ help: String, _ section: Section, hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.help = help
        self.section = section
        self.hint = hint
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}

/// The single table that drives key handling, the help screen and the status bar hints.
public struct Keymap: Sendable {
    public var bindings: [KeyBinding]
    private var lookup: [Key: Command]

    public init(_ bindings: [KeyBinding]) {
        self.bindings = bindings
        var lookup: [Key: Command] = [:]
        for binding in bindings {
            for key in binding.keys where lookup[key] == nil { lookup[key] = binding.command }
        }
        self.lookup = lookup
    }

    public func command(for key: Key) -> Command? { lookup[key] }

    public func bindings(in section: KeyBinding.Section) -> [KeyBinding] {
        bindings.filter { $0.section == section }
    }

    /// The first key bound to `command`, as the status bar shows it.
    public func label(for command: Command) -> String? {
        bindings.first { $0.command == command }?.keys.first?.label
    }

    public static let standard = Keymap([
        KeyBinding([.up, .char("k")], .selectPrevious, "select previous block (or scroll layers)", .navigate),
        KeyBinding([.down, .char("j")], .selectNext, "select next block (or scroll layers)", .navigate),
        KeyBinding([.tab], .focusNext, "move focus: Blocks / Layers", .navigate, hint: "focus"),
        KeyBinding([.backTab], .focusPrevious, "move focus back", .navigate),
        KeyBinding([.pageUp], .pageUp, "scroll layers a page up", .navigate),
        KeyBinding([.pageDown], .pageDown, "scroll layers a page down", .navigate),
        KeyBinding([.home], .scrollTop, "layers: first row", .navigate),
        KeyBinding([.end], .scrollBottom, "layers: last row", .navigate),
        KeyBinding([.wheelUp], .scrollUp, "scroll layers up", .navigate),
        KeyBinding([.wheelDown], .scrollDown, "scroll layers down", .navigate),

        KeyBinding([.char("+"), .char("=")], .addConv, "add a convolution to the block", .edit, hint: "conv"),
        KeyBinding([.char("-"), .char("_")], .removeConv, "remove a convolution from the block", .edit),
        KeyBinding([.char(">"), .char(".")], .doubleChannels, "double the block's channels", .edit, hint: "ch"),
        KeyBinding([.char("<"), .char(",")], .halveChannels, "halve the block's channels", .edit),
        KeyBinding([.enter], .editBlock, "type the block exactly (3x256)", .edit, hint: "edit"),
        KeyBinding([.char("a")], .insertBlock, "insert a block after the selected one", .edit),
        KeyBinding([.char("d"), .delete], .deleteBlock, "delete the selected block", .edit),
        KeyBinding([.char("u")], .undo, "undo", .edit, hint: "undo"),
        KeyBinding([.ctrl("r")], .redo, "redo", .edit),

        KeyBinding([.char("i")], .editInput, "edit the input (3x224x224)", .network),
        KeyBinding([.char("f")], .editClassifier, "edit classifier widths (4096,4096)", .network),
        KeyBinding([.char("n")], .editClasses, "edit the number of classes", .network),
        KeyBinding([.char("b")], .toggleBatchNorm, "toggle batch norm", .network),
        KeyBinding([.char("t")], .toggleHead, "toggle head: avgpool7 / flatten", .network),
        KeyBinding([.char("p")], .choosePreset, "choose a preset (VGG-11..19, _bn, d2l, presets/)", .network, hint: "preset"),

        KeyBinding([.char("m")], .toggleChart, "chart: params / MACs per layer", .views, hint: "chart"),
        KeyBinding([.char("c")], .compare, "compare VGG-11/13/16/19 and yours", .views, hint: "compare"),
        KeyBinding([.char("r")], .run, "time a forward pass of this network", .views, hint: "run"),
        KeyBinding([.char("R")], .runAll, "time all four presets (for compare)", .views, hint: "run all four"),
        KeyBinding([.escape], .back, "cancel a run, close a view or prompt", .views, hint: "back"),

        KeyBinding([.char("e")], .export, "export summary (and comparison) as markdown", .files, hint: "export"),
        KeyBinding([.char("s")], .save, "save the architecture as preset JSON", .files, hint: "save"),
        KeyBinding([.char("?"), .char("h")], .help, "show this help", .files, hint: "help"),
        KeyBinding([.char("q")], .quit, "quit (asks when there are unsaved edits)", .files, hint: "quit"),
        KeyBinding([.ctrl("c")], .forceQuit, "quit now", .files),
    ])
}
