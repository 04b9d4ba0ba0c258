import VGGCore
import XCTest
@testable import VGGTUI

final class LayerDetailRoofLineTests: XCTestCase {
    /// The detail pane's roof line gives up words, never figures, as the pane narrows.
    func testRoofLineShortensToFit() {
        let t = LayerTime(name: "x", milliseconds: 1, gflops: 10, algorithm: "gemm",
                          intensity: 5.2869, roofGFLOPs: 20, roofPercent: 50)
        XCTAssertEqual(LayerDetailPane.roofLine(t, room: 42), "50% of 20.0 GFLOP/s · intensity 5.3 FLOP/B")
        XCTAssertEqual(LayerDetailPane.roofLine(t, room: 41), "50% of 20.0 GFLOP/s · 5.3 FLOP/B")
        XCTAssertEqual(LayerDetailPane.roofLine(t, room: 31), "50% of 20.0 · 5.3 FLOP/B")
        XCTAssertNil(LayerDetailPane.roofLine(LayerTime(name: "p", milliseconds: 1, gflops: nil), room: 80))
    }
}
