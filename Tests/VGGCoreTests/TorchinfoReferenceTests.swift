import VGGCore
import XCTest

/// Every row and total against torchinfo 1.8.0 (shared/reference/torchinfo.json), to the unit.
final class TorchinfoReferenceTests: XCTestCase {
    func testOracleHasTheFiveConfigurations() {
        XCTAssertEqual(Oracle.entries.map(\.key), ["d2l-vgg11", "vgg11", "vgg13", "vgg16", "vgg19"])
    }

    func testEveryLayerRowMatchesTorchinfo() throws {
        for entry in Oracle.entries {
            let s = try XCTUnwrap(ModelSummary.of(entry.spec))
            assertRowsMatchTorchinfo(s, entry.layers, entry.key)
        }
    }

    func testTotalsMatchTorchinfo() throws {
        for entry in Oracle.entries {
            let s = try XCTUnwrap(ModelSummary.of(entry.spec))
            assertTotalsMatchTorchinfo(s, entry.totals, entry.key)
        }
    }

    func testPublishedParamCounts() throws {
        let expected = ["vgg11": 132_863_336, "vgg13": 133_047_848, "vgg16": 138_357_544, "vgg19": 143_667_240]
        for (name, params) in expected {
            let s = try XCTUnwrap(ModelSummary.of(try Presets.load(name)))
            XCTAssertEqual(s.totals.params, params, name)
        }
    }

    func testReceptiveFieldAtLastPool() throws {
        let expected = ["vgg11": 150, "vgg13": 156, "vgg16": 212, "vgg19": 268]
        for (name, rf) in expected {
            let s = try XCTUnwrap(ModelSummary.of(try Presets.load(name)))
            XCTAssertEqual(s.receptiveFieldAtLastPool, rf, name)
            // Batch norm changes nothing spatially.
            let bn = try XCTUnwrap(ModelSummary.of(try Presets.load(name + "_bn")))
            XCTAssertEqual(bn.receptiveFieldAtLastPool, rf, name + "_bn")
        }
    }

    func testPresetsAreTheOracleConfigurations() throws {
        for entry in Oracle.entries {
            var preset = try Presets.load(entry.key)
            preset.name = entry.spec.name
            XCTAssertEqual(preset, entry.spec, entry.key)
        }
    }

    func testBatchNormTwinsAddGammaAndBetaPerChannel() throws {
        for name in Presets.paperFour {
            let plain = try XCTUnwrap(ModelSummary.of(try Presets.load(name)))
            let bn = try XCTUnwrap(ModelSummary.of(try Presets.load(name + "_bn")))
            let channels = plain.spec.blocks.reduce(0) { $0 + $1.convs * $1.channels }
            XCTAssertEqual(bn.totals.params - plain.totals.params, 2 * channels, name)
            XCTAssertEqual(bn.layers.count - plain.layers.count, plain.convLayers, name)
        }
        // torchvision's published _bn counts.
        let published = ["vgg11_bn": 132_868_840, "vgg13_bn": 133_053_736, "vgg16_bn": 138_365_992, "vgg19_bn": 143_678_248]
        for (name, params) in published {
            XCTAssertEqual(try ModelSummary(spec: Presets.load(name)).totals.params, params, name)
        }
    }
}
