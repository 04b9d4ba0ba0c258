import VGGCore

/// Everything the screen shows. A plain value: the reducer changes it, views read it.
public struct AppState: Equatable, Sendable {
    public enum Pane: Equatable, Sendable { case blocks, layers }
    public enum Screen: Equatable, Sendable { case main, compare, counters, help, explain }
    public enum ChartMetric: Equatable, Sendable { case params, macs }

    /// Where the current architecture was loaded from or last saved to.
    public enum Origin: Equatable, Sendable {
        case preset(String)
        case file(String)

        public var label: String {
            switch self {
            case .preset(let name): name
            case .file(let path): path
            }
        }
    }

    public struct Message: Equatable, Sendable {
        public var text: String
        public var isError: Bool
        public init(_ text: String, isError: Bool = false) {
            self.text = text
            self.isError = isError
        }
    }

    /// An undo step: the spec and where the selection was.
    public struct Snapshot: Equatable, Sendable {
        public var spec: VGGSpec
        public var selectedBlock: Int
    }

    /// The architecture as edited; may be invalid (then `specError` says why).
    public internal(set) var spec: VGGSpec
    /// Figures of the last valid spec: they stay on screen while an edit is invalid.
    public internal(set) var summary: ModelSummary
    public internal(set) var specError: SpecError?
    public internal(set) var origin: Origin
    /// The spec as last loaded or saved: `isModified` compares against it.
    public internal(set) var savedSpec: VGGSpec
    public internal(set) var undoStack: [Snapshot] = []
    public internal(set) var redoStack: [Snapshot] = []

    public internal(set) var selectedBlock = 0
    public internal(set) var focus: Pane = .blocks
    /// First visible row of the layers pane.
    public internal(set) var layerScroll = 0
    /// The layers pane's cursor (a row index of `LayerRow.rows`), used while that pane has focus.
    public internal(set) var layerCursor = 1
    public internal(set) var chart: ChartMetric = .params
    /// Whose rule fills the MACs figures of the totals, chart and layer table (`C` cycles).
    public internal(set) var counting: CountingTool = .default
    public internal(set) var screen: Screen = .main
    public internal(set) var modal: Modal?
    public internal(set) var message: Message?
    public internal(set) var width: Int
    public internal(set) var height: Int

    /// The four presets of the paper, summarized once for the compare view.
    public let comparison: [ModelSummary]
    public internal(set) var presetChoices: [PresetChoice]

    public internal(set) var run: RunProgress?
    public internal(set) var runQueue: [RunRequest] = []
    public internal(set) var nextRunID = 1
    /// Size of the batch the current run belongs to (4 for `R`).
    public internal(set) var batchCount = 0
    /// Measured forward passes, by the exact spec that ran.
    public internal(set) var timings: [VGGSpec: RunResult] = [:]

    public internal(set) var shouldQuit = false
    /// The compare view shows torchvision's AlexNet as a column too (`a` there).
    public internal(set) var compareAlexNet = false
    /// Blocks as they were before `w` made them one big kernel, so `w` again restores a mixed block exactly.
    public internal(set) var whatIfOriginals: [Int: Block] = [:]
    /// torchvision's AlexNet, summarized once for the compare view.
    public let alexNet: ModelSummary? = Presets.named("alexnet").flatMap { try? ModelSummary(spec: $0) }
    /// The files of the export in flight, and those written so far (one message names them all).
    public internal(set) var exportBatch: ExportBatch?

    /// What the last edit, undo or redo changed; its rows stay marked until the next one.
    public internal(set) var lastDelta: SummaryDelta?
    /// Which columns the layer table shows (`v` cycles).
    public internal(set) var columnSet: ColumnSet = .all
    /// The layer table folded to one row per block (`B`).
    public internal(set) var foldBlocks = false
    /// The compare view re-evaluates the presets at the edited network's input and batch (`i` there).
    public internal(set) var compareAtYourInput = false
    /// Where saves go by default and what the preset chooser lists.
    public internal(set) var presetDirectory: String
    /// First line shown of the explanations page.
    public internal(set) var explainScroll = 0

    public static let minWidth = 80
    public static let minHeight = 24

    /// Opens on a valid spec (loaded by the caller, which reports load errors itself).
    public init(spec: VGGSpec, origin: Origin, presetChoices: [PresetChoice] = AppState.builtInChoices,
                presetDirectory: String = "presets", width: Int = 100, height: Int = 30) throws(SpecError) {
        self.presetDirectory = presetDirectory
        self.spec = spec
        summary = try ModelSummary(spec: spec)
        self.origin = origin
        savedSpec = spec
        self.presetChoices = presetChoices
        self.width = width
        self.height = height
        message = Message("? lists every key · q quits")
        comparison = Presets.paperFour.compactMap { name in
            Presets.named(name).flatMap { try? ModelSummary(spec: $0) }
        }
    }

    public static var builtInChoices: [PresetChoice] {
        Presets.names.map { PresetChoice(label: $0, source: .builtIn($0)) }
    }

    public var isModified: Bool { spec != savedSpec }
    public var isTooSmall: Bool { width < Self.minWidth || height < Self.minHeight }
    /// The measured pass of exactly the spec on screen, if any.
    public var currentTiming: RunResult? { specError == nil ? timings[spec] : nil }
    public var isRunning: Bool { run != nil }

    /// The block the error points at, when the current spec is invalid.
    public var errorBlock: Int? { specError?.blockIndex }

    /// `./vgg11-summary.md`: the export prompt's default.
    public var defaultExportPath: String { "./\(fileStem)-summary.md" }
    /// `presets/NAME.json` (so `p` finds it again); an edited built-in gets `-custom` in its name and file.
    public var defaultSavePath: String {
        if case .file(let path) = origin { return path }
        return Self.join(presetDirectory, OutputPaths.fileStem(saveName) + ".json")
    }

    /// The name a save gives the network when the file name does not say otherwise.
    var saveName: String {
        if case .preset(let preset) = origin, isModified, spec.name == preset { return spec.name + "-custom" }
        return spec.name
    }

    /// The same sanitised stem the CLI's `export` uses: a preset's name never steers a write elsewhere.
    var fileStem: String { OutputPaths.fileStem(spec.name) }

    static func join(_ directory: String, _ file: String) -> String {
        directory.isEmpty || directory == "." ? file : (directory.hasSuffix("/") ? directory + file : directory + "/" + file)
    }

    /// The layer table's rows as shown (per layer, or folded by block).
    public var layerRows: [LayerRow] { LayerRow.rows(for: summary, folded: foldBlocks) }

    /// The four presets as the compare view shows them: at their own input, or re-evaluated at yours
    /// (nil where a preset cannot take your input, e.g. too small for its five pools).
    public var comparedSummaries: [ModelSummary?] {
        guard compareAtYourInput else { return comparison.map { $0 } }
        return comparison.map { s in
            var spec = s.spec
            spec.input = self.spec.input
            return try? ModelSummary(spec: spec)
        }
    }
}
