import Foundation
import VGGCore
import XCTest
@testable import VGGTUI
#if canImport(Glibc)
import Glibc
#endif

/// The TUI's saves and exports against hostile paths and names, and prompts with absurd sizes (issue #10).
final class HostileFileTests: XCTestCase {
    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "vggtui-hostile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// `s`, the path typed, Enter; the write performed by the real effect runner; its outcome sent back.
    func save(_ state: inout AppState, to path: String) -> [Action] {
        press(&state, .char("s"))
        typeIntoPrompt(&state, path)
        var effects = press(&state, .enter)
        // The file name differs from the network's name: keep the name (issue #16's question).
        if case .confirmName? = state.modal { effects = press(&state, .char("n")) }
        XCTAssertEqual(effects.count, 1)
        let runner = EffectRunner(forwardPass: nil)
        runner.perform(effects)
        let actions = runner.drain()
        for action in actions { send(&state, action) }
        return actions
    }

    func testSaveToAFIFOIsRefusedWithAStatusMessage() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(mkfifo(dir + "/p.json", 0o644), 0)
        var s = vgg11State()
        let start = Date()
        let actions = save(&s, to: dir + "/p.json")
        XCTAssertLessThan(Date().timeIntervalSince(start), 2, "never waits on the FIFO")
        guard case .fileFailed(_, let message)? = actions.first else { return XCTFail("expected a failure, got \(actions)") }
        XCTAssertEqual(message, "cannot write \(dir)/p.json: it is a FIFO (named pipe), not a regular file; choose a regular file path")
        XCTAssertEqual(s.message?.isError, true)
        XCTAssertTrue(s.message?.text.contains("not a regular file") == true, s.message?.text ?? "")
        var info = stat()
        lstat(dir + "/p.json", &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
    }

    /// Markdown + SVG to a path that is a FIFO: refused before the picture is written, so no SVG is left behind.
    func testExportBatchToARefusedPathWritesNothing() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(mkfifo(dir + "/a.md", 0o644), 0)
        var s = vgg11State()
        press(&s, .char("e"), .tab)
        typeIntoPrompt(&s, dir + "/a.md")
        let effects = press(&s, .enter)
        XCTAssertEqual(effects.count, 2, "picture and markdown")
        let runner = EffectRunner(forwardPass: nil)
        runner.perform(effects)
        let actions = runner.drain()
        for action in actions { send(&s, action) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a.svg"), "the SVG must not be written")
        XCTAssertEqual(actions.count, 2)
        for action in actions {
            guard case .fileFailed(_, let message) = action else { return XCTFail("expected only failures, got a success") }
            XCTAssertTrue(message.contains("not a regular file"), message)
        }
        XCTAssertEqual(s.message?.isError, true)
        XCTAssertNil(s.exportBatch, "the batch ends with its last file")
    }

    func testSaveWritesThroughASymlinkAndKeepsTheMode() throws {
        let dir = try temporaryDirectory()
        try "{}".write(toFile: dir + "/target.json", atomically: false, encoding: .utf8)
        chmod(dir + "/target.json", 0o600)
        symlink("target.json", dir + "/link.json")
        var s = vgg11State()
        guard case .fileWritten? = save(&s, to: dir + "/link.json").first else { return XCTFail("save failed: \(s.message?.text ?? "")") }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.json"), "target.json")
        let saved = try Presets.file(dir + "/target.json")
        XCTAssertEqual(saved.blocks, VGGSpec.vgg11.blocks)
        var info = stat()
        stat(dir + "/target.json", &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }

    func testHostileNameGivesSafeDefaultPaths() throws {
        var spec = VGGSpec.vgg11
        spec.name = "../victim/notes.txt\u{0}"
        let s = try AppState(spec: spec, origin: .preset(spec.name), width: 100, height: 30)
        XCTAssertEqual(s.defaultExportPath, "./victim-notes.txt-summary.md")
        XCTAssertEqual(s.defaultSavePath, "presets/victim-notes.txt.json")
        spec.name = "\u{1B}[31m"
        let t = try AppState(spec: spec, origin: .preset(spec.name), width: 100, height: 30)
        XCTAssertEqual(t.defaultExportPath, "./31m-summary.md")
    }

    func testAbsurdBlockPromptIsRefusedInstantly() {
        var s = vgg11State()
        press(&s, .enter)
        typeIntoPrompt(&s, "1000000000x8")
        let start = Date()
        press(&s, .enter)
        _ = Renderer.render(s)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
        XCTAssertEqual(s.specError?.message, "block 1: at most 256 convolutions per block, got 1000000000")
        XCTAssertEqual(s.spec.blocks[0].convs, 1_000_000_000, "kept as typed, marked invalid")
    }
}
