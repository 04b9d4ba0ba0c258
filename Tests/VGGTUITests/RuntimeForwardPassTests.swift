import VGGCore
import VGGTUI
import XCTest

/// The real engine behind `r`, on a small network: a cancel is reported as a cancel.
final class RuntimeForwardPassTests: XCTestCase {
    let spec = VGGSpec(name: "small", input: InputShape(channels: 3, height: 32, width: 32),
                       blocks: [Block(convs: 1, channels: 8), Block(convs: 1, channels: 16)],
                       head: .flatten, classifier: [32], classes: 4)

    func testCancelDuringLoadingIsACancelNotAFailure() {
        XCTAssertThrowsError(try RuntimeForwardPass().run(spec, progress: { _, _, _ in }, isCancelled: { true })) { error in
            XCTAssertTrue(error is ForwardPassCancelled, "got \(error)")
        }
    }

    func testCancelMidPassIsACancelNotAFailure() {
        final class Flag: @unchecked Sendable { var forwardStarted = false }
        let flag = Flag()
        let pass = RuntimeForwardPass()
        XCTAssertThrowsError(try pass.run(spec, progress: { _, _, name in
            if !name.hasPrefix("loading") { flag.forwardStarted = true }
        }, isCancelled: { flag.forwardStarted })) { error in
            XCTAssertTrue(error is ForwardPassCancelled, "got \(error)")
        }
    }

    func testACompletedPassTimesEveryLayer() throws {
        let result = try RuntimeForwardPass().run(spec, progress: { _, _, _ in }, isCancelled: { false })
        let summary = try ModelSummary(spec: spec)
        XCTAssertEqual(result.layers.map(\.name), summary.layers.map(\.name))
        XCTAssertGreaterThan(result.totalMilliseconds, 0)
    }
}
