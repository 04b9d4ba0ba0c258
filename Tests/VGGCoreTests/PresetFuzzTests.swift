import Foundation
import VGGCore
import VGGTestSupport
import XCTest

/// Random bytes and mutations of valid presets into the preset parser: it must return a spec or throw a
/// `SpecError`, never trap or hang. `VGGSCOPE_FUZZ_ITERATIONS` runs more cases (scripts/fuzz_parsers.sh).
final class PresetFuzzTests: XCTestCase {
    static var iterations: Int { ProcessInfo.processInfo.environment["VGGSCOPE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 4000 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["VGGSCOPE_FUZZ_SEED"].flatMap(UInt64.init) ?? 10 }

    static let seeds: [String] = Presets.all.map(\.jsonText) + [
        #"{"name": "x", "input": "2x3x32x32", "blocks": ["1x8", [2, 16]], "fc": "64,32", "bn": true, "classes": 7, "dropout": 0}"#,
        #"{"input": [1, 64, 64], "blocks": [[1, 4]], "head": "flatten", "classifier": [], "classes": 2}"#,
    ]
    /// Tokens that steer mutations into the parser's edge cases.
    static let tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "-", "0", "1e309", "1.5", "-0",
                         "9223372036854775808", "null", "true", "\"blocks\"", "\"name\"", "\u{1B}", "\u{0}", "ééé", "  "]

    func testRandomAndMutatedPresetsNeverTrap() {
        var rng = SplitMix64(seed: Self.seed)
        let start = Date()
        var accepted = 0
        for i in 0..<Self.iterations {
            var bytes: [UInt8]
            if i % 4 == 0 {
                bytes = rng.bytes(rng.int(below: 200))
            } else {
                bytes = Array(rng.pick(Self.seeds).utf8)
                for _ in 0..<(1 + rng.int(below: 4)) {
                    let at = rng.int(below: bytes.count + 1)
                    switch rng.int(below: 4) {
                    case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                    case 1: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.int(below: 8))) }
                    case 2: bytes.insert(contentsOf: Array(rng.pick(Self.tokens).utf8), at: at)
                    default: if at < bytes.count { bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + rng.int(below: 16))], at: at) }
                    }
                }
            }
            do {
                let spec = try VGGSpec(json: Data(bytes), source: "fuzz.json", defaultName: "fuzz")
                // Accepted specs are within the limits, so a summary is quick (an error is fine: sizes may shrink to 0).
                _ = try? ModelSummary(spec: spec)
                accepted += 1
            } catch {
                XCTAssertFalse(error.message.isEmpty, "seed \(Self.seed) case \(i): empty message")
            }
        }
        XCTAssertGreaterThan(accepted, 0, "seed \(Self.seed): mutations should sometimes stay valid")
        // A hang shows up as a default run far slower than its few seconds.
        if ProcessInfo.processInfo.environment["VGGSCOPE_FUZZ_ITERATIONS"] == nil {
            XCTAssertLessThan(Date().timeIntervalSince(start), 60)
        }
    }
}
