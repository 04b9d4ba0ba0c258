import VGGCore
import XCTest

/// Impossible architectures and malformed notation end in a message that says how to fix them.
final class ValidationTests: XCTestCase {
    func message(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> SpecError? {
        do {
            try body()
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch let error as SpecError {
            return error
        } catch {
            XCTFail("expected a SpecError, got \(error)", file: file, line: line)
            return nil
        }
    }

    func testSpatialSizeReachingZeroNamesTheBlock() throws {
        var spec = VGGSpec.vgg11
        spec.input = InputShape(channels: 3, height: 16, width: 16)
        let e = message { _ = try ModelSummary(spec: spec) }
        XCTAssertEqual(e?.message, "block 5 pool: 1x1 -> 0x0; input must be at least 32x32 for 5 blocks")
        XCTAssertEqual(e?.blockIndex, 4)
    }

    func testNonSquareTooSmall() {
        var spec = VGGSpec.vgg11
        spec.input = InputShape(channels: 3, height: 224, width: 20)
        let e = message { _ = try ModelSummary(spec: spec) }
        XCTAssertEqual(e?.message, "block 5 pool: 14x1 -> 7x0; input must be at least 32x32 for 5 blocks")
    }

    func testZeroAndNegativeCounts() {
        let cases: [(VGGSpec, String)] = [
            (with { $0.blocks[1].convs = 0 }, "block 2: needs at least 1 convolution, got 0"),
            (with { $0.blocks[2].channels = -4 }, "block 3: needs at least 1 channel, got -4"),
            (with { $0.classes = 0 }, "classes must be at least 1, got 0"),
            (with { $0.classifier = [4096, 0] }, "classifier layer 2: width must be at least 1, got 0"),
            (with { $0.input.batch = 0 }, "batch must be at least 1, got 0"),
            (with { $0.input.channels = 0 }, "input channels must be at least 1, got 0"),
            (with { $0.blocks = [] }, "a VGG needs at least one block; add one like 1x64"),
            (with { $0.dropout = 1 }, "dropout must be in [0, 1), got 1.0"),
        ]
        for (spec, expected) in cases {
            XCTAssertEqual(message { _ = try ModelSummary(spec: spec) }?.message, expected)
        }
    }

    func testOverflowIsAMessageNotATrap() {
        // Every value at its SpecLimits bound, yet the MACs pass 2^63: limits keep sizes sane, Checked keeps them exact.
        let spec = with {
            $0.blocks = [Block(convs: 1, channels: SpecLimits.channels)]
            $0.input = InputShape(batch: SpecLimits.batch, channels: 3, height: SpecLimits.inputSide, width: SpecLimits.inputSide)
        }
        let e = message { _ = try ModelSummary(spec: spec) }
        XCTAssertTrue(e?.message.contains("overflows a 64-bit count") == true, e?.message ?? "")
        let huge = with { $0.input = InputShape(batch: 1 << 40, channels: 3, height: 1 << 20, width: 1 << 20) }
        XCTAssertNotNil(message { _ = try ModelSummary(spec: huge) })
    }

    func testNotation() throws {
        XCTAssertEqual(try Notation.blocks("1x64, 2x128"), [Block(convs: 1, channels: 64), Block(convs: 2, channels: 128)])
        XCTAssertEqual(try Notation.input("3x224x224"), InputShape(channels: 3, height: 224, width: 224))
        XCTAssertEqual(try Notation.input("2x1x32x48"), InputShape(batch: 2, channels: 1, height: 32, width: 48))
        XCTAssertEqual(try Notation.widths("none"), [])
        XCTAssertEqual(try Notation.widths("4096,1024"), [4096, 1024])
        XCTAssertEqual(message { _ = try Notation.blocks("1x64,abc") }?.message,
                       "malformed blocks '1x64,abc': block 2 'abc': malformed block 'abc': expected NxC (N 3x3 convs of C channels), "
                       + "NxCkK (kernel K: 1, 3, 5, 7, ...) or lrn, joined by +, e.g. 3x256 or 2x256+1x256k1; "
                       + "expected comma-separated blocks like 1x64,1x128,2x256,2x512,2x512 or 2x256+1x256k1")
        XCTAssertEqual(message { _ = try Notation.input("224x224") }?.message,
                       "malformed input '224x224': expected CxHxW like 3x224x224, or NxCxHxW like 1x3x224x224")
        XCTAssertNotNil(message { _ = try Notation.widths("4096;4096") })
        XCTAssertNotNil(message { _ = try Notation.block("3x") })
    }

    func testUnknownPresetListsTheKnownOnes() {
        let e = message { _ = try Presets.load("vgg12") }
        XCTAssertEqual(e?.message, "unknown preset 'vgg12'; known presets: vgg11, vgg13, vgg16, vgg19, vgg11_bn, vgg13_bn, "
                       + "vgg16_bn, vgg19_bn, d2l-vgg11, vgg-a, vgg-a-lrn, vgg-b, vgg-c, vgg-d, vgg-e, alexnet, d2l-alexnet, "
                       + "or give a path to a .json file")
    }

    func testPresetNamesForgiveCaseAndSeparators() {
        XCTAssertEqual(Presets.named("VGG-16")?.name, "vgg16")
        XCTAssertEqual(Presets.named("vgg16-bn")?.name, "vgg16_bn")
        XCTAssertEqual(Presets.named("d2l_vgg11")?.name, "d2l-vgg11")
    }

    func testMalformedPresetJSONNamesFileFieldAndReason() {
        func load(_ text: String) -> String? {
            message { _ = try VGGSpec(json: Data(text.utf8), source: "my.json", defaultName: "my") }?.message
        }
        XCTAssertEqual(load(#"{"blocks": [[1, 64], [2]]}"#), "my.json: field 'blocks[1]': expected [convs, channels], got 1 numbers")
        XCTAssertEqual(load(#"{"classes": "ten"}"#), "my.json: field 'classes': expected an integer, got \"ten\"")
        XCTAssertEqual(load(#"{"head": "maxpool"}"#), "my.json: field 'head': expected \"avgpool7\" or \"flatten\", got \"maxpool\"")
        XCTAssertEqual(load(#"{"batch_norm": 1}"#), "my.json: field 'batch_norm': expected true or false, got 1")
        XCTAssertEqual(load(#"{"clases": 10}"#),
                       "my.json: field 'clases': unknown field; known fields: name, input, blocks, batch_norm, head, classifier, dropout, classes, layers, names")
        XCTAssertEqual(load(#"{"input": [224, 224]}"#), "my.json: field 'input': expected [C, H, W] or [N, C, H, W], got 2 numbers")
        XCTAssertEqual(load(#"{"blocks": [[1, 0]]}"#), "my.json: block 1: needs at least 1 channel, got 0")
        XCTAssertTrue(load(#"{"blocks": [[1, 64]"#)?.hasPrefix("my.json: not valid JSON") == true)
        XCTAssertEqual(load("[1, 2]"), "my.json: expected a JSON object like presets/vgg11.json")
    }

    func testPresetFileErrors() {
        XCTAssertTrue(message { _ = try Presets.load("/nonexistent/x.json") }?.message
            .hasPrefix("/nonexistent/x.json: no such preset file") == true)
    }

    private func with(_ edit: (inout VGGSpec) -> Void) -> VGGSpec {
        var spec = VGGSpec.vgg11
        edit(&spec)
        return spec
    }
}

import Foundation
