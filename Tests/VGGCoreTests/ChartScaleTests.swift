import Foundation
@testable import VGGCore
import XCTest

/// The markdown export's bar charts were always in millions: a small network's bars all read 0.000.
final class ChartScaleTests: XCTestCase {
    func testUnitFollowsTheLargestBar() {
        XCTAssertEqual(ChartScale([80, 90], top: .millions).unit, .ones)
        XCTAssertEqual(ChartScale([80, 36_480], top: .millions).unit, .thousands)
        XCTAssertEqual(ChartScale([1, 1_000_000], top: .millions).unit, .millions)
        XCTAssertEqual(ChartScale([15_483_821_032], top: .millions).unit, .millions, "never past top")
        XCTAssertEqual(ChartScale([15_483_821_032], top: .billions).unit, .billions)
        XCTAssertEqual(ChartScale([], top: .millions).unit, .ones)
    }

    func testTinyNetworkChartsShowItsCounts() throws {
        let spec = VGGSpec(name: "tiny", input: InputShape(batch: 2, channels: 1, height: 37, width: 23),
                           layers: try Notation.layers("conv 8 k3 s2 p1, relu, maxpool k3 s1, lrn 3, avgpool 1, flatten, linear 10"))
        let md = SummaryReport.markdown(try ModelSummary(spec: spec))
        XCTAssertTrue(md.contains("title \"Params per layer (count)\""), md)
        XCTAssertTrue(md.contains("bar [80, 90]"), md)
        XCTAssertTrue(md.contains("title \"MACs per layer (thousands, torchinfo mult-adds)\""), md)
        XCTAssertTrue(md.contains("bar [36.480, 0.180]"), md)
        let vgg = SummaryReport.markdown(try ModelSummary(spec: Presets.load("vgg16")))
        XCTAssertTrue(vgg.contains("title \"Params per layer (millions)\""))
        XCTAssertTrue(vgg.contains("y-axis \"MACs (M)\""))
    }
}
