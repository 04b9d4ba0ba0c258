import VGGCore
import VGGTestSupport
import XCTest
@testable import VGGTUI

/// Random key sequences, resizes and run outcomes: the reducer and every screen must survive
/// them, and the invariants the screen relies on must hold after each step.
final class FuzzTests: XCTestCase {
    static let keys: [Key] = Keymap.standard.bindings.flatMap { $0.keys + $0.oppositeKeys }
        + Key.typed("0123456789x,yn +k") + [.left, .right, .backspace, .ctrl("u")]

    func testRandomSessionsNeverBreakTheState() {
        // Mixed blocks (vgg-c) and a layer list (alexnet) start some sessions.
        for (seed, start): (UInt64, String) in [(1, "vgg11"), (2, "vgg11"), (3, "vgg-c"), (42, "alexnet"), (2024, "vgg11")] {
            var rng = SplitMix64(seed: seed)
            var s = try! AppState(spec: Presets.named(start)!, origin: .preset(start))
            for step in 0..<800 {
                let roll = Int.random(in: 0..<100, using: &rng)
                var action: Action
                if roll < 3 {
                    action = .resize(width: Int.random(in: 0...140, using: &rng), height: Int.random(in: 0...50, using: &rng))
                } else if roll < 6, let run = s.run {
                    action = [.runProgress(id: run.request.id, completed: 3, total: 9, layer: "x"),
                              .runFinished(id: run.request.id, RunResult(layers: [], totalMilliseconds: 5)),
                              .runCancelled(id: run.request.id)][Int.random(in: 0..<3, using: &rng)]
                } else {
                    action = .key(Self.keys[Int.random(in: 0..<Self.keys.count, using: &rng)])
                }
                // Quitting ends a session; keep fuzzing from a fresh one instead.
                if case .key(.ctrl("c")) = action { continue }
                s = Reducer.reduce(s, action).0
                if s.shouldQuit { s = vgg11State(width: s.width, height: s.height) }
                let context = "seed \(seed), step \(step), action \(action)"
                XCTAssertTrue(s.spec.blocks.isEmpty || s.spec.blocks.indices.contains(s.selectedBlock), context)
                XCTAssertGreaterThanOrEqual(s.layerScroll, 0, context)
                XCTAssertEqual(s.specError == nil, (try? ModelSummary(spec: s.spec)) != nil, context)
                if s.specError == nil { XCTAssertEqual(s.summary.spec, s.spec, context) }
                let frame = Renderer.render(s)
                XCTAssertEqual(frame.buffer.width, s.width, context)
                if step % 97 == 0 { _ = frame.buffer.text }
            }
        }
    }
}
