import VGGCore
import XCTest
@testable import VGGTUI

/// Runs, exports and saves as effects out and actions back, without kernels or files.
final class EffectFlowTests: XCTestCase {
    func testRunIsAnEffectWhoseProgressAndResultComeBackAsActions() {
        var s = vgg11State()
        let effects = press(&s, .char("r"))
        guard case .startRun(let request)? = effects.first else { return XCTFail("r starts a run") }
        XCTAssertEqual(request.spec, .vgg11)
        XCTAssertTrue(s.isRunning)
        send(&s, .runProgress(id: request.id, completed: 7, total: 30, layer: "features.6"))
        XCTAssertEqual(s.run?.completed, 7)
        press(&s, .char("+"))
        XCTAssertTrue(s.isRunning, "editing while a run goes on is fine")
        press(&s, .char("u"))
        let layers = s.summary.layers.map { LayerTime(name: $0.name, milliseconds: 1, gflops: nil) }
        send(&s, .runFinished(id: request.id, RunResult(layers: layers)))
        XCTAssertFalse(s.isRunning)
        XCTAssertEqual(s.currentTiming?.totalMilliseconds, 30)
        press(&s, .char("+"))
        XCTAssertNil(s.currentTiming, "timings belong to the exact spec that ran")
    }

    func testEscCancelsARunAndStaleActionsAreIgnored() {
        var s = vgg11State()
        press(&s, .char("r"))
        let effects = press(&s, .escape)
        XCTAssertEqual(effects, [.cancelRun(id: 1)])
        send(&s, .runCancelled(id: 1))
        XCTAssertFalse(s.isRunning)
        send(&s, .runProgress(id: 1, completed: 3, total: 30, layer: "x"))
        XCTAssertNil(s.run)
    }

    func testRunAllTimesTheFourPresetsOneAfterAnother() {
        var s = vgg11State()
        var effects = press(&s, .char("c"), .char("R"))
        var ran: [String] = []
        while case .startRun(let request)? = effects.first {
            ran.append(request.spec.name)
            XCTAssertEqual(s.run?.batchCount, 4)
            effects = send(&s, .runFinished(id: request.id, RunResult(layers: [], totalMilliseconds: 10)))
        }
        XCTAssertEqual(ran, ["vgg11", "vgg13", "vgg16", "vgg19"])
        XCTAssertEqual(s.timings.count, 4)
        XCTAssertNotNil(s.currentTiming, "the unedited vgg11 is the same spec as the preset")
    }

    func testRunOfAnInvalidSpecIsRefused() {
        var s = vgg11State()
        press(&s, .char("-"))
        XCTAssertEqual(press(&s, .char("r")), [])
        XCTAssertEqual(s.message?.isError, true)
    }

    func testExportWritesTheCoreMarkdownToTheDefaultPath() {
        var s = vgg11State()
        press(&s, .char("e"))
        guard case .prompt(let prompt)? = s.modal else { return XCTFail("e opens a path prompt") }
        XCTAssertEqual(prompt.field.string, "./vgg11-summary.md")
        let effects = press(&s, .enter)
        guard case .write(let write)? = effects.first else { return XCTFail("Enter writes") }
        XCTAssertEqual(write.kind, .export)
        XCTAssertEqual(write.contents, SummaryReport.markdown(s.summary), "the core's renderer, unchanged")
        XCTAssertTrue(write.contents.contains("132,863,336"))
        send(&s, .fileWritten(write))
        XCTAssertEqual(s.message?.text, "exported ./vgg11-summary.md")
    }

    func testExportFromTheCompareViewAddsTheComparison() {
        var s = vgg11State()
        let effects = press(&s, .char("c"), .char("e"), .enter)
        guard case .write(let write)? = effects.first else { return XCTFail("Enter writes") }
        XCTAssertTrue(write.contents.contains("## Comparison\n\n| Metric | vgg11 | vgg13 | vgg16 | vgg19 | vgg11 |"), write.contents)
        XCTAssertTrue(write.contents.contains("143,667,240"))
        XCTAssertEqual(write.contents.components(separatedBy: "Counting rules").count, 2, "the rules once")
        XCTAssertTrue(write.contents.hasPrefix(SummaryReport.markdown(s.summary).components(separatedBy: "\n---\n")[0]))
    }

    func testExportAfterARunAddsTheMeasuredPass() {
        var s = vgg11State()
        guard case .startRun(let request)? = press(&s, .char("r")).first else { return XCTFail("run") }
        send(&s, .runFinished(id: request.id, ScreenSnapshotTests.fakeTiming(s.summary)))
        guard case .write(let write)? = press(&s, .char("e"), .enter).first else { return XCTFail("write") }
        XCTAssertTrue(write.contents.contains("## Forward pass (measured)"))
        XCTAssertTrue(write.contents.contains("| Layer | Kind | ms | GFLOP/s | FLOP/B | roof GFLOP/s | % roof | Algorithm |"), write.contents)
        // 179,830,784 FLOPs / 13,454,336 bytes = 13.4 FLOP/B; roof min(150, 13.37 x 20) = 150; 100 GFLOP/s = 67%.
        XCTAssertTrue(write.contents.contains("| features.0 | Conv2d | 1.798 | 100.0 | 13.4 | 150.0 | 67% | gemm |"), write.contents)
        XCTAssertTrue(write.contents.contains("| features.1 | ReLU | 0.000 |  |  |  |  | fused into features.0 |"), write.contents)
        XCTAssertTrue(write.contents.contains("Machine: GEMM peak 150.0 GFLOP/s, memory bandwidth 20.0 GB/s"), write.contents)
        XCTAssertTrue(write.contents.contains("so Winograd layers can exceed 100% of the roof"), "the counting rule is stated")
        XCTAssertTrue(write.contents.contains("roof = min(GEMM peak, intensity x bandwidth)"))
        XCTAssertTrue(write.contents.hasSuffix("Generated by vggscope \(Version.current).\n"), "the footer stays last")
    }

    func testExportedComparisonNamesAnEditedPresetAsEdited() {
        var s = vgg11State()
        guard case .write(let write)? = press(&s, .char("+"), .char("c"), .char("e"), .enter).first else {
            return XCTFail("write")
        }
        XCTAssertTrue(write.contents.contains("| vgg11 (edited) |"), write.contents)
        XCTAssertTrue(write.contents.hasPrefix("# vgg11 (edited) summary\n"), "the title does not pass the edit off as the preset")
    }

    func testFailedWriteIsShownNotFatal() {
        var s = vgg11State()
        let effects = press(&s, .char("e"))  + { typeIntoPrompt(&s, "/nonexistent/x.md"); return press(&s, .enter) }()
        guard case .write(let write)? = effects.first else { return XCTFail("Enter writes") }
        send(&s, .fileFailed(write, message: "cannot write /nonexistent/x.md: directory /nonexistent does not exist"))
        XCTAssertEqual(s.message?.isError, true)
        XCTAssertFalse(s.shouldQuit)
    }

    func testSaveWritesPresetJSONAndClearsTheModifiedMarker() {
        var s = vgg11State()
        press(&s, .char("+"), .char("s"))
        guard case .prompt(let prompt)? = s.modal else { return XCTFail("s opens a path prompt") }
        XCTAssertEqual(prompt.field.string, "presets/vgg11-custom.json")
        typeIntoPrompt(&s, "presets/mine.json")
        XCTAssertEqual(press(&s, .enter), [], "the file name and the network's name differ: a question first")
        XCTAssertEqual(s.modal, .confirmName(path: "presets/mine.json", stem: "mine"))
        let effects = press(&s, .char("y"))
        guard case .write(let write)? = effects.first, case .preset(let saved) = write.kind else {
            return XCTFail("Enter saves")
        }
        XCTAssertEqual(saved.name, "mine")
        XCTAssertEqual(write.contents, saved.jsonText)
        XCTAssertTrue(write.createsDirectory, "presets/ is created when missing")
        XCTAssertEqual(send(&s, .fileWritten(write)), [.scanPresets(directory: "presets")], "the chooser rescans")
        XCTAssertFalse(s.isModified)
        XCTAssertEqual(s.origin, .file("presets/mine.json"))
        XCTAssertEqual(s.spec.name, "mine")
        press(&s, .char("q"))
        XCTAssertTrue(s.shouldQuit, "nothing unsaved: no question")
    }

    func testEffectRunnerReportsProgressResultAndCancellation() throws {
        let runner = EffectRunner(forwardPass: FakeForwardPass(), clock: { 0 })
        let spec = VGGSpec.vgg11
        runner.perform(.startRun(RunRequest(id: 7, spec: spec, label: "vgg11")))
        let actions = waitForFinal(runner, id: 7)
        XCTAssertTrue(actions.contains(.runProgress(id: 7, completed: 3, total: 3, layer: "c")))
        guard case .runFinished(7, let result)? = actions.last else { return XCTFail("\(actions)") }
        XCTAssertEqual(result.layers.count, 3)

        let slow = EffectRunner(forwardPass: FakeForwardPass(layerDelay: 0.05), clock: EffectRunner.monotonicSeconds)
        slow.perform(.startRun(RunRequest(id: 8, spec: spec, label: "vgg11")))
        slow.perform(.cancelRun(id: 8))
        XCTAssertEqual(waitForFinal(slow, id: 8).last, .runCancelled(id: 8))
    }

    func testEffectRunnerWritesFilesAndReportsErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vggscope-tui-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = EffectRunner(forwardPass: nil)
        let good = FileWrite(kind: .export, path: dir.appendingPathComponent("a.md").path, contents: "# hi\n")
        runner.perform(.write(good))
        var written = good
        written.fullPath = good.path
        XCTAssertEqual(runner.drain(), [.fileWritten(written)])
        XCTAssertEqual(try String(contentsOfFile: good.path, encoding: .utf8), "# hi\n")

        let bad = FileWrite(kind: .export, path: dir.appendingPathComponent("missing/a.md").path, contents: "x")
        runner.perform(.write(bad))
        guard case .fileFailed(bad, let message)? = runner.drain().first else { return XCTFail("error action") }
        XCTAssertTrue(message.contains("does not exist"), message)

        runner.perform(.startRun(RunRequest(id: 1, spec: .vgg11, label: "x")))
        guard case .runFailed(1, _)? = runner.drain().first else { return XCTFail("no engine: a failure, not a hang") }
    }

    private func waitForFinal(_ runner: EffectRunner, id: Int) -> [Action] {
        var all: [Action] = []
        for _ in 0..<400 {
            all += runner.drain()
            if all.contains(where: { if case .runFinished = $0 { true } else if case .runCancelled = $0 { true } else { false } }) {
                return all
            }
            usleep(5_000)
        }
        XCTFail("run \(id) did not finish: \(all)")
        return all
    }
}

/// Three "layers" with optional delays; honours the cancel flag between them like the executor.
struct FakeForwardPass: ForwardPassRunning {
    var layerDelay: Double = 0

    func run(_ spec: VGGSpec, progress: @escaping @Sendable (Int, Int, String) -> Void,
             isCancelled: @escaping @Sendable () -> Bool) throws(RunFailure) -> RunResult {
        var layers: [LayerTime] = []
        for (i, name) in ["a", "b", "c"].enumerated() {
            if isCancelled() { throw .cancelled }
            if layerDelay > 0 { usleep(UInt32(layerDelay * 1e6)) }
            layers.append(LayerTime(name: name, milliseconds: 1, gflops: 2))
            progress(i + 1, 3, name)
        }
        return RunResult(layers: layers)
    }
}
