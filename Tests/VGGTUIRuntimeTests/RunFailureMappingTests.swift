import VGGCore
import VGGRuntime
import VGGTUI
import VGGTUIRuntime
import XCTest

/// The runtime's errors become plain values the explorer phrases for its keys; flags are the CLI's to add.
final class RunFailureMappingTests: XCTestCase {
    func testEveryRuntimeErrorMapsWithoutFlagAdvice() throws {
        var estimate = MemoryEstimate()
        estimate.weightBytes = 600_000_000
        estimate.activationBytes = 1_700_000_000
        let errors: [RuntimeError] = [
            .insufficientMemory(estimate: estimate, availableBytes: 1_000_000_000), .invalidThreads(0),
            .inputSizeMismatch(expected: [1, 3, 224, 224], foundCount: 12), .unsupportedLayer(name: "features.3", reason: "no kernel"),
            .sizeOverflow("activation buffers"), .cancelled(completedLayers: 2, totalLayers: 9),
        ]
        for error in errors {
            let failure = RunFailure(error)
            XCTAssertFalse(failure.message.contains("--"), "\(error) -> \(failure.message)")
        }
        for error in errors {
            XCTAssertFalse(error.description.contains("--"), "the runtime's own wording names no front end's flags: \(error)")
        }
        XCTAssertEqual(RunFailure(.insufficientMemory(estimate: estimate, availableBytes: 1_000_000_000)),
                       .insufficientMemory(neededBytes: 2_300_000_000, availableBytes: 1_000_000_000, breakdown: estimate.breakdown))
        XCTAssertEqual(RunFailure(.sizeOverflow("activation buffers")), .tooLarge(what: "activation buffers"))
        XCTAssertEqual(RunFailure(.cancelled(completedLayers: 2, totalLayers: 9)), .cancelled)
        XCTAssertEqual(RunFailure(.unsupportedLayer(name: "f", reason: "r")), .unsupportedLayer(name: "f", reason: "r"))
    }
}
