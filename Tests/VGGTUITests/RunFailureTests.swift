import VGGCore
import XCTest
@testable import VGGTUI

/// Runtime failures reach the status line in the explorer's terms: its keys, never the CLI's flags.
final class RunFailureTests: XCTestCase {
    func testMemoryRefusalNamesTheKeysThatShrinkTheModel() {
        let failure = RunFailure.insufficientMemory(neededBytes: 2_300_000_000, availableBytes: 1_000_000_000,
                                                    breakdown: "weights 553.4 MB + activations 1.7 GB")
        XCTAssertEqual(failure.message, "this model needs about 2.30 GB (weights 553.4 MB + activations 1.7 GB), only 1.00 GB"
            + " is available; shrink the input (i), the channels (< or /) or the classifier (f), or free memory")
    }

    func testEveryFailureIsPhrasedWithoutFlags() {
        let failures: [RunFailure] = [
            .cancelled, .insufficientMemory(neededBytes: 10, availableBytes: 5, breakdown: "weights 10 B"),
            .tooLarge(what: "the activation buffers"), .unsupportedLayer(name: "features.3", reason: "no kernel"),
            .other("no forward-pass engine in this build"),
        ]
        for failure in failures {
            XCTAssertFalse(failure.message.contains("--"), failure.message)
            XCTAssertFalse(failure.message.isEmpty)
        }
        XCTAssertTrue(RunFailure.tooLarge(what: "x").message.hasSuffix("shrink the input (i) or the channels (< or /)"))
    }

    /// The reducer phrases the failure of the run on screen, and a batch (`R`) stops there.
    func testAFailedRunShowsTheExplorersAdviceAndEndsTheBatch() {
        var s = vgg11State()
        let effects = press(&s, .char("R"))
        guard case .startRun(let request)? = effects.first else { return XCTFail("R starts a run: \(effects)") }
        send(&s, .runFailed(id: request.id, .tooLarge(what: "the input")))
        XCTAssertNil(s.run)
        XCTAssertTrue(s.runQueue.isEmpty)
        XCTAssertEqual(s.message?.isError, true)
        XCTAssertEqual(s.message?.text, "\(request.label): run failed: the input is too large to address;"
            + " shrink the input (i) or the channels (< or /)")
    }
}
