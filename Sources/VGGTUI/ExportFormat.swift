import VGGCore

/// What `e` writes: the markdown summary, the markdown with the SVG diagram beside it, or the SVG alone.
public enum ExportFormat: CaseIterable, Equatable, Sendable {
    case markdown, markdownAndSVG, svg

    public var label: String {
        switch self {
        case .markdown: "markdown"
        case .markdownAndSVG: "markdown + SVG"
        case .svg: "SVG only"
        }
    }

    /// The files written for the typed path, in the order they are written (the picture first,
    /// so the markdown never links to a missing file).
    public func files(for path: String) -> [String] {
        switch self {
        case .markdown, .svg: [path]
        case .markdownAndSVG: [SummaryReport.diagramPath(besideMarkdown: path), path]
        }
    }

    /// The path when the format changes: `.md` and `.svg` swap, anything else stays as typed.
    public func adjust(_ path: String) -> String {
        let lower = path.lowercased()
        switch self {
        case .markdown, .markdownAndSVG:
            return lower.hasSuffix(".svg") ? String(path.dropLast(4)) + ".md" : path
        case .svg:
            return lower.hasSuffix(".md") ? String(path.dropLast(3)) + ".svg" : path
        }
    }

    func next(by step: Int) -> ExportFormat {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + step + all.count) % all.count]
    }
}

extension Prompt {
    /// Tab / arrows in the export prompt: the next format, the path's extension following it.
    mutating func cycleExportFormat(by step: Int) {
        exportFormat = exportFormat.next(by: step)
        field = TextField(exportFormat.adjust(field.string))
    }
}

/// An export's files: all of them, and those the runner reported written.
public struct ExportBatch: Equatable, Sendable {
    public var files: [String]
    public var written: [String] = []
    /// The first failure: later successes must not hide it.
    public var failure: String?
}
