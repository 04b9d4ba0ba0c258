/// A one-line question at the bottom of the screen: what it edits, the text, and the last
/// parse error (the prompt stays open until the input is accepted or Esc).
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case block(Int)
        case input
        case classifier
        case classes
        case exportPath
        case savePath
    }

    public var kind: Kind
    public var field: TextField
    public var error: String?
    /// Only for `.exportPath`: what the export writes (Tab cycles).
    public var exportFormat: ExportFormat = .markdown

    public init(kind: Kind, initial: String) {
        self.kind = kind
        field = TextField(initial, selected: true)
    }

    public var title: String {
        switch kind {
        case .block(let i): "Block \(i + 1): convs x channels"
        case .input: "Input: CxHxW or NxCxHxW"
        case .classifier: "Classifier hidden widths (comma-separated, or none)"
        case .classes: "Number of classes"
        case .exportPath: "Export \(exportFormat.label) to"
        case .savePath: "Save preset JSON to"
        }
    }

    public var example: String {
        switch kind {
        case .block: "e.g. 3x256"
        case .input: "e.g. 3x224x224"
        case .classifier: "e.g. 4096,4096"
        case .classes: "e.g. 1000"
        case .exportPath: "writes " + exportFormat.files(for: field.string.trimmingSpaces).joined(separator: " and ")
        case .savePath: "e.g. presets/mine.json (p lists presets/)"
        }
    }
}
