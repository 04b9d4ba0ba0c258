import Foundation
@testable import VGGCore
import XCTest

/// A comparison holding AlexNet labelled its layer list "Blocks".
final class ComparisonLayerListLabelTests: XCTestCase {
    func testLayerListRowIsNamedAsLayers() throws {
        let vgg = try ModelSummary(spec: Presets.load("vgg11"))
        let alex = try ModelSummary(spec: Presets.load("alexnet"))
        let mixed = Comparison([vgg, alex]).table()
        XCTAssertEqual(mixed.rows[1].cells.first, "Blocks / layers")
        XCTAssertTrue(mixed.rows[1].cells.last?.contains("c64k11s4p2") == true, "\(mixed.rows[1].cells)")
        XCTAssertEqual(Comparison([vgg]).table().rows[1].cells.first, "Blocks")
    }
}
